#ifndef FLUXLINT_DIFF_QUANTITY_H_
#define FLUXLINT_DIFF_QUANTITY_H_

#include <optional>
#include <string_view>

namespace fluxlint::diff {

/// The value of a Kubernetes resource quantity ("10Gi", "500m", "1.5", "2e3", "1k"), as the
/// API server reads it: binary suffixes Ki Mi Gi Ti Pi Ei, decimal suffixes n u m k M G T P E,
/// or a decimal exponent. nullopt for text that is not a quantity. Precise enough to order
/// and compare the quantities people write (long double).
std::optional<long double> ParseQuantity(std::string_view text);

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_QUANTITY_H_
