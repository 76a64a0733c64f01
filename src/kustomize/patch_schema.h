#ifndef FLUXLINT_KUSTOMIZE_PATCH_SCHEMA_H_
#define FLUXLINT_KUSTOMIZE_PATCH_SCHEMA_H_

#include <array>
#include <span>
#include <string_view>

namespace fluxlint::kustomize {

struct SchemaField;

/// The part of kustomize v5's built-in Kubernetes OpenAPI schema (Kubernetes 1.21.2, embedded
/// in kyaml) that strategic merge uses: which lists merge, and by which keys. A Schema
/// describes one value: an object (its `fields`) or a list (its `items` and patch strategy).
///
/// Only the paths that lead to a list with a merge strategy are spelled out; every other field
/// of a built-in type has the opaque schema (`Opaque()`): known, but with nothing to merge by key
/// below it. A null `const Schema*` means "no schema" (custom resources, removed API versions):
/// maps merge and lists are replaced, and a nested mapping that names a built-in apiVersion and
/// kind brings that kind's schema back (as kyaml does).
struct Schema {
  std::string_view name{};  ///< OpenAPI definition, e.g. "io.k8s.api.core.v1.PodSpec"; "" for lists
  std::span<const SchemaField> fields{};  ///< object: the fields that matter for merging
  const Schema* items = nullptr;          ///< list: the schema of each item
  /// list: x-kubernetes-patch-strategy ("merge", "merge,retainKeys", or "" for atomic lists)
  std::string_view patch_strategy{};
  /// list: the merge keys kyaml uses: x-kubernetes-list-map-keys when the schema has them, else
  /// x-kubernetes-patch-merge-key; empty for a list of primitives. Unused slots are "".
  std::array<std::string_view, 2> merge_keys{};

  /// True for a list whose patch strategy includes "merge" (kyaml: an associative list).
  bool IsMergeList() const;
  /// The non-empty merge keys.
  std::span<const std::string_view> MergeKeys() const;
};

struct SchemaField {
  std::string_view name;
  const Schema* schema;
};

/// The schema of a built-in kind by exact apiVersion and kind ("apps/v1", "Deployment"), or
/// nullptr when kustomize's schema does not know that pair (custom resources, versions removed
/// before Kubernetes 1.21 such as extensions/v1beta1 Deployment).
const Schema* SchemaForKind(std::string_view api_version, std::string_view kind);

/// The schema of `field` inside an object with schema `parent`: nullptr when `parent` is
/// nullptr, the opaque schema for a field that does not matter for merging.
const Schema* FieldSchemaOf(const Schema* parent, std::string_view field);

/// The schema of the items of a list with schema `list` (nullptr when `list` is nullptr).
const Schema* ItemSchemaOf(const Schema* list);

/// The schema of a known value with nothing to merge by key inside it.
const Schema* Opaque();

/// Whether kustomize v5 treats this built-in apiVersion + kind as cluster-scoped (its OpenAPI
/// data has no namespaced path for it). Unknown kinds count as namespaced.
bool IsBuiltinClusterScoped(std::string_view api_version, std::string_view kind);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_PATCH_SCHEMA_H_
