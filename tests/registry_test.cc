#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "rules/registry.h"
#include "rules/rule_docs.h"

namespace fluxlint::rules {
namespace {

TEST(RegistryTest, IdsAreUniqueSortedAndWellFormed) {
  std::string previous;
  const std::regex id_re("^(yaml|kustomize|flux|diff|secret|selector|fluxlint)-[a-z0-9]+(-[a-z0-9]+)*$");
  for (const Rule& rule : AllRules()) {
    std::string id(rule.info.id);
    EXPECT_TRUE(std::regex_match(id, id_re)) << id;
    EXPECT_LT(previous, id) << "registry must be sorted and unique";
    previous = id;
  }
}

TEST(RegistryTest, EveryRuleHasADocWithTheRequiredHeadings) {
  for (const Rule& rule : AllRules()) {
    std::string_view doc = RuleDocText(rule.info.id);
    ASSERT_FALSE(doc.empty()) << "no rules/<category>/<name>.md for " << rule.info.id;
    EXPECT_NE(doc.find("## What it does"), std::string_view::npos) << rule.info.id;
  }
}

}  // namespace
}  // namespace fluxlint::rules
