#ifndef FLUXLINT_RULES_REGISTRY_H_
#define FLUXLINT_RULES_REGISTRY_H_

#include <span>
#include <string_view>

#include "rules/rule.h"

namespace fluxlint::rules {

/// Every rule, sorted by id. The one explicit table lives in registry.cc.
std::span<const Rule> AllRules();

/// The rule with this id, or nullptr.
const Rule* FindRule(std::string_view id);

/// The rule's embedded Markdown doc ("" if missing; a test makes sure none is).
std::string_view RuleDocText(std::string_view id);

/// The first paragraph under "## What it does" (SARIF fullDescription).
std::string RuleFullDescription(std::string_view id);

/// The rule's full page: its Markdown doc followed by a "## Defaults" section (severity, summary,
/// scope). `fluxlint rule ID` prints it and docs/rules/<id>.md holds it (after one generated-file
/// comment line). "" for an unknown id.
std::string RulePage(std::string_view id);

/// Where the rule's doc page lives in the repository: "docs/rules/<id>.md".
std::string RuleDocPath(std::string_view id);

}  // namespace fluxlint::rules

#endif  // FLUXLINT_RULES_REGISTRY_H_
