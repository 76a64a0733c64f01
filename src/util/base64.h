#ifndef FLUXLINT_UTIL_BASE64_H_
#define FLUXLINT_UTIL_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace fluxlint {

/// Decodes standard base64 (RFC 4648 alphabet) as Kubernetes stores Secret data: padding is
/// optional, line breaks and spaces are skipped. nullopt for any other character or for data
/// after the padding.
std::optional<std::string> DecodeBase64(std::string_view in);

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_BASE64_H_
