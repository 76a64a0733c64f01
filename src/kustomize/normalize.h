#ifndef FLUXLINT_KUSTOMIZE_NORMALIZE_H_
#define FLUXLINT_KUSTOMIZE_NORMALIZE_H_

#include <optional>
#include <string>
#include <string_view>

#include "yaml/node.h"

namespace fluxlint::kustomize {

/// Puts a rendered object in the form `kustomize build` prints it (its output goes through JSON
/// and go-yaml v2): mapping keys become strings sorted in go-yaml v2's order (NaturalKeyLess),
/// booleans are `true`/`false`, integers are decimal, floats are printed as Go prints a float64
/// (so 1.0 becomes the integer 1 and 1e3 becomes 1000). Spans are kept.
void NormalizeOutput(yaml::Node& node);

/// go-yaml v2's map key order: runs of digits compare by value, a non-letter sorts before a
/// letter, letters by code point.
bool NaturalKeyLess(std::string_view a, std::string_view b);

/// The text go-yaml v2 prints for the YAML float `text` after kustomize's JSON round trip
/// ("1.0" -> "1", "1e3" -> "1000", "1.5e300" -> "1.5e+300", ".inf" -> ".inf").
std::string CanonicalFloat(std::string_view text);

/// A plain scalar that go-yaml v3 reads as a timestamp, in the RFC 3339 form kustomize prints
/// ("2024-01-01" -> "2024-01-01T00:00:00Z"); nullopt when it is not a timestamp.
std::optional<std::string> CanonicalTimestamp(std::string_view text);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_NORMALIZE_H_
