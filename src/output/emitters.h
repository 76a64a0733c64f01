#ifndef FLUXLINT_OUTPUT_EMITTERS_H_
#define FLUXLINT_OUTPUT_EMITTERS_H_

#include <string>

#include "output/report.h"

namespace fluxlint::output {

/// `path:line:col: severity[rule-id] message`, a code frame with a caret under the span,
/// related spans, help, and a closing summary line (rustc/ruff style).
std::string EmitText(const Report& report, const EmitOptions& options);

/// The versioned JSON document described in docs/json-output.md.
std::string EmitJson(const Report& report);

/// SARIF 2.1.0 for GitHub code scanning (see spec/sarif.md): passes the SARIF Multitool's
/// `validate --rule-kind "Ghas;Sarif"` with no errors and no warnings.
std::string EmitSarif(const Report& report);

/// GitHub workflow commands, one `::error file=…,line=…,col=…,title=…::…` line per finding.
std::string EmitGithub(const Report& report);

/// A Markdown summary for $GITHUB_STEP_SUMMARY.
std::string EmitMarkdown(const Report& report);

}  // namespace fluxlint::output

#endif  // FLUXLINT_OUTPUT_EMITTERS_H_
