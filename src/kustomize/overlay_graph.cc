#include "kustomize/overlay_graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "kustomize/build.h"
#include "kustomize/generators.h"
#include "kustomize/kustomization.h"

namespace fluxlint::kustomize {

namespace {

std::string Display(std::string_view p) { return p.empty() ? "." : std::string(p); }

class GraphBuilder {
 public:
  GraphBuilder(const source::Tree& tree, yaml::ParseCache& cache) : tree_(tree), cache_(cache) {}

  OverlayGraph Run(std::string_view root) {
    std::string r(root);
    while (!r.empty() && r.back() == '/') r.pop_back();
    if (r == ".") r.clear();
    Scan(r, 0);
    // Follow includes (breadth-first, so directories outside `root` join the graph too).
    for (size_t i = 0; i < queue_.size(); ++i) {
      std::string dir = queue_[i];  // Visit may grow queue_
      Visit(dir);
    }
    Finish();
    FindCycles();
    return std::move(graph_);
  }

 private:
  /// Kustomization directories under `dir`.
  void Scan(const std::string& dir, int depth) {
    if (depth > 64) return;
    Result<std::string> file = FindKustomizationFile(tree_, dir);
    if (file.ok() && !file->empty()) Enqueue(dir);
    Result<std::vector<source::DirEntry>> entries = tree_.List(dir);
    if (!entries.ok()) return;
    for (const source::DirEntry& e : *entries) {
      if (e.kind != source::EntryKind::kDirectory) continue;
      Scan(dir.empty() ? e.name : dir + "/" + e.name, depth + 1);
    }
  }

  void Enqueue(const std::string& dir) {
    if (seen_.insert(dir).second) queue_.push_back(dir);
  }

  struct Pending {
    std::string from;
    std::string to;
    OverlayGraph::Node::Kind to_kind;
    OverlayGraph::Edge::Kind kind;
    Span span;
  };

  void Visit(const std::string& dir) {
    Result<std::string> file = FindKustomizationFile(tree_, dir);
    if (!file.ok()) {
      Issue("invalid-field", file.status().message(), Span{});
      kinds_[dir] = OverlayGraph::Node::kKustomization;
      return;
    }
    if (file->empty()) {
      kinds_[dir] = OverlayGraph::Node::kDirectory;
      return;
    }
    Result<std::shared_ptr<const yaml::LoadedFile>> loaded = cache_.Parse(tree_, *file);
    kinds_[dir] = OverlayGraph::Node::kKustomization;
    if (!loaded.ok()) {
      Issue("missing-file", "cannot read '" + *file + "': " + loaded.status().message(), Span{});
      return;
    }
    const yaml::Node* doc = nullptr;
    for (const yaml::Document& d : (*loaded)->documents) {
      if (!d.empty) {
        doc = &d.root;
        break;
      }
    }
    if (doc == nullptr) return;
    std::vector<ModelError> errors;  // reported by the build, not by the graph
    Kustomization k = ParseKustomization(*doc, &errors);
    if (k.IsComponent()) kinds_[dir] = OverlayGraph::Node::kComponent;
    auto add = [&](const Entry& e, OverlayGraph::Edge::Kind kind) {
      Result<std::string> to = source::JoinPath(dir, e.value);
      if (!to.ok()) {
        if (IsRemoteReference(e.value)) {
          pending_.push_back(Pending{dir, e.value, OverlayGraph::Node::kRemote, kind, e.span});
          return;
        }
        Issue("path-escape", "'" + e.value + "' in '" + *file + "' is outside the repository",
              e.span);
        return;
      }
      Result<source::EntryKind> st = tree_.Stat(*to);
      OverlayGraph::Node::Kind to_kind = OverlayGraph::Node::kMissing;
      if (st.ok() && *st == source::EntryKind::kDirectory) {
        to_kind = OverlayGraph::Node::kDirectory;
        Enqueue(*to);
      } else if (st.ok()) {
        to_kind = OverlayGraph::Node::kFile;
      } else if (IsRemoteReference(e.value)) {
        pending_.push_back(Pending{dir, e.value, OverlayGraph::Node::kRemote, kind, e.span});
        return;
      }
      pending_.push_back(Pending{dir, *to, to_kind, kind, e.span});
    };
    for (const Entry& e : k.resources) add(e, OverlayGraph::Edge::kResource);
    for (const Entry& e : k.components) add(e, OverlayGraph::Edge::kComponent);
  }

  void Issue(std::string code, std::string message, Span span) {
    graph_.issues.push_back(
        BuildIssue{BuildIssue::kError, std::move(code), std::move(message), span, {}, ""});
  }

  void Finish() {
    // Kustomizations (and components) first, sorted; then everything else, sorted.
    std::vector<std::pair<std::string, OverlayGraph::Node::Kind>> dirs(kinds_.begin(),
                                                                       kinds_.end());
    std::map<std::string, size_t> index;
    auto add_node = [&](const std::string& path, OverlayGraph::Node::Kind kind) {
      auto [it, inserted] = index.emplace(path, graph_.nodes.size());
      if (inserted) graph_.nodes.push_back(OverlayGraph::Node{kind, path});
      return it->second;
    };
    for (const auto& [path, kind] : dirs) {
      if (kind == OverlayGraph::Node::kKustomization || kind == OverlayGraph::Node::kComponent) {
        add_node(path, kind);
      }
    }
    std::map<std::string, OverlayGraph::Node::Kind> others;
    for (const Pending& p : pending_) {
      if (index.count(p.to)) continue;
      OverlayGraph::Node::Kind kind = p.to_kind;
      if (auto it = kinds_.find(p.to); it != kinds_.end()) kind = it->second;
      others.emplace(p.to, kind);
    }
    for (const auto& [path, kind] : others) add_node(path, kind);
    for (const Pending& p : pending_) {
      auto from = index.find(p.from);
      auto to = index.find(p.to);
      if (from == index.end() || to == index.end()) continue;  // cannot happen: both added above
      graph_.edges.push_back(OverlayGraph::Edge{from->second, to->second, p.kind, p.span});
    }
    std::stable_sort(
        graph_.edges.begin(), graph_.edges.end(),
        [](const OverlayGraph::Edge& a, const OverlayGraph::Edge& b) { return a.from < b.from; });
  }

  void FindCycles() {
    size_t n = graph_.nodes.size();
    std::vector<std::vector<const OverlayGraph::Edge*>> out(n);
    for (const OverlayGraph::Edge& e : graph_.edges) out[e.from].push_back(&e);
    std::vector<int> state(n, 0);  // 0 new, 1 on stack, 2 done
    std::vector<size_t> stack;
    std::set<std::string> reported;
    std::function<void(size_t)> dfs = [&](size_t v) {
      state[v] = 1;
      stack.push_back(v);
      for (const OverlayGraph::Edge* e : out[v]) {
        if (state[e->to] == 1) {
          auto it = std::find(stack.begin(), stack.end(), e->to);
          std::string chain;
          for (auto k = it; k != stack.end(); ++k) chain += Display(graph_.nodes[*k].path) + " -> ";
          chain += Display(graph_.nodes[e->to].path);
          if (reported.insert(chain).second) {
            Issue("overlay-cycle", "kustomizations include each other: " + chain, e->span);
          }
        } else if (state[e->to] == 0) {
          dfs(e->to);
        }
      }
      stack.pop_back();
      state[v] = 2;
    };
    for (size_t v = 0; v < n; ++v) {
      if (state[v] == 0) dfs(v);
    }
  }

  const source::Tree& tree_;
  yaml::ParseCache& cache_;
  OverlayGraph graph_;
  std::set<std::string> seen_;
  std::vector<std::string> queue_;
  std::map<std::string, OverlayGraph::Node::Kind> kinds_;
  std::vector<Pending> pending_;
};

std::string_view KindName(OverlayGraph::Node::Kind k) {
  switch (k) {
    case OverlayGraph::Node::kKustomization:
      return "kustomization";
    case OverlayGraph::Node::kComponent:
      return "component";
    case OverlayGraph::Node::kFile:
      return "file";
    case OverlayGraph::Node::kDirectory:
      return "directory";
    case OverlayGraph::Node::kRemote:
      return "remote";
    case OverlayGraph::Node::kMissing:
      return "missing";
  }
  return "unknown";
}

std::string DotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

OverlayGraph BuildOverlayGraph(const source::Tree& tree, std::string_view root,
                               yaml::ParseCache& cache) {
  GraphBuilder b(tree, cache);
  return b.Run(root);
}

std::string GraphToDot(const OverlayGraph& graph) {
  std::string out = "digraph kustomize {\n  rankdir=LR;\n  node [shape=box];\n";
  for (const OverlayGraph::Node& n : graph.nodes) {
    out += "  " + DotQuote(Display(n.path));
    switch (n.kind) {
      case OverlayGraph::Node::kComponent:
        out += " [style=rounded]";
        break;
      case OverlayGraph::Node::kFile:
        out += " [shape=note]";
        break;
      case OverlayGraph::Node::kRemote:
        out += " [shape=box, style=dashed]";
        break;
      case OverlayGraph::Node::kMissing:
        out += " [color=red]";
        break;
      default:
        break;
    }
    out += ";\n";
  }
  for (const OverlayGraph::Edge& e : graph.edges) {
    out += "  " + DotQuote(Display(graph.nodes[e.from].path)) + " -> " +
           DotQuote(Display(graph.nodes[e.to].path));
    if (e.kind == OverlayGraph::Edge::kComponent) out += " [style=dashed, label=component]";
    out += ";\n";
  }
  return out + "}\n";
}

std::string GraphToMermaid(const OverlayGraph& graph) {
  std::string out = "flowchart LR\n";
  auto label = [](std::string_view s) {
    std::string l;
    for (char c : s) l += c == '"' ? '\'' : c;
    return l;
  };
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const OverlayGraph::Node& n = graph.nodes[i];
    std::string id = "n" + std::to_string(i);
    std::string text = label(Display(n.path));
    switch (n.kind) {
      case OverlayGraph::Node::kComponent:
        out += "  " + id + "([\"" + text + "\"])\n";
        break;
      case OverlayGraph::Node::kFile:
        out += "  " + id + "[/\"" + text + "\"/]\n";
        break;
      case OverlayGraph::Node::kRemote:
        out += "  " + id + "{{\"" + text + "\"}}\n";
        break;
      default:
        out += "  " + id + "[\"" + text + "\"]\n";
    }
  }
  for (const OverlayGraph::Edge& e : graph.edges) {
    out += "  n" + std::to_string(e.from) +
           (e.kind == OverlayGraph::Edge::kComponent ? " -.->|component| n" : " --> n") +
           std::to_string(e.to) + "\n";
  }
  return out;
}

std::string GraphToJson(const OverlayGraph& graph) {
  std::string out = "{\"nodes\":[";
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"id\":" + std::to_string(i) + ",\"path\":" + GoJsonString(graph.nodes[i].path) +
           ",\"kind\":\"" + std::string(KindName(graph.nodes[i].kind)) + "\"}";
  }
  out += "],\"edges\":[";
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    const OverlayGraph::Edge& e = graph.edges[i];
    if (i > 0) out += ',';
    out += "{\"from\":" + std::to_string(e.from) + ",\"to\":" + std::to_string(e.to) +
           ",\"kind\":\"" + (e.kind == OverlayGraph::Edge::kComponent ? "component" : "resource") +
           "\",\"file\":" + GoJsonString(e.span.path()) +
           ",\"line\":" + std::to_string(e.span.begin.line) + "}";
  }
  out += "],\"issues\":[";
  for (size_t i = 0; i < graph.issues.size(); ++i) {
    const BuildIssue& is = graph.issues[i];
    if (i > 0) out += ',';
    out += "{\"code\":" + GoJsonString(is.code) + ",\"message\":" + GoJsonString(is.message) +
           ",\"file\":" + GoJsonString(is.span.path()) +
           ",\"line\":" + std::to_string(is.span.begin.line) + "}";
  }
  return out + "]}\n";
}

}  // namespace fluxlint::kustomize
