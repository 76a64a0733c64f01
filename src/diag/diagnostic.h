#ifndef FLUXLINT_DIAG_DIAGNOSTIC_H_
#define FLUXLINT_DIAG_DIAGNOSTIC_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"

namespace fluxlint {

enum class Severity { kNote = 0, kWarning = 1, kError = 2 };

/// "error", "warning", "note".
std::string_view SeverityName(Severity s);
/// Parses "error" / "warning" / "note"; nullopt otherwise.
std::optional<Severity> ParseSeverity(std::string_view name);

/// A secondary place that explains the finding ("first defined here", "was 'app: web' at HEAD").
struct RelatedSpan {
  Span span;
  std::string message;
};

/// One finding. `span` is the place a person must edit.
struct Diagnostic {
  std::string rule_id;
  Severity severity = Severity::kError;
  std::string message;
  Span span;
  std::vector<RelatedSpan> related;
  std::string help;  ///< what to do, one line; may be empty
};

/// Sorts by path, line, column, rule id, message: the order every emitter prints.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace fluxlint

#endif  // FLUXLINT_DIAG_DIAGNOSTIC_H_
