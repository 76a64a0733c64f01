// docs/rules/<id>.md are generated from the rule docs embedded in the binary; this test fails when
// they drift. FLUXLINT_UPDATE_SNAPSHOTS=1 regenerates them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rules/registry.h"
#include "rules/rule_docs.h"

namespace fluxlint::rules {
namespace {

namespace fs = std::filesystem;

std::string Generated(const Rule& rule) {
  std::string out = "<!-- Generated from rules/ by `FLUXLINT_UPDATE_SNAPSHOTS=1 fluxlint_test "
                    "--gtest_filter='DocsTest*'`. Do not edit. -->\n";
  return out + RulePage(rule.info.id);
}

TEST(DocsTest, RulePagesMatchTheRuleDocs) {
  fs::path dir = fs::path(FLUXLINT_SOURCE_DIR) / "docs" / "rules";
  const char* update = std::getenv("FLUXLINT_UPDATE_SNAPSHOTS");
  bool rewrite = update != nullptr && std::string_view(update) == "1";
  std::set<std::string> expected;
  for (const Rule& rule : AllRules()) {
    fs::path page = dir / (std::string(rule.info.id) + ".md");
    expected.insert(page.filename().string());
    if (rewrite) {
      fs::create_directories(dir);
      std::ofstream(page, std::ios::binary) << Generated(rule);
      continue;
    }
    std::ifstream in(page, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), Generated(rule)) << page << " is out of date";
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_TRUE(expected.count(entry.path().filename().string()))
        << entry.path() << " documents no rule";
  }
}

TEST(DocsTest, EveryDocHasTheRequiredHeadingsAndBelongsToARule) {
  for (const RuleDoc& doc : AllRuleDocs()) {
    EXPECT_NE(FindRule(doc.id), nullptr) << doc.path << " documents no registered rule";
    for (const char* heading : {"## What it does", "## Why is this bad?", "## Example"}) {
      EXPECT_NE(doc.text.find(heading), std::string_view::npos) << doc.path << ": " << heading;
    }
    EXPECT_FALSE(RuleFullDescription(doc.id).empty()) << doc.path;
  }
}

TEST(DocsTest, ReadmeListsEveryRule) {
  std::ifstream in(fs::path(FLUXLINT_SOURCE_DIR) / "README.md", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  for (const Rule& rule : AllRules()) {
    std::string row = "| [" + std::string(rule.info.id) + "](docs/rules/" +
                      std::string(rule.info.id) + ".md) | " +
                      std::string(SeverityName(rule.info.default_severity)) + " | ";
    EXPECT_NE(ss.str().find(row), std::string::npos) << "README.md has no row for " << rule.info.id;
  }
}

}  // namespace
}  // namespace fluxlint::rules
