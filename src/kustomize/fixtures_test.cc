// The fixture suite: tests/kustomize/cases/<case>/input/ is built with fluxlint and compared with
// expected.yaml (produced by `kubectl kustomize --load-restrictor LoadRestrictionsNone input/`,
// kustomize v5.5.0), document by document; when kubectl failed (expected-error.txt) fluxlint
// must report an error too. Every rendered value must carry a span into an input file.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "kustomize/build.h"
#include "kustomize/test_util.h"
#include "source/memory_tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint::kustomize {
namespace {

namespace fs = std::filesystem;
using testing::CheckProvenance;
using testing::Dump;
using testing::Issues;
using testing::LoadDirectory;
using testing::ParseDocuments;
using testing::ReadDiskFile;

fs::path CasesDir() { return fs::path(FLUXLINT_SOURCE_DIR) / "tests" / "kustomize" / "cases"; }

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  if (!fs::exists(CasesDir())) return names;
  for (const auto& e : fs::directory_iterator(CasesDir())) {
    if (e.is_directory() && fs::exists(e.path() / "input")) {
      names.push_back(e.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, MatchesKubectl) {
  fs::path dir = CasesDir() / GetParam();
  source::MemoryTree tree("fixture");
  LoadDirectory(dir / "input", &tree);
  SourceStore store;
  yaml::ParseCache cache(store);
  BuildResult result = Build(tree, "", cache);
  if (std::getenv("FLUXLINT_FIXTURE_VERBOSE") != nullptr) std::cerr << Issues(result);

  if (fs::exists(dir / "expected-error.txt")) {
    EXPECT_FALSE(result.ok()) << "kubectl failed with: " << ReadDiskFile(dir / "expected-error.txt")
                              << "but fluxlint built:\n"
                              << Dump(result.objects);
    // Errors point at a real place.
    for (const BuildIssue& i : result.issues) {
      EXPECT_TRUE(i.span.valid()) << "issue without a span: " << i.message;
    }
    return;
  }
  ASSERT_TRUE(fs::exists(dir / "expected.yaml")) << "no expected.yaml in " << dir;
  ASSERT_TRUE(result.ok()) << Issues(result);
  std::vector<yaml::Node> expected =
      ParseDocuments(store, "expected.yaml", ReadDiskFile(dir / "expected.yaml"));
  ASSERT_EQ(result.objects.size(), expected.size()) << "fluxlint:\n"
                                                    << Dump(result.objects) << "\nkubectl:\n"
                                                    << Dump(expected);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(yaml::Equal(result.objects[i], expected[i]))
        << "document " << i << " differs\nfluxlint:\n"
        << Dump({result.objects[i]}) << "kubectl:\n"
        << Dump({expected[i]});
  }

  // Provenance: every rendered value points at a line of an input file.
  std::set<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir / "input")) {
    if (e.is_regular_file()) files.insert(fs::relative(e.path(), dir / "input").generic_string());
  }
  for (size_t i = 0; i < result.objects.size(); ++i) {
    std::string err = CheckProvenance(result.objects[i], files, "doc" + std::to_string(i));
    EXPECT_EQ(err, "") << "provenance";
  }
}

std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

INSTANTIATE_TEST_SUITE_P(Cases, FixtureTest, ::testing::ValuesIn(CaseNames()), CaseTestName);

TEST(FixtureSuite, HasEnoughCases) { EXPECT_GE(CaseNames().size(), 150u); }

}  // namespace
}  // namespace fluxlint::kustomize
