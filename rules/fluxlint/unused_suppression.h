#ifndef FLUXLINT_RULES_FLUXLINT_UNUSED_SUPPRESSION_H_
#define FLUXLINT_RULES_FLUXLINT_UNUSED_SUPPRESSION_H_

#include <string>
#include <vector>

#include "model/suppression.h"
#include "rules/rule.h"

namespace fluxlint::rules {

/// fluxlint-unused-suppression runs after every other rule, on the suppressions that matched
/// nothing (`used[i]` false). Rules that did not run are not reported as unused.
void ReportUnusedSuppressions(const std::vector<model::Suppression>& suppressions,
                              const std::vector<bool>& used,
                              const std::vector<std::string>& rules_run, Reporter& out);

}  // namespace fluxlint::rules

#endif  // FLUXLINT_RULES_FLUXLINT_UNUSED_SUPPRESSION_H_
