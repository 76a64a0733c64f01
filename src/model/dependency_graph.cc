#include "model/dependency_graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "util/graph.h"

namespace fluxlint::model {
namespace {

std::string_view KindName(DependencyKind kind) {
  return kind == DependencyKind::kKustomization ? "Kustomization" : "HelmRelease";
}

/// (cluster, ns, name) → node, first definition wins.
std::map<std::tuple<int, std::string, std::string>, int> NodesByRef(const FluxGraph& graph,
                                                                    DependencyKind kind) {
  std::map<std::tuple<int, std::string, std::string>, int> out;
  for (size_t i = 0; i < NodeCount(graph, kind); ++i) {
    int n = static_cast<int>(i);
    const flux::ObjectRef& ref = NodeRef(graph, kind, n);
    out.emplace(std::make_tuple(NodeCluster(graph, kind, n), ref.ns, ref.name), n);
  }
  return out;
}

}  // namespace

const flux::ObjectRef& NodeRef(const FluxGraph& graph, DependencyKind kind, int index) {
  return kind == DependencyKind::kKustomization
             ? graph.kustomizations[static_cast<size_t>(index)].ref
             : graph.helm_releases[static_cast<size_t>(index)].ref;
}

const std::vector<flux::DependencyRef>& NodeDependsOn(const FluxGraph& graph, DependencyKind kind,
                                                      int index) {
  return kind == DependencyKind::kKustomization
             ? graph.kustomizations[static_cast<size_t>(index)].spec.depends_on
             : graph.helm_releases[static_cast<size_t>(index)].spec.depends_on;
}

int NodeCluster(const FluxGraph& graph, DependencyKind kind, int index) {
  return kind == DependencyKind::kKustomization
             ? graph.kustomizations[static_cast<size_t>(index)].cluster
             : graph.helm_releases[static_cast<size_t>(index)].cluster;
}

size_t NodeCount(const FluxGraph& graph, DependencyKind kind) {
  return kind == DependencyKind::kKustomization ? graph.kustomizations.size()
                                                : graph.helm_releases.size();
}

std::vector<DependencyEdge> DependencyEdges(const FluxGraph& graph, DependencyKind kind) {
  std::vector<DependencyEdge> edges;
  auto by_ref = NodesByRef(graph, kind);
  for (size_t i = 0; i < NodeCount(graph, kind); ++i) {
    int n = static_cast<int>(i);
    const flux::ObjectRef& owner = NodeRef(graph, kind, n);
    const std::vector<flux::DependencyRef>& deps = NodeDependsOn(graph, kind, n);
    for (size_t e = 0; e < deps.size(); ++e) {
      if (!deps[e].name.present) continue;
      flux::ObjectRef target = deps[e].Resolve(KindName(kind), owner.ns);
      auto it = by_ref.find(std::make_tuple(NodeCluster(graph, kind, n), target.ns, target.name));
      if (it == by_ref.end()) continue;
      edges.push_back({n, it->second, e});
    }
  }
  return edges;
}

std::vector<DependencyCycle> FindDependencyCycles(const FluxGraph& graph, DependencyKind kind) {
  std::vector<DependencyEdge> edges = DependencyEdges(graph, kind);
  size_t n = NodeCount(graph, kind);
  std::vector<std::vector<const DependencyEdge*>> out(n);
  for (const DependencyEdge& e : edges) out[static_cast<size_t>(e.from)].push_back(&e);

  std::vector<std::vector<size_t>> adjacency(n);
  for (size_t v = 0; v < n; ++v) {
    for (const DependencyEdge* e : out[v]) adjacency[v].push_back(static_cast<size_t>(e->to));
  }
  int comps = 0;
  std::vector<int> comp = StronglyConnectedComponents(adjacency, &comps);

  std::vector<std::vector<int>> members(static_cast<size_t>(comps));
  for (size_t v = 0; v < n; ++v)
    members[static_cast<size_t>(comp[v])].push_back(static_cast<int>(v));
  std::vector<DependencyCycle> cycles;
  for (const std::vector<int>& group : members) {
    bool self_loop = group.size() == 1 &&
                     std::any_of(out[static_cast<size_t>(group[0])].begin(),
                                 out[static_cast<size_t>(group[0])].end(),
                                 [&](const DependencyEdge* e) { return e->to == group[0]; });
    if (group.size() < 2 && !self_loop) continue;
    // Start at the member whose "ns/name" sorts first.
    int start = *std::min_element(group.begin(), group.end(), [&](int a, int b) {
      return NodeRef(graph, kind, a).ToString() < NodeRef(graph, kind, b).ToString();
    });
    int c = comp[static_cast<size_t>(start)];
    // Shortest way back to `start` inside the group (BFS, edges in dependsOn order).
    std::map<int, const DependencyEdge*> via;
    std::deque<int> queue = {start};
    const DependencyEdge* closing = nullptr;
    std::set<int> seen = {start};
    while (!queue.empty() && closing == nullptr) {
      int v = queue.front();
      queue.pop_front();
      for (const DependencyEdge* e : out[static_cast<size_t>(v)]) {
        if (comp[static_cast<size_t>(e->to)] != c) continue;
        if (e->to == start) {
          closing = e;
          break;
        }
        if (seen.insert(e->to).second) {
          via[e->to] = e;
          queue.push_back(e->to);
        }
      }
    }
    if (closing == nullptr) continue;  // cannot happen in a strongly connected group
    std::vector<DependencyEdge> path = {*closing};
    for (int v = closing->from; v != start; v = via[v]->from) path.push_back(*via[v]);
    std::reverse(path.begin(), path.end());
    DependencyCycle cycle;
    cycle.cluster = NodeCluster(graph, kind, start);
    for (const DependencyEdge& e : path) cycle.nodes.push_back(e.from);
    cycle.edges = std::move(path);
    cycles.push_back(std::move(cycle));
  }
  std::sort(cycles.begin(), cycles.end(), [&](const DependencyCycle& a, const DependencyCycle& b) {
    return std::make_pair(a.cluster, NodeRef(graph, kind, a.nodes[0]).ToString()) <
           std::make_pair(b.cluster, NodeRef(graph, kind, b.nodes[0]).ToString());
  });
  return cycles;
}

std::string DescribeCycle(const FluxGraph& graph, DependencyKind kind,
                          const DependencyCycle& cycle) {
  std::string out;
  for (int node : cycle.nodes) out += NodeRef(graph, kind, node).ToString() + " -> ";
  out += NodeRef(graph, kind, cycle.nodes[0]).ToString();
  return out;
}

std::vector<MissingDependency> FindMissingDependencies(const FluxGraph& graph,
                                                       const ObjectIndex& index,
                                                       DependencyKind kind) {
  std::vector<MissingDependency> missing;
  std::string_view kind_name = KindName(kind);
  std::set<std::pair<std::string, std::string>> anywhere;  // (ns, name) in any cluster
  for (size_t i = 0; i < NodeCount(graph, kind); ++i) {
    const flux::ObjectRef& r = NodeRef(graph, kind, static_cast<int>(i));
    anywhere.insert({r.ns, r.name});
  }
  for (size_t i = 0; i < NodeCount(graph, kind); ++i) {
    int n = static_cast<int>(i);
    const flux::ObjectRef& owner = NodeRef(graph, kind, n);
    const std::vector<flux::DependencyRef>& deps = NodeDependsOn(graph, kind, n);
    for (size_t e = 0; e < deps.size(); ++e) {
      if (!deps[e].name.present || deps[e].name.value.empty()) continue;
      flux::ObjectRef target = deps[e].Resolve(kind_name, owner.ns);
      if (anywhere.count({target.ns, target.name})) continue;
      bool written = false;
      std::set<std::string> other_ns;
      for (const ObjectEntry* o : index.Find(kind_name, target.name)) {
        if (o->group != (kind == DependencyKind::kKustomization ? "kustomize.toolkit.fluxcd.io"
                                                                : "helm.toolkit.fluxcd.io")) {
          continue;
        }
        if (o->ns == target.ns || o->ns.empty()) {
          written = true;
          break;
        }
        other_ns.insert(o->ns);
      }
      if (written) continue;
      for (size_t j = 0; j < NodeCount(graph, kind); ++j) {
        const flux::ObjectRef& r = NodeRef(graph, kind, static_cast<int>(j));
        if (r.name == target.name && r.ns != target.ns) other_ns.insert(r.ns);
      }
      MissingDependency m;
      m.owner = n;
      m.entry = e;
      m.target = target;
      m.other_namespaces.assign(other_ns.begin(), other_ns.end());
      int cluster = NodeCluster(graph, kind, n);
      std::set<std::string> names;
      for (size_t j = 0; j < NodeCount(graph, kind); ++j) {
        if (NodeCluster(graph, kind, static_cast<int>(j)) != cluster) continue;
        names.insert(NodeRef(graph, kind, static_cast<int>(j)).name);
      }
      m.candidates.assign(names.begin(), names.end());
      missing.push_back(std::move(m));
    }
  }
  return missing;
}

}  // namespace fluxlint::model
