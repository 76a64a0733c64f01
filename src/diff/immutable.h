#ifndef FLUXLINT_DIFF_IMMUTABLE_H_
#define FLUXLINT_DIFF_IMMUTABLE_H_

#include <string>
#include <vector>

#include "diff/catalog.h"
#include "diff/snapshot_diff.h"

namespace fluxlint::diff {

/// A catalog entry that a changed object breaks.
struct Violation {
  const CatalogEntry* entry = nullptr;
  /// The changes that break it, in head order; the first is where to report.
  std::vector<const FieldChange*> changes;
  /// "10Gi -> 5Gi" for a decrease, "" otherwise.
  std::string detail;
};

/// The catalog entries that the changes of `object` (kind kChanged) break, in catalog order.
/// Applies each entry's paths, exceptions and condition (docs/immutable-fields.md).
std::vector<Violation> FindViolations(const ObjectDiff& object, const Catalog& catalog);

/// A short rendering of a value for messages: the scalar, or `{…}`/`[…]`, or "(absent)".
std::string ShortValue(const yaml::Node* node);

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_IMMUTABLE_H_
