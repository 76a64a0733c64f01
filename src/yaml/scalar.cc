// Placeholder resolver; the full YAML 1.1/1.2 resolver replaces this.
#include "yaml/scalar.h"

namespace fluxlint::yaml {

ScalarType ResolveScalar(const Node& scalar) {
  if (scalar.style != ScalarStyle::kPlain) return ScalarType::kString;
  if (scalar.IsNull()) return ScalarType::kNull;
  return ScalarType::kString;
}

bool NeedsQuotes(std::string_view text) { return text.empty(); }

}  // namespace fluxlint::yaml
