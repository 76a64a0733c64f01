#include "cli/check.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "diff/snapshot_diff.h"
#include "model/snapshot.h"
#include "model/suppression.h"
#include "rules/fluxlint/unused_suppression.h"
#include "rules/registry.h"

namespace fluxlint::cli {
namespace {

constexpr std::string_view kUnusedSuppression = "fluxlint-unused-suppression";

Severity ConfiguredSeverity(const config::Config& config, const rules::Rule& rule,
                            bool* overridden) {
  auto it = config.severity.find(rule.info.id);
  *overridden = it != config.severity.end();
  return *overridden ? it->second : rule.info.default_severity;
}

}  // namespace

bool NeedsGraph(const config::Config& config) {
  for (const rules::Rule& rule : rules::AllRules()) {
    if (rule.info.scope != rules::Scope::kYaml && config.RuleEnabled(rule.info.id)) return true;
  }
  return false;
}

bool NeedsBase(const config::Config& config) {
  for (const rules::Rule& rule : rules::AllRules()) {
    if (rule.info.scope == rules::Scope::kDiff && config.RuleEnabled(rule.info.id)) return true;
  }
  return false;
}

output::Report RunCheck(const CheckInput& input, yaml::ParseCache& cache) {
  output::Report report;
  report.tool_version = FLUXLINT_VERSION;
  report.notes = input.notes;
  report.head_revision = input.head->Describe();

  model::SnapshotOptions options;
  options.paths = input.paths;
  options.ignore_paths = input.config.ignore_paths;
  options.jobs = std::max<size_t>(1, input.jobs);
  options.build_graph = NeedsGraph(input.config);
  options.config = &input.config;
  auto head_ptr =
      std::make_shared<const model::Snapshot>(model::LoadSnapshot(*input.head, options, cache));
  const model::Snapshot& head = *head_ptr;
  std::shared_ptr<const model::Snapshot> base;
  if (input.base != nullptr && NeedsBase(input.config)) {
    // A render whose inputs and closure are the same at base is head's render, shared: it is
    // made once, and the diff sees at once that nothing changed.
    model::SnapshotOptions base_options = options;
    base_options.reuse = &head.renders();
    base = std::make_shared<const model::Snapshot>(
        model::LoadSnapshot(*input.base, base_options, cache));
    report.base_revision = input.base->Describe();
  }
  report.files_checked = head.files().size() + head.unreadable().size();

  // The diff is computed once for every diff rule.
  std::optional<diff::SnapshotDiff> changes;
  if (base) {
    changes = diff::SnapshotDiff::Compute(
        *base, head, diff::BuildCatalog(*base, head, input.config), options.jobs);
  }
  rules::Context context{head, base.get(), changes ? &*changes : nullptr, input.config};
  for (const rules::Rule& rule : rules::AllRules()) {
    if (!input.config.RuleEnabled(rule.info.id)) continue;
    if (rule.info.scope == rules::Scope::kDiff && !base) continue;
    report.rules_run.emplace_back(rule.info.id);
    if (rule.check == nullptr) continue;
    bool overridden = false;
    Severity severity = ConfiguredSeverity(input.config, rule, &overridden);
    rules::Reporter reporter(rule.info, severity, overridden);
    rule.check(context, reporter);
    for (Diagnostic& d : reporter.diagnostics()) report.diagnostics.push_back(std::move(d));
  }

  std::vector<model::Suppression> suppressions = model::CollectSuppressions(head.files());
  std::vector<bool> used;
  model::ApplySuppressions(suppressions, &report.diagnostics, &used);
  if (const rules::Rule* rule = rules::FindRule(kUnusedSuppression);
      rule != nullptr && input.config.RuleEnabled(kUnusedSuppression)) {
    bool overridden = false;
    Severity severity = ConfiguredSeverity(input.config, *rule, &overridden);
    rules::Reporter reporter(rule->info, severity, overridden);
    rules::ReportUnusedSuppressions(suppressions, used, report.rules_run, reporter);
    for (Diagnostic& d : reporter.diagnostics()) report.diagnostics.push_back(std::move(d));
  }
  SortDiagnostics(report.diagnostics);
  if (input.keep_alive != nullptr) {
    input.keep_alive->push_back(std::move(head_ptr));
    if (base) input.keep_alive->push_back(std::move(base));
  }
  return report;
}

}  // namespace fluxlint::cli
