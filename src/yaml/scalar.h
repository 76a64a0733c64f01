#ifndef FLUXLINT_YAML_SCALAR_H_
#define FLUXLINT_YAML_SCALAR_H_

#include <string_view>

#include "yaml/node.h"

namespace fluxlint::yaml {

/// The type a Kubernetes tool would give a scalar.
enum class ScalarType { kNull, kBool, kInt, kFloat, kString };

/// Resolves a scalar as go-yaml v3 / sigs.k8s.io/yaml do (what kubectl, kustomize and Flux
/// see): quoted and block styles and !!str are strings; plain scalars are null, bool
/// (true/false in any YAML 1.2 spelling), int, float, else string.
ScalarType ResolveScalar(const Node& scalar);

/// True when a plain scalar with this text would NOT read back as the same string under
/// YAML 1.1 or 1.2 (yes, on, 0755, 1:30, "", ~, 1e3, leading/trailing space, ": ", "# ", …):
/// the emitter quotes such strings.
bool NeedsQuotes(std::string_view text);

/// go-yaml v3's type for an untagged plain scalar with this text.
ScalarType ResolvePlainText(std::string_view text);

/// The type-related part of NeedsQuotes: true when some YAML 1.1 or 1.2 reader gives this
/// plain text a type other than string (yes, 0755, 1:30, ~, 1e3, 2001-12-14, …). The emitter
/// double-quotes such strings, as kubectl/kustomize do.
bool IsAmbiguousString(std::string_view text);

/// The syntax-related part of NeedsQuotes: true when libyaml's emitter may write this text as
/// a plain scalar in block context (not empty, no leading indicator, no ": " or " #", no
/// leading/trailing space, no line break, only printable characters, not "---"/"..." first).
bool IsPlainAllowed(std::string_view text);

}  // namespace fluxlint::yaml

#endif  // FLUXLINT_YAML_SCALAR_H_
