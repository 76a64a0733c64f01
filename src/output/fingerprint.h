#ifndef FLUXLINT_OUTPUT_FINGERPRINT_H_
#define FLUXLINT_OUTPUT_FINGERPRINT_H_

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace fluxlint::output {

/// The SARIF partialFingerprints key under which Fingerprints() values are published.
inline constexpr std::string_view kFingerprintKey = "fluxlint/v1";

/// One fingerprint per diagnostic, in the same order: "<16 hex digits>:<occurrence>".
///
/// The hash covers the rule id, the path, the message and the primary source line with its
/// leading and trailing whitespace removed — never a line or column number — so a finding keeps
/// its fingerprint when unrelated lines are inserted above it or the file is re-indented.
/// Findings with the same hash are told apart by a 1-based occurrence index in `diagnostics`
/// order (pass them sorted, as every emitter does). Used for SARIF `partialFingerprints` and the
/// JSON `fingerprint` field.
std::vector<std::string> Fingerprints(const std::vector<Diagnostic>& diagnostics);

}  // namespace fluxlint::output

#endif  // FLUXLINT_OUTPUT_FINGERPRINT_H_
