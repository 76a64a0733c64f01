#ifndef FLUXLINT_DIFF_CRD_RULES_H_
#define FLUXLINT_DIFF_CRD_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "diff/catalog.h"
#include "yaml/node.h"

namespace fluxlint::diff {

/// What a CustomResourceDefinition tells the diff.
struct CrdFacts {
  std::string group;  ///< spec.group
  std::string kind;   ///< spec.names.kind ("" when the document is not a usable CRD)
  bool cluster_scoped = false;
  /// Catalog entries from its transition rules, found by walking every version's
  /// openAPIV3Schema (properties, items as `[*]`, additionalProperties as `*`). Rules of the
  /// forms (conjunctions with `&&` are split):
  ///  - `self == oldSelf` (or `oldSelf == self`) on a field: changing it is refused when it is
  ///    present at both revisions (transition rules do not run without an old value, and not
  ///    on a removed field): When::kBothPresent;
  ///  - `self.f == oldSelf.f` on a field: `f` may not change, be added or removed while the
  ///    field holding it exists at both revisions: When::kAlways on that child;
  ///  - `has(self.f) == has(oldSelf.f)`: `f` may not be added or removed: When::kPresence.
  /// Other rules that mention oldSelf are conditional and are left out. The entry's message is
  /// the rule's `message`, else the API server's "failed rule: <rule>".
  std::vector<CatalogEntry> entries;
};

/// Reads a CRD (apiextensions.k8s.io v1, or v1beta1 with spec.validation). Never fails: what
/// cannot be read is left out.
CrdFacts ReadCrd(const yaml::Node& crd);

/// Splits a CEL expression at top-level `&&` (outside parentheses and string literals).
std::vector<std::string> SplitConjunction(std::string_view rule);

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_CRD_RULES_H_
