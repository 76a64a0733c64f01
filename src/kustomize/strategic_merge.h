#ifndef FLUXLINT_KUSTOMIZE_STRATEGIC_MERGE_H_
#define FLUXLINT_KUSTOMIZE_STRATEGIC_MERGE_H_

#include <optional>
#include <string>

#include "diag/span.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// A patch failure, with the place to fix (the patch, the op).
struct PatchError {
  std::string message;
  Span span;
};

/// The `options` of a kustomize `patches` entry.
struct SmpOptions {
  bool allow_name_change = false;  ///< options.allowNameChange: metadata.name may change
  bool allow_kind_change = false;  ///< options.allowKindChange: kind may change
};

/// Strategic-merge `patch` into `target` as kustomize v5 does (kyaml merge2 with the schema of
/// built-in kinds from patch_schema.h; unknown kinds/CRDs: maps merge, lists replace). Values that
/// the patch sets or adds keep the patch's spans (provenance). `$patch: delete` on the top-level
/// object means "delete the object": reported via *delete_object = true (target is then left as it
/// was).
///
/// What kustomize v5.5 does, and so what this does (each checked against `kubectl kustomize`):
/// - The patch's apiVersion is ignored (the target's is used); afterwards kind and metadata.name
///   are restored to the target's (unless allowed to change) and metadata.namespace always is:
///   a patch applied through a `target:` selector may carry any name.
/// - Maps merge recursively; `null` deletes a key; scalars replace (a scalar that replaces a
///   quoted or block scalar becomes a string, as kyaml keeps the old style). Merging also drops
///   keys whose value is an empty-text null (`key:`) anywhere outside replaced lists, while `~`
///   and `null` written out are kept.
/// - Lists with a merge strategy in the schema merge by their keys: items the patch adds come
///   first, in patch order, then the target's remaining items. Lists with two keys (container
///   and Service ports: port+protocol, topologySpreadConstraints) follow kyaml, including its
///   quirks: a patch item that leaves out the second key but matches a target item by the first
///   is dropped. Lists of strings with strategy merge (finalizers) are merged as sets.
/// - `$patch: delete` on a map or list item removes it; `$patch: replace` on a map or on a list
///   (as an item of its own, `- $patch: replace`) replaces it; `- $patch: delete` deletes the
///   list. `$patch: replace` on the whole object or on one list item changes nothing (kyaml).
/// - `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` are not
///   implemented by kustomize: they stay in the object as ordinary fields.
/// Errors: a patch value of another kind than the target's (map vs list vs scalar), an unknown
/// `$patch` value.
std::optional<PatchError> ApplyStrategicMerge(yaml::Node& target, const yaml::Node& patch,
                                              bool* delete_object);
std::optional<PatchError> ApplyStrategicMerge(yaml::Node& target, const yaml::Node& patch,
                                              bool* delete_object, const SmpOptions& options);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_STRATEGIC_MERGE_H_
