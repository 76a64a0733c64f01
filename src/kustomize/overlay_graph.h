#ifndef FLUXLINT_KUSTOMIZE_OVERLAY_GRAPH_H_
#define FLUXLINT_KUSTOMIZE_OVERLAY_GRAPH_H_

#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "kustomize/build_issue.h"
#include "source/tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint::kustomize {

/// Kustomization directories and what they include. Nodes are kustomization directories (and
/// the plain files and remote references they list); edges are `resources` (and legacy
/// `bases`) and `components` entries.
struct OverlayGraph {
  struct Node {
    enum Kind { kKustomization, kComponent, kFile, kDirectory, kRemote, kMissing } kind;
    std::string path;  ///< repository-relative ("" is the root); the URL for kRemote
  };
  struct Edge {
    size_t from;
    size_t to;
    enum Kind { kResource, kComponent } kind;
    Span span;  ///< the entry in the including kustomization
  };
  std::vector<Node> nodes;  ///< kustomizations first (sorted by path), then the rest
  std::vector<Edge> edges;  ///< sorted by (from, entry order)
  /// Cycles, entries escaping the repository, unreadable kustomizations.
  std::vector<BuildIssue> issues;
};

/// Finds every kustomization directory under `root` (the whole tree for "") and every file,
/// directory and remote reference they include, following includes outside `root` too.
OverlayGraph BuildOverlayGraph(const source::Tree& tree, std::string_view root,
                               yaml::ParseCache& cache);

/// Graphviz: `digraph kustomize { "apps/base" -> "apps/prod" … }` (edges point from the
/// included to the including kustomization's view: including -> included).
std::string GraphToDot(const OverlayGraph& graph);
/// Mermaid flowchart (`flowchart LR`).
std::string GraphToMermaid(const OverlayGraph& graph);
/// {"nodes":[{"id":0,"path":"...","kind":"kustomization"}],"edges":[{"from":0,"to":1,
///  "kind":"resource","file":"...","line":3}],"issues":[...]}
std::string GraphToJson(const OverlayGraph& graph);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_OVERLAY_GRAPH_H_
