#ifndef FLUXLINT_OUTPUT_REPORT_H_
#define FLUXLINT_OUTPUT_REPORT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace fluxlint::output {

/// Everything an emitter prints for one `fluxlint check` run. Diagnostics are sorted
/// (SortDiagnostics) before an emitter sees them.
struct Report {
  std::vector<Diagnostic> diagnostics;
  /// Run-level remarks that are not findings, e.g. "not a git repository: diff rules are off".
  std::vector<std::string> notes;
  std::string tool_version;   ///< "0.1.0"
  std::string head_revision;  ///< Tree::Describe() of what was linted, e.g. "index"
  std::string base_revision;  ///< of the base, or "" when diff rules are off
  size_t files_checked = 0;
  /// Ids of the rules that ran (SARIF lists only these, in id order).
  std::vector<std::string> rules_run;
};

struct EmitOptions {
  bool color = false;  ///< ANSI colour (text only)
};

}  // namespace fluxlint::output

#endif  // FLUXLINT_OUTPUT_REPORT_H_
