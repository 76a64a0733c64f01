// Runs every fixture under tests/fixtures/<rule-id>/<case>/:
//   after/        the tree being committed (required)
//   before/       the committed revision (optional; diff rules need it)
//   fluxlint.yaml configuration (optional; default: only <rule-id> runs)
//   expected.txt  the text output, reviewed like code
// FLUXLINT_UPDATE_SNAPSHOTS=1 rewrites expected.txt instead of comparing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/check.h"
#include "config/config.h"
#include "output/emitters.h"
#include "rules/registry.h"
#include "source/memory_tree.h"
#include "yaml/loader.h"

namespace fluxlint {
namespace {

namespace fs = std::filesystem;

fs::path FixtureRoot() { return fs::path(FLUXLINT_SOURCE_DIR) / "tests" / "fixtures"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Copies a directory on disk into a MemoryTree (symlinks kept as symlinks).
void LoadTree(const fs::path& dir, source::MemoryTree* tree) {
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    std::string rel = it->path().lexically_relative(dir).generic_string();  // no symlink following
    if (it->is_symlink()) {
      tree->AddSymlink(rel, fs::read_symlink(it->path()).generic_string());
      it.disable_recursion_pending();
    } else if (it->is_directory()) {
      tree->AddDirectory(rel);
    } else if (it->is_regular_file()) {
      tree->AddFile(rel, ReadFile(it->path()));
    }
  }
}

struct Fixture {
  std::string rule_id;
  std::string name;
  fs::path dir;
};

void PrintTo(const Fixture& f, std::ostream* os) { *os << f.rule_id << "/" << f.name; }

std::vector<Fixture> AllFixtures() {
  std::vector<Fixture> out;
  if (!fs::exists(FixtureRoot())) return out;
  for (const auto& rule_dir : fs::directory_iterator(FixtureRoot())) {
    if (!rule_dir.is_directory()) continue;
    for (const auto& case_dir : fs::directory_iterator(rule_dir.path())) {
      if (!case_dir.is_directory()) continue;
      out.push_back({rule_dir.path().filename().string(), case_dir.path().filename().string(),
                     case_dir.path()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) {
    return std::tie(a.rule_id, a.name) < std::tie(b.rule_id, b.name);
  });
  return out;
}

/// Runs one fixture and returns the text output (no colour).
std::string RunFixture(const Fixture& fixture) {
  source::MemoryTree after("work tree");
  LoadTree(fixture.dir / "after", &after);
  std::unique_ptr<source::MemoryTree> before;
  if (fs::exists(fixture.dir / "before")) {
    before = std::make_unique<source::MemoryTree>("HEAD");
    LoadTree(fixture.dir / "before", before.get());
  }
  SourceStore store;
  yaml::ParseCache cache(store);
  cli::CheckInput input;
  input.head = &after;
  input.base = before.get();
  input.config.select = {fixture.rule_id};
  if (fs::exists(fixture.dir / "fluxlint.yaml")) {
    const SourceFile* file =
        store.Add("fluxlint.yaml", ReadFile(fixture.dir / "fluxlint.yaml"), "", "fixture");
    yaml::LoadedFile loaded = yaml::Load(*file);
    std::vector<std::string> known;
    for (const rules::Rule& r : rules::AllRules()) known.emplace_back(r.info.id);
    std::vector<Diagnostic> errors;
    input.config = config::ParseConfig(loaded, known, &errors);
    if (!errors.empty()) {
      output::Report report;
      report.diagnostics = std::move(errors);
      return "configuration errors:\n" + output::EmitText(report, {});
    }
  }
  output::Report report = cli::RunCheck(input, cache);
  return output::EmitText(report, {});
}

class FixtureTest : public testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, MatchesExpectedOutput) {
  const Fixture& fixture = GetParam();
  ASSERT_TRUE(fs::exists(fixture.dir / "after")) << fixture.dir << " has no after/ folder";
  std::string actual = RunFixture(fixture);
  fs::path expected_path = fixture.dir / "expected.txt";
  const char* update = std::getenv("FLUXLINT_UPDATE_SNAPSHOTS");
  if (update != nullptr && std::string_view(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " is missing; run with FLUXLINT_UPDATE_SNAPSHOTS=1 and review it";
  EXPECT_EQ(ReadFile(expected_path), actual) << "fixture " << fixture.dir;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, testing::ValuesIn(AllFixtures()),
                         [](const testing::TestParamInfo<Fixture>& info) {
                           std::string name = info.param.rule_id + "__" + info.param.name;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// House rule: every rule has a fixture that fires and an ok-* fixture that stays silent.
TEST(FixtureCoverageTest, EveryRuleHasFiringAndSilentFixtures) {
  std::set<std::string> firing, silent;
  for (const Fixture& f : AllFixtures()) {
    std::string expected = ReadFile(f.dir / "expected.txt");
    if (f.name.starts_with("ok-")) {
      if (expected.find("[" + f.rule_id + "]") == std::string::npos) silent.insert(f.rule_id);
    } else if (expected.find("[" + f.rule_id + "]") != std::string::npos) {
      firing.insert(f.rule_id);
    }
  }
  for (const rules::Rule& rule : rules::AllRules()) {
    std::string id(rule.info.id);
    EXPECT_TRUE(firing.count(id)) << id << " has no fixture that fires";
    EXPECT_TRUE(silent.count(id)) << id << " has no ok-* fixture that stays silent";
  }
}

}  // namespace
}  // namespace fluxlint
