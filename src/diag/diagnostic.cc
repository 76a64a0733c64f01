#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace fluxlint {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  if (name == "error") return Severity::kError;
  if (name == "warning") return Severity::kWarning;
  if (name == "note") return Severity::kNote;
  return std::nullopt;
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::make_tuple(a.span.path(), a.span.begin.line, a.span.begin.column,
                                            std::string_view(a.rule_id),
                                            std::string_view(a.message)) <
                            std::make_tuple(b.span.path(), b.span.begin.line, b.span.begin.column,
                                            std::string_view(b.rule_id),
                                            std::string_view(b.message));
                   });
}

}  // namespace fluxlint
