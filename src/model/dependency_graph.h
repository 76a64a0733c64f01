#ifndef FLUXLINT_MODEL_DEPENDENCY_GRAPH_H_
#define FLUXLINT_MODEL_DEPENDENCY_GRAPH_H_

#include <cstddef>
#include <string>
#include <vector>

#include "flux/objects.h"
#include "model/flux_graph.h"
#include "model/object_index.h"

namespace fluxlint::model {

/// dependsOn between Flux objects (spec/flux-semantics.md §2): only objects of the same kind
/// (Kustomization → Kustomization, HelmRelease → HelmRelease), an empty namespace defaults to
/// the owner's, and a dependency is looked up in the owner's cluster (FluxGraph clusters).
enum class DependencyKind { kKustomization, kHelmRelease };

/// One dependsOn entry that resolves inside the owner's cluster.
struct DependencyEdge {
  int from = -1;  ///< index in FluxGraph::kustomizations or ::helm_releases
  int to = -1;
  size_t entry = 0;  ///< index in the owner's depends_on
};

/// A cycle `nodes[0] -> nodes[1] -> … -> nodes[0]`; `edges[i]` goes from nodes[i] to
/// nodes[(i + 1) % size]. It starts at the node whose "ns/name" sorts first, so the last edge
/// is the one that closes it.
struct DependencyCycle {
  int cluster = -1;
  std::vector<int> nodes;
  std::vector<DependencyEdge> edges;
};

/// Every dependsOn edge of `kind` that resolves in its cluster, in owner order.
std::vector<DependencyEdge> DependencyEdges(const FluxGraph& graph, DependencyKind kind);

/// One cycle per strongly connected group of objects (a self-dependency is a cycle too),
/// per cluster, sorted by cluster and first node. kustomize-controller never reconciles any
/// member (and stops event-driven reconciliation for the whole source, KC#1712).
std::vector<DependencyCycle> FindDependencyCycles(const FluxGraph& graph, DependencyKind kind);

/// "ns/a -> ns/b -> ns/a", the controller's format (PKG runtime/dependency Sort).
std::string DescribeCycle(const FluxGraph& graph, DependencyKind kind,
                          const DependencyCycle& cycle);

/// A dependsOn entry whose target is defined nowhere: not in the owner's cluster, not in any
/// other cluster, not written in any file of the repository (with the same name and
/// namespace, or without a namespace).
struct MissingDependency {
  int owner = -1;
  size_t entry = 0;
  flux::ObjectRef target;
  /// Namespaces where an object of that kind and name does exist (the namespace default is a
  /// likely mistake then).
  std::vector<std::string> other_namespaces;
  /// Names of the objects of that kind in the owner's cluster, for "did you mean".
  std::vector<std::string> candidates;
};

std::vector<MissingDependency> FindMissingDependencies(const FluxGraph& graph,
                                                       const ObjectIndex& index,
                                                       DependencyKind kind);

/// The ref and dependsOn of a node of `kind`.
const flux::ObjectRef& NodeRef(const FluxGraph& graph, DependencyKind kind, int index);
const std::vector<flux::DependencyRef>& NodeDependsOn(const FluxGraph& graph, DependencyKind kind,
                                                      int index);
int NodeCluster(const FluxGraph& graph, DependencyKind kind, int index);
size_t NodeCount(const FluxGraph& graph, DependencyKind kind);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_DEPENDENCY_GRAPH_H_
