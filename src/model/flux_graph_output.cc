#include "model/flux_graph_output.h"

#include <algorithm>
#include <map>
#include <set>

#include "kustomize/generators.h"
#include "model/dependency_graph.h"
#include "yaml/emitter.h"

namespace fluxlint::model {
namespace {

constexpr std::string_view kSopsMask = "**SOPS**";
constexpr std::string_view kSopsMaskBase64 = "KipTT1BTKio=";

/// JSON strings as Go's encoding/json writes them (the same encoder the kustomize stage uses).
std::string JsonString(std::string_view s) { return kustomize::GoJsonString(s); }

/// DOT labels: quotes and backslashes escaped, line breaks as \n.
std::string Label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// Mermaid text inside ["…"]: quotes become #quot;.
std::string MermaidText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') {
      out += "#quot;";
    } else {
      out += c;
    }
  }
  return out;
}

struct Edge {
  std::string from;
  std::string to;
  std::string kind;  ///< dependsOn, applies, source
  bool cycle = false;
};

/// Everything the three formats print, computed once.
struct View {
  struct Node {
    std::string id;
    std::string kind;
    std::string ns;
    std::string name;
    int cluster = -1;
    std::string path;    ///< spec.path as written (Kustomizations)
    std::string dir;     ///< resolved directory (analysed Kustomizations)
    std::string source;  ///< "GitRepository/ns/name"
    std::string source_status;
    std::string file;
    uint32_t line = 0;
    int objects = -1;  ///< rendered objects; -1 when not rendered
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<std::string> cycles;
  std::vector<std::vector<std::string>> cycle_members;
};

View MakeView(const FluxGraph& graph) {
  View v;
  std::map<std::tuple<int, std::string, std::string, std::string>, std::string> source_ids;
  for (size_t i = 0; i < graph.sources.size(); ++i) {
    const FluxSource& s = graph.sources[i];
    View::Node n;
    n.id = "s" + std::to_string(i);
    n.kind = s.ref.kind;
    n.ns = s.ref.ns;
    n.name = s.ref.name;
    n.cluster = s.cluster;
    n.file = std::string(s.definition.path());
    n.line = s.definition.begin.line;
    source_ids.emplace(std::make_tuple(s.cluster, s.ref.kind, s.ref.ns, s.ref.name), n.id);
    v.nodes.push_back(std::move(n));
  }
  auto find_source = [&](int cluster, const flux::ObjectRef& ref) -> std::string {
    auto it = source_ids.find(std::make_tuple(cluster, ref.kind, ref.ns, ref.name));
    if (it != source_ids.end()) return it->second;
    for (const auto& [key, id] : source_ids) {
      if (std::get<1>(key) == ref.kind && std::get<2>(key) == ref.ns &&
          std::get<3>(key) == ref.name) {
        return id;
      }
    }
    return "";
  };
  for (size_t i = 0; i < graph.kustomizations.size(); ++i) {
    const FluxKustomization& k = graph.kustomizations[i];
    View::Node n;
    n.id = "k" + std::to_string(i);
    n.kind = "Kustomization";
    n.ns = k.ref.ns;
    n.name = k.ref.name;
    n.cluster = k.cluster;
    n.path = k.spec.path.present ? k.spec.path.value : "";
    n.dir = k.analysed() ? (k.dir.empty() ? "." : k.dir) : "";
    n.source = k.source.Describe();
    n.source_status = std::string(SourceStatusName(k.source_status));
    n.file = std::string(k.definition.path());
    n.line =
        k.spec.meta.name.span.valid() ? k.spec.meta.name.span.begin.line : k.definition.begin.line;
    n.objects = k.render != nullptr ? static_cast<int>(k.render->objects.size()) : -1;
    if (k.parent >= 0) v.edges.push_back({"k" + std::to_string(k.parent), n.id, "applies", false});
    std::string src = find_source(k.cluster, k.source);
    if (!src.empty()) v.edges.push_back({n.id, src, "source", false});
    v.nodes.push_back(std::move(n));
  }
  for (size_t i = 0; i < graph.helm_releases.size(); ++i) {
    const FluxHelmRelease& h = graph.helm_releases[i];
    View::Node n;
    n.id = "h" + std::to_string(i);
    n.kind = "HelmRelease";
    n.ns = h.ref.ns;
    n.name = h.ref.name;
    n.cluster = h.cluster;
    n.file = std::string(h.definition.path());
    n.line = h.definition.begin.line;
    if (h.spec.chart) {
      flux::ObjectRef ref = h.spec.chart->source_ref.Resolve(h.ref.ns);
      n.source = ref.Describe();
      std::string src = find_source(h.cluster, ref);
      if (!src.empty()) v.edges.push_back({n.id, src, "source", false});
    } else if (h.spec.chart_ref) {
      flux::ObjectRef ref = h.spec.chart_ref->Resolve(h.ref.ns);
      n.source = ref.Describe();
      std::string src = find_source(h.cluster, ref);
      if (!src.empty()) v.edges.push_back({n.id, src, "source", false});
    }
    if (h.owner >= 0) v.edges.push_back({"k" + std::to_string(h.owner), n.id, "applies", false});
    v.nodes.push_back(std::move(n));
  }
  for (DependencyKind kind : {DependencyKind::kKustomization, DependencyKind::kHelmRelease}) {
    const char* prefix = kind == DependencyKind::kKustomization ? "k" : "h";
    std::set<std::pair<int, size_t>> in_cycle;  // (from, entry)
    for (const DependencyCycle& c : FindDependencyCycles(graph, kind)) {
      for (const DependencyEdge& e : c.edges) in_cycle.insert({e.from, e.entry});
      v.cycles.push_back(DescribeCycle(graph, kind, c));
      std::vector<std::string> members;
      for (int node : c.nodes) members.push_back(NodeRef(graph, kind, node).ToString());
      members.push_back(members.front());
      v.cycle_members.push_back(std::move(members));
    }
    for (const DependencyEdge& e : DependencyEdges(graph, kind)) {
      v.edges.push_back({prefix + std::to_string(e.from), prefix + std::to_string(e.to),
                         "dependsOn", in_cycle.count({e.from, e.entry}) > 0});
    }
  }
  return v;
}

std::string NodeLabel(const View::Node& n, std::string_view newline) {
  std::string label = n.kind + std::string(newline) + (n.ns.empty() ? "" : n.ns + "/") + n.name;
  if (!n.path.empty() || !n.dir.empty()) {
    label += std::string(newline) + "path: " + (n.path.empty() ? "." : n.path);
  }
  return label;
}

std::vector<std::pair<int, std::string>> ClusterGroups(const FluxGraph& graph, const View& v) {
  std::vector<std::pair<int, std::string>> groups;
  for (size_t c = 0; c < graph.clusters.size(); ++c) {
    groups.emplace_back(static_cast<int>(c), graph.clusters[c].name);
  }
  bool unapplied = std::any_of(v.nodes.begin(), v.nodes.end(),
                               [](const View::Node& n) { return n.cluster < 0; });
  if (unapplied) groups.emplace_back(-1, "not applied by any Kustomization");
  return groups;
}

std::string_view DotShape(const View::Node& n) {
  if (n.kind == "Kustomization") return "box";
  if (n.kind == "HelmRelease") return "component";
  return "cylinder";
}

}  // namespace

std::string_view SourceStatusName(SourceStatus status) {
  switch (status) {
    case SourceStatus::kThisRepository:
      return "this-repository";
    case SourceStatus::kMapped:
      return "mapped";
    case SourceStatus::kNotAnalysed:
      return "not-analysed";
    case SourceStatus::kMissing:
      return "missing";
  }
  return "missing";
}

std::string FluxGraphDot(const FluxGraph& graph) {
  View v = MakeView(graph);
  std::string out = "digraph flux {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  int group_index = 0;
  for (const auto& [cluster, name] : ClusterGroups(graph, v)) {
    out += "  subgraph cluster_" + std::to_string(group_index++) + " {\n    label=\"" +
           Label(name) + "\";\n";
    for (const View::Node& n : v.nodes) {
      if (n.cluster != cluster) continue;
      out += "    " + n.id + " [shape=" + std::string(DotShape(n)) + ", label=\"" +
             Label(NodeLabel(n, "\n")) + "\"";
      if (n.kind == "Kustomization" && n.objects < 0) out += ", style=dashed";
      out += "];\n";
    }
    out += "  }\n";
  }
  for (const Edge& e : v.edges) {
    out += "  " + e.from + " -> " + e.to;
    if (e.kind == "dependsOn") {
      out += e.cycle ? " [label=\"dependsOn\", color=red, fontcolor=red, penwidth=2]"
                     : " [label=\"dependsOn\"]";
    } else if (e.kind == "applies") {
      out += " [style=dashed, label=\"applies\"]";
    } else {
      out += " [style=dotted, arrowhead=empty]";
    }
    out += ";\n";
  }
  out += "}\n";
  return out;
}

std::string FluxGraphMermaid(const FluxGraph& graph) {
  View v = MakeView(graph);
  std::string out = "flowchart LR\n";
  int group_index = 0;
  for (const auto& [cluster, name] : ClusterGroups(graph, v)) {
    out += "  subgraph g" + std::to_string(group_index++) + "[\"" + MermaidText(name) + "\"]\n";
    for (const View::Node& n : v.nodes) {
      if (n.cluster != cluster) continue;
      std::string text = MermaidText(NodeLabel(n, "<br/>"));
      if (n.kind == "Kustomization") {
        out += "    " + n.id + "[\"" + text + "\"]\n";
      } else if (n.kind == "HelmRelease") {
        out += "    " + n.id + "([\"" + text + "\"])\n";
      } else {
        out += "    " + n.id + "[(\"" + text + "\")]\n";
      }
    }
    out += "  end\n";
  }
  std::vector<size_t> red;
  for (size_t i = 0; i < v.edges.size(); ++i) {
    const Edge& e = v.edges[i];
    if (e.kind == "dependsOn") {
      out += "  " + e.from + " -->|dependsOn| " + e.to + "\n";
      if (e.cycle) red.push_back(i);
    } else if (e.kind == "applies") {
      out += "  " + e.from + " -.->|applies| " + e.to + "\n";
    } else {
      out += "  " + e.from + " -.- " + e.to + "\n";
    }
  }
  for (size_t i : red) {
    out += "  linkStyle " + std::to_string(i) + " stroke:red,stroke-width:2px,color:red\n";
  }
  return out;
}

std::string FluxGraphJson(const FluxGraph& graph) {
  View v = MakeView(graph);
  std::string out = "{\n  \"clusters\": [";
  for (size_t c = 0; c < graph.clusters.size(); ++c) {
    const Cluster& cl = graph.clusters[c];
    out += std::string(c ? "," : "") + "\n    {\"id\": " + std::to_string(c) +
           ", \"name\": " + JsonString(cl.name) +
           ", \"via\": " + (cl.via >= 0 ? JsonString("k" + std::to_string(cl.via)) : "null") + "}";
  }
  out += graph.clusters.empty() ? "],\n" : "\n  ],\n";
  out += "  \"nodes\": [";
  for (size_t i = 0; i < v.nodes.size(); ++i) {
    const View::Node& n = v.nodes[i];
    out += std::string(i ? "," : "") + "\n    {\"id\": " + JsonString(n.id) +
           ", \"kind\": " + JsonString(n.kind) + ", \"namespace\": " + JsonString(n.ns) +
           ", \"name\": " + JsonString(n.name) +
           ", \"cluster\": " + (n.cluster >= 0 ? std::to_string(n.cluster) : "null");
    if (n.kind == "Kustomization") {
      out += ", \"path\": " + JsonString(n.path) +
             ", \"dir\": " + (n.dir.empty() ? "null" : JsonString(n.dir)) +
             ", \"sourceStatus\": " + JsonString(n.source_status) +
             ", \"objects\": " + (n.objects >= 0 ? std::to_string(n.objects) : "null");
    }
    if (!n.source.empty()) out += ", \"source\": " + JsonString(n.source);
    out += ", \"file\": " + JsonString(n.file) + ", \"line\": " + std::to_string(n.line) + "}";
  }
  out += v.nodes.empty() ? "],\n" : "\n  ],\n";
  out += "  \"edges\": [";
  for (size_t i = 0; i < v.edges.size(); ++i) {
    const Edge& e = v.edges[i];
    out += std::string(i ? "," : "") + "\n    {\"from\": " + JsonString(e.from) +
           ", \"to\": " + JsonString(e.to) + ", \"kind\": " + JsonString(e.kind) +
           ", \"cycle\": " + (e.cycle ? "true" : "false") + "}";
  }
  out += v.edges.empty() ? "],\n" : "\n  ],\n";
  out += "  \"cycles\": [";
  for (size_t i = 0; i < v.cycle_members.size(); ++i) {
    out += std::string(i ? ", " : "") + "[";
    for (size_t j = 0; j < v.cycle_members[i].size(); ++j) {
      out += std::string(j ? ", " : "") + JsonString(v.cycle_members[i][j]);
    }
    out += "]";
  }
  out += "]\n}\n";
  return out;
}

Result<std::string> BuildKustomizationStream(const Snapshot& snapshot, std::string_view ns,
                                             std::string_view name, std::string_view cluster) {
  const FluxGraph& graph = snapshot.flux();
  const FluxKustomization* k = nullptr;
  std::set<std::string> known;
  for (const FluxKustomization& c : graph.kustomizations) {
    known.insert(c.ref.ToString());
    if (c.ref.ns != ns || c.ref.name != name || k != nullptr) continue;
    if (!cluster.empty() &&
        (c.cluster < 0 || graph.clusters[static_cast<size_t>(c.cluster)].name != cluster)) {
      continue;
    }
    k = &c;
  }
  std::string id = (ns.empty() ? "" : std::string(ns) + "/") + std::string(name);
  if (k == nullptr) {
    std::string list;
    for (const std::string& s : known) list += (list.empty() ? "" : ", ") + s;
    return Status(ErrorCode::kNotFound,
                  "no Flux Kustomization '" + id + "'" +
                      (cluster.empty() ? "" : " in cluster '" + std::string(cluster) + "'") +
                      (list.empty() ? "" : " (known: " + list + ")"));
  }
  if (!k->analysed()) {
    return Status(ErrorCode::kNotFound, "Kustomization '" + id + "' is not analysed: its source " +
                                            k->source.Describe() + " is not this repository");
  }
  if (k->render == nullptr) {
    return Status(ErrorCode::kNotFound, "path '" + k->spec.path.value + "' of Kustomization '" +
                                            id + "' not found (looked for '" + k->dir + "')");
  }
  std::string errors;
  auto add = [&](const Span& span, const std::string& message) {
    errors += "\n  " + std::string(span.path()) +
              (span.valid()
                   ? ":" + std::to_string(span.begin.line) + ":" + std::to_string(span.begin.column)
                   : "") +
              ": " + message;
  };
  for (const kustomize::BuildIssue& i : k->render->build_issues) {
    if (i.kind == kustomize::BuildIssue::kError) add(i.span, i.message);
  }
  for (const GenerationIssue& g : k->render->generation_issues) add(g.span, g.message);
  for (const SubstitutionIssue& s : k->render->substitution_issues) add(s.span, s.error.message);
  if (!errors.empty()) {
    return Status(ErrorCode::kInvalidArgument,
                  "Kustomization '" + id + "' does not build:" + errors);
  }
  std::vector<yaml::Node> objects = k->render->objects;
  for (yaml::Node& o : objects) {
    if (!IsSopsEncryptedSecret(o)) continue;
    for (std::string_view field : {"data", "stringData"}) {
      yaml::Node* data = o.GetMutable(field);
      if (data == nullptr || !data->IsMapping()) continue;
      for (size_t i = 0; i < data->EntryCount(); ++i) {
        yaml::Node& value = data->MutableValue(i);
        value = yaml::Node::Scalar(std::string(field == "data" ? kSopsMaskBase64 : kSopsMask),
                                   value.span);
      }
    }
  }
  std::vector<const yaml::Node*> docs;
  for (const yaml::Node& o : objects) docs.push_back(&o);
  return yaml::EmitStream(docs, yaml::EmitOptions::Kustomize());
}

}  // namespace fluxlint::model
