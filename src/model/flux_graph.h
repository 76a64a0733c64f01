#ifndef FLUXLINT_MODEL_FLUX_GRAPH_H_
#define FLUXLINT_MODEL_FLUX_GRAPH_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "diag/span.h"
#include "flux/objects.h"
#include "kustomize/build.h"
#include "model/object_index.h"
#include "model/render_reuse.h"
#include "model/substitution.h"
#include "source/tree.h"
#include "yaml/node.h"
#include "yaml/parse_cache.h"

namespace fluxlint::model {

/// The Flux object graph of one revision: what kustomize-controller and helm-controller would
/// find in the cluster(s) this repository describes, with the rendered content of every Flux
/// Kustomization whose source is this repository.
///
/// How it is built (spec/flux-semantics.md; DESIGN §3):
///
/// Which source is "this repository". A Kustomization's `sourceRef` (namespace defaulting to
/// the Kustomization's) is analysed when
///  - `.fluxlint.yaml sources` maps it (kind, name, and namespace unless the mapping leaves it
///    empty) to a folder of the repository: that folder is the source root; or
///  - it names a GitRepository defined in the repository that is the bootstrap source: some
///    Kustomization using it renders the file that defines it (the `flux-system` layout, where
///    gotk-sync.yaml holds both and the Kustomization's path includes it). Its root is the
///    repository root. A Kustomization at the repository root whose kustomization is generated
///    does not count (it would read every file, including a tenant's own GitRepository).
/// Any other source is not analysed: defined in the repository (a tenant repository, an OCI
/// artifact, …) it gives a note; defined nowhere it is a missing source. Nothing is guessed.
///
/// Path. `spec.path` is relative to the source root, "./" is optional, and ".." or an absolute
/// path cannot leave the root (securejoin clamps them).
///
/// Render. A directory with a kustomization file is built with Flux's changes to that file
/// (targetNamespace becomes `namespace`, namePrefix/nameSuffix replace the file's, `patches` and
/// `components` are appended, `images` are merged by name), in memory with
/// kustomize::BuildWith. Without a kustomization file, Flux's generated kustomization lists
/// every .yaml/.yml file below the directory (recursively; a subdirectory with a kustomization
/// file is listed as a resource and not descended into; files the source ignores are left
/// out); a YAML document that is not a Kubernetes object is a GenerationIssue (Flux fails with
/// "missing Resource metadata"), and the file is left out of the build. Files with YAML syntax
/// errors are left out silently (yaml-syntax-error reports them).
///
/// postBuild. Variables are, in increasing priority: the cluster-provided variables of
/// `.fluxlint.yaml variables` and `--var` (an extra substituteFrom source that every
/// Kustomization with `spec.postBuild` has, placed first; they count as resolved variables),
/// then each `substituteFrom` entry in order (a ConfigMap or Secret rendered by a Kustomization
/// of the same cluster in the Kustomization's namespace, else written in a repository file in
/// that namespace or without one, else declared in `.fluxlint.yaml substituteFrom`), then the
/// inline `substitute`. Substitution runs only as flux::SubstitutionRuns says, per object,
/// skipping objects that opt out, in strict mode when `strictSubstitution` is on and every
/// substituteFrom object was found (one that is missing, even optional, may exist in the
/// cluster: what it defines is unknown). `commonMetadata` is applied after substitution.
///
/// Children. A Flux Kustomization that appears in another's render is a child: its spec is the
/// rendered, substituted object (not the file). The root Kustomizations are those written in
/// files that no other Kustomization renders; roots written in the same directory form one
/// cluster. Each cluster is iterated to a fixed point (variables may come from ConfigMaps
/// another Kustomization renders; a Kustomization may render itself, like flux-system) with a
/// bound on the rounds. Equal inputs are rendered once, renders of one level run in parallel.
/// A Kustomization with `spec.kubeConfig` applies its objects to another cluster: its children,
/// HelmReleases and sources belong to a cluster of their own. When two Kustomizations of one
/// cluster render the same Kustomization (namespace/name), the first one found wins.
enum class SourceStatus {
  kThisRepository,  ///< the bootstrap GitRepository: the repository root
  kMapped,          ///< `.fluxlint.yaml sources`
  kNotAnalysed,     ///< defined in the repository, but its content is elsewhere
  kMissing,         ///< defined nowhere in the repository and not mapped
};

/// Where one `postBuild.substituteFrom` entry was found.
struct SubstituteFromStatus {
  enum Found { kRendered, kRepository, kConfig, kMissingOptional, kMissing };
  Found found = kMissing;
  Span object_span;         ///< the ConfigMap/Secret (repository) or the config entry
  std::string description;  ///< "ConfigMap/flux-system/cluster-vars"
};

/// A `substitute` key or substituteFrom data key that fails flux::IsValidVarName.
struct VarNameIssue {
  std::string name;
  Span span;
  std::string origin;  ///< "spec.postBuild.substitute", "ConfigMap/flux-system/vars"
};

/// A file of a generated kustomization that Flux cannot decode as Kubernetes objects.
struct GenerationIssue {
  std::string path;  ///< the file
  std::string
      message;  ///< "failed to decode Kubernetes YAML from a/b.yaml: missing Resource metadata"
  Span span;    ///< the document
};

/// What Flux would apply for one Kustomization.
struct Render {
  /// After the overlay, postBuild substitution and commonMetadata, in kustomize's order.
  std::vector<yaml::Node> objects;
  std::vector<kustomize::BuildIssue> build_issues;
  std::vector<GenerationIssue> generation_issues;
  std::vector<SubstitutionIssue> substitution_issues;
  /// (path, content id) of every file read, and the listing of every directory walked (see
  /// Closure), sorted by path.
  Closure closure;
  bool generated = false;    ///< the directory has no kustomization file
  bool substituted = false;  ///< postBuild substitution ran
};

struct FluxKustomization {
  flux::Kustomization spec;
  std::vector<flux::Problem> problems;
  /// The object as applied: the document written in a file for a root, the parent's rendered
  /// and substituted object for a child.
  yaml::Node object;
  flux::ObjectRef ref;  ///< Kustomization / namespace as applied ("" when none) / name
  Span definition;      ///< the document where it is written
  int cluster = -1;
  int parent = -1;      ///< the Kustomization whose render applies it; -1 for a root
  bool remote = false;  ///< spec.kubeConfig: its objects go to another cluster

  flux::ObjectRef source;  ///< the resolved sourceRef
  SourceStatus source_status = SourceStatus::kMissing;
  Span source_definition;   ///< the source object or the config mapping
  std::string source_root;  ///< repository-relative ("" = root); analysed sources only
  std::string dir;          ///< spec.path resolved in the repository; analysed sources only
  bool dir_exists = false;
  /// When `dir` does not exist: its deepest existing ancestor (repository-relative), the
  /// directories in it, and the first missing component (for "did you mean"). `dir_is_file`
  /// when the path names a file.
  std::string existing_parent;
  std::vector<std::string> parent_dirs;
  std::string missing_component;
  bool dir_is_file = false;

  Variables variables;
  bool substitution_runs = false;
  /// Every substituteFrom object was found (in the repository or the configuration): when one
  /// is missing, optional or not, the variables it would define are unknown, and strict mode
  /// is not applied to this Kustomization's objects.
  bool variables_complete = true;
  std::vector<SubstituteFromStatus> substitute_from;  ///< parallel to spec.post_build's
  std::vector<VarNameIssue> var_name_issues;

  std::shared_ptr<const Render> render;  ///< null: not analysed or path missing

  bool analysed() const {
    return source_status == SourceStatus::kThisRepository || source_status == SourceStatus::kMapped;
  }
};

struct FluxHelmRelease {
  flux::HelmRelease spec;
  std::vector<flux::Problem> problems;
  yaml::Node object;
  flux::ObjectRef ref;
  Span definition;
  int cluster = -1;  ///< -1: written in a file that no analysed Kustomization renders
  int owner = -1;    ///< the Kustomization that applies it
};

struct FluxSource {
  flux::Source spec;
  std::vector<flux::Problem> problems;
  yaml::Node object;
  flux::ObjectRef ref;
  Span definition;
  int cluster = -1;
  int owner = -1;
};

struct Cluster {
  /// The directory of the root definitions ("clusters/production"), or
  /// "<parent> via kubeConfig of ns/name" for a remote cluster.
  std::string name;
  std::vector<int> roots;
  int via = -1;  ///< the Kustomization with kubeConfig that applies to it
};

struct FluxGraph {
  std::vector<FluxKustomization> kustomizations;
  std::vector<FluxHelmRelease> helm_releases;
  std::vector<FluxSource> sources;
  std::vector<Cluster> clusters;

  /// Index of the Kustomization `ns`/`name` in `cluster`, or -1.
  int FindKustomization(int cluster, std::string_view ns, std::string_view name) const;
  /// Index of the HelmRelease `ns`/`name` in `cluster`, or -1.
  int FindHelmRelease(int cluster, std::string_view ns, std::string_view name) const;
};

/// Builds the graph. `index` holds every object of the repository, `sourceignore_files` the
/// path of every `.sourceignore` in it. Deterministic for any `jobs`.
///
/// `reuse` (optional) holds the renders of another revision: one with the same inputs whose
/// closure reads the same bytes in `tree` is taken instead of rendering again (the same
/// shared Render, so a diff sees at once that nothing changed). `renders` (optional) receives
/// every render of this graph, for another revision to reuse.
FluxGraph BuildFluxGraph(const source::Tree& tree, const ObjectIndex& index,
                         const std::vector<std::string>& sourceignore_files,
                         const config::Config& config, yaml::ParseCache& cache, size_t jobs,
                         const RenderPool* reuse = nullptr, RenderPool* renders = nullptr);

/// `spec.path` cleaned the way securejoin does: "./a//b/../c" → "a/c", "../../x" → "x",
/// "/abs" → "abs", "" or "./" → "".
std::string CleanFluxPath(std::string_view path);

/// Whether `object` is a Secret with a top-level `sops` mapping (spec §7): kustomize-controller
/// refuses to apply it without `spec.decryption`, unless the object opts out with the
/// annotation kustomize.toolkit.fluxcd.io/decrypt: Disabled (case-insensitive).
bool IsSopsEncryptedSecret(const yaml::Node& object);

/// A top-level `sops` mapping with a non-empty `mac`: the whole object is SOPS-encrypted.
bool IsSopsEncrypted(const yaml::Node& object);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_FLUX_GRAPH_H_
