#ifndef FLUXLINT_KUSTOMIZE_SHA256_H_
#define FLUXLINT_KUSTOMIZE_SHA256_H_

#include <string>
#include <string_view>

namespace fluxlint::kustomize {

/// SHA-256 of `data` as 64 lowercase hex digits (FIPS 180-4).
std::string Sha256Hex(std::string_view data);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_SHA256_H_
