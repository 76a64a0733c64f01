#ifndef FLUXLINT_RULES_RULE_H_
#define FLUXLINT_RULES_RULE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace fluxlint::config {
struct Config;
}
namespace fluxlint::model {
class Snapshot;
}
namespace fluxlint::diff {
class SnapshotDiff;
}

namespace fluxlint::rules {

/// What a rule needs built before it can run; the driver skips stages no enabled rule needs.
enum class Scope {
  kYaml,       ///< parsed files only
  kKustomize,  ///< kustomize overlay graph and renders
  kFlux,       ///< the Flux object graph
  kDiff,       ///< the base revision and the diff of the two snapshots
};

struct RuleInfo {
  std::string_view id;       ///< "<category>-<kebab-name>"
  std::string_view summary;  ///< one line, what is wrong (SARIF shortDescription)
  Severity default_severity;
  Scope scope;
};

/// The immutable input of every rule.
struct Context {
  const model::Snapshot& head;
  const model::Snapshot* base = nullptr;       ///< null when diff rules are off
  const diff::SnapshotDiff* diff = nullptr;    ///< null when diff rules are off
  const config::Config& config;
};

/// Collects the findings of one rule. Pure data: no I/O.
class Reporter {
 public:
  /// `severity` is the configured severity (the rule's default unless overridden).
  Reporter(const RuleInfo& rule, Severity severity, bool severity_overridden)
      : rule_(rule), severity_(severity), overridden_(severity_overridden) {}

  /// Reports at the configured severity. The reference is valid until the next Report.
  Diagnostic& Report(Span span, std::string message);
  /// For rules whose severity depends on the finding; a configured override still wins.
  Diagnostic& Report(Severity severity, Span span, std::string message);

  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

 private:
  const RuleInfo& rule_;
  Severity severity_;
  bool overridden_;
  std::vector<Diagnostic> diagnostics_;
};

using CheckFn = void (*)(const Context& context, Reporter& out);

struct Rule {
  RuleInfo info;
  CheckFn check;
};

}  // namespace fluxlint::rules

#endif  // FLUXLINT_RULES_RULE_H_
