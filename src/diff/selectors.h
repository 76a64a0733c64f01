#ifndef FLUXLINT_DIFF_SELECTORS_H_
#define FLUXLINT_DIFF_SELECTORS_H_

#include <string_view>
#include <vector>

#include "diff/field_path.h"

namespace fluxlint::diff {

/// A label selector field of a built-in kind.
struct SelectorField {
  std::string_view group;
  std::string_view kind;
  FieldPath path;
  /// A metav1.LabelSelector (matchLabels, matchExpressions); false for a plain label map
  /// (Service, ReplicationController).
  bool label_selector = true;
  /// The API server refuses to change it (workloads); otherwise a change silently selects
  /// other pods.
  bool immutable = false;
  /// The pod template whose labels it must match ("" when it has none).
  std::string_view template_labels;
};

/// Every selector field fluxlint knows: the workloads' spec.selector (immutable), Service and
/// ReplicationController spec.selector, PodDisruptionBudget spec.selector and the
/// NetworkPolicy pod selectors.
const std::vector<SelectorField>& SelectorFields();

/// The selector fields of one kind.
std::vector<const SelectorField*> SelectorFieldsOf(std::string_view group, std::string_view kind);

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_SELECTORS_H_
