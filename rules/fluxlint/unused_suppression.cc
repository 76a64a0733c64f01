// fluxlint-unused-suppression: a fluxlint.io/ignore annotation that matched nothing.
#include "rules/fluxlint/unused_suppression.h"

#include <algorithm>

#include "rules/registry.h"
#include "util/edit_distance.h"

namespace fluxlint::rules {

void ReportUnusedSuppressions(const std::vector<model::Suppression>& suppressions,
                              const std::vector<bool>& used,
                              const std::vector<std::string>& rules_run, Reporter& out) {
  std::vector<std::string> known;
  for (const Rule& r : AllRules()) known.emplace_back(r.info.id);
  for (size_t i = 0; i < suppressions.size(); ++i) {
    const model::Suppression& s = suppressions[i];
    if (used[i]) continue;
    if (s.rule_ids.empty()) {
      out.Report(s.annotation, "suppression names no rule")
          .help = "write the rule ids to ignore: \"rule-id[,rule-id]: reason\"";
      continue;
    }
    for (const std::string& id : s.rule_ids) {
      if (FindRule(id) == nullptr) {
        out.Report(s.annotation, "suppression names unknown rule '" + id + "'" +
                                     DidYouMean(id, known))
            .help = "`fluxlint rules` lists every rule id";
        continue;
      }
      // A rule that did not run cannot have matched: say nothing rather than guess.
      if (std::find(rules_run.begin(), rules_run.end(), id) == rules_run.end()) continue;
      out.Report(s.annotation, "suppression of '" + id + "' matched no finding on this object")
          .help = "remove '" + id + "' from the fluxlint.io/ignore annotation";
    }
  }
}

}  // namespace fluxlint::rules
