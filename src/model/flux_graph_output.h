#ifndef FLUXLINT_MODEL_FLUX_GRAPH_OUTPUT_H_
#define FLUXLINT_MODEL_FLUX_GRAPH_OUTPUT_H_

#include <string>
#include <string_view>

#include "model/flux_graph.h"
#include "model/snapshot.h"
#include "util/status.h"

namespace fluxlint::model {

/// Pictures of the Flux graph for `fluxlint graph`. Every format shows, per cluster, the
/// Kustomizations (with their path and source), the HelmReleases and the sources, and three
/// kinds of edges: `dependsOn` (owner → dependency, same kind only), `applies` (a Kustomization
/// → the Kustomizations and HelmReleases its render contains) and `source` (→ the source a
/// Kustomization or HelmRelease reads). dependsOn edges that are part of a cycle are
/// highlighted (red in DOT and Mermaid, "cycle": true in JSON). Objects written in files that
/// no analysed Kustomization applies are in a last group, "not applied by any Kustomization".
/// Output is deterministic (graph order).

/// Graphviz DOT: `digraph flux { … }`, one `subgraph cluster_N` per cluster.
std::string FluxGraphDot(const FluxGraph& graph);

/// A Mermaid `flowchart LR` with one subgraph per cluster; cycle edges styled with linkStyle.
std::string FluxGraphMermaid(const FluxGraph& graph);

/// JSON: {"clusters": [{"id", "name", "via"}], "nodes": [{"id", "kind", "namespace", "name",
/// "cluster", "path", "dir", "source", "sourceStatus", "file", "line", "objects"}], "edges":
/// [{"from", "to", "kind", "cycle"}], "cycles": [["ns/a", "ns/b", "ns/a"]]}. Node ids are
/// "k<N>" (Kustomizations), "h<N>" (HelmReleases), "s<N>" (sources), indexes into the graph;
/// "sourceStatus" is "this-repository", "mapped", "not-analysed" or "missing"; a missing
/// source has no node (the "source" field still names it).
std::string FluxGraphJson(const FluxGraph& graph);

/// What Flux Kustomization `ns`/`name` would apply, as a YAML stream like `flux build
/// kustomization` prints it: kustomize build with Flux's overlay, postBuild substitution,
/// commonMetadata, and the values of SOPS-encrypted Secrets masked ("**SOPS**"). Keys are
/// sorted as kustomize prints them. The same namespace/name can exist in several clusters:
/// `cluster` (a Cluster::name) picks one, "" the first. Errors: kNotFound for no such
/// Kustomization (the message lists the known ones), for a source that is not analysed and for
/// a path that does not exist; kInvalidArgument when the render has kustomize, generation or
/// substitution errors (the message lists them).
Result<std::string> BuildKustomizationStream(const Snapshot& snapshot, std::string_view ns,
                                             std::string_view name, std::string_view cluster = "");

/// "this-repository", "mapped", "not-analysed", "missing".
std::string_view SourceStatusName(SourceStatus status);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_FLUX_GRAPH_OUTPUT_H_
