#ifndef FLUXLINT_KUSTOMIZE_RESOURCE_H_
#define FLUXLINT_KUSTOMIZE_RESOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// Group, version and kind of an object ("apps", "v1", "Deployment"). The core group is "".
struct Gvk {
  std::string group;
  std::string version;
  std::string kind;

  /// Splits an apiVersion: "apps/v1" -> ("apps", "v1"), "v1" -> ("", "v1").
  static Gvk FromApiVersion(std::string_view api_version, std::string_view kind);
  /// "apps/v1" or "v1" (or "" when both are empty).
  std::string ApiVersion() const;
  /// Whether this gvk is selected by `selector`, where an empty selector field matches anything.
  bool IsSelectedBy(const Gvk& selector) const;
  bool operator==(const Gvk&) const = default;
  /// kustomize's sort key: "group_version_kind" with "~G", "~V", "~K" for empty parts.
  std::string SortString() const;
};

/// An object's identity as kustomize sees it: gvk, name and namespace.
struct ResId {
  Gvk gvk;
  std::string name;
  std::string ns;

  /// Cluster-scoped kinds (Namespace, ClusterRole, CRD, …) as kustomize v5's built-in
  /// Kubernetes schema knows them: by exact apiVersion and kind.
  bool IsClusterScoped() const;
  /// The namespace used for comparisons: "" and "default" are the same namespace; a
  /// cluster-scoped object has none.
  std::string EffectiveNamespace() const;
  /// Same namespace for kustomize (effective namespaces equal).
  bool NamespaceEquals(const ResId& other) const;
  /// Same gvk (all three parts), name and effective namespace.
  bool Equals(const ResId& other) const;
  /// `selector` matches this id; its empty fields match anything (kustomize IsSelectedBy).
  bool IsSelectedBy(const ResId& selector) const;
  /// A string equal for ids that Equals() each other (for hash sets).
  std::string Key() const;
  /// "Kind/name" or "Kind/namespace/name" with the group when there is one, for messages:
  /// "apps/Deployment/web", "ConfigMap/prod/settings".
  std::string Describe() const;
};

/// Whether kustomize v5 (its built-in Kubernetes 1.21 schema) treats this apiVersion + kind as
/// cluster-scoped. Unknown kinds (CRDs) are namespaced.
bool IsClusterScopedKind(std::string_view api_version, std::string_view kind);

/// A scalar that reads back as the string `value` (a quoted scalar), with provenance `span`.
yaml::Node MakeString(std::string value, Span span);

/// How a generated ConfigMap/Secret combines with an existing one of the same id.
enum class GeneratorBehavior { kUnspecified, kCreate, kMerge, kReplace };

/// One object being rendered, with the bookkeeping kustomize keeps in build annotations
/// (previous ids, prefixes and suffixes applied, whether a hash suffix is due) kept as fields
/// instead, so they never leak into the output.
struct Resource {
  yaml::Node node;
  /// Ids this object had before transformers renamed or moved it, oldest first.
  std::vector<ResId> prev_ids;
  /// Name prefixes and suffixes applied, innermost first (kustomize's nameref uses them to
  /// tell apart objects with the same original name).
  std::vector<std::string> prefixes;
  std::vector<std::string> suffixes;
  /// A generated ConfigMap/Secret that gets the content hash suffix at the end of the build.
  bool needs_hash = false;
  GeneratorBehavior behavior = GeneratorBehavior::kUnspecified;
  /// Where the object came from (the document, or the generator entry).
  Span origin;

  ResId CurId() const;
  /// The first id the object had (before any rename).
  ResId OrgId() const;
  /// All previous ids and the current one.
  std::vector<ResId> AllIds() const;
  /// Records the current id as a previous id (before a transformer changes it).
  void StorePreviousId();

  std::string_view Kind() const;
  std::string_view Name() const;
  std::string_view Namespace() const;
  /// Sets metadata.name (creating metadata when needed); the new scalar gets `span`.
  void SetName(std::string name, Span span);
  void SetNamespace(std::string ns, Span span);
};

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_RESOURCE_H_
