#ifndef FLUXLINT_OUTPUT_EMITTERS_H_
#define FLUXLINT_OUTPUT_EMITTERS_H_

#include <string>

#include "output/report.h"

namespace fluxlint::output {

/// `path:line:col: severity[rule-id] message`, a code frame with a caret under the span,
/// related spans, help, and a closing summary line (rustc/ruff style). A finding whose line is
/// unknown prints `path: severity[rule-id] message` (no frame); one without a file prints
/// `severity[rule-id] message`. Then run notes (`note: …`) and `Found 2 errors, … in N files.` /
/// `No problems found in N files.`. ANSI colour only when options.color.
std::string EmitText(const Report& report, const EmitOptions& options);

/// The versioned JSON document described in docs/json-output.md.
std::string EmitJson(const Report& report);

/// SARIF 2.1.0 for GitHub code scanning (see spec/sarif.md): passes the SARIF Multitool's
/// `validate --rule-kind "Ghas;Sarif"` with no errors and no warnings. A finding's help is
/// appended to its message ("\nhelp: …"). Findings without a file (which code scanning would
/// reject as results) and run notes become run.invocations[0].toolExecutionNotifications. At most
/// 25000 results (GitHub's hard limit; the most severe are kept, with a notification).
std::string EmitSarif(const Report& report);

/// GitHub workflow commands, one `::error file=…,line=…,col=…,title=…::…` line per finding
/// (`::warning`, `::notice` for notes); related spans and help follow the message on their own
/// (escaped) lines. Run notes as `::notice::…`.
std::string EmitGithub(const Report& report);

/// A Markdown summary for $GITHUB_STEP_SUMMARY: result line, counts table, notes, and a table of
/// at most 200 findings ("… and N more").
std::string EmitMarkdown(const Report& report);

}  // namespace fluxlint::output

#endif  // FLUXLINT_OUTPUT_EMITTERS_H_
