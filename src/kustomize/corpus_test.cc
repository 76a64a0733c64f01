// The corpus check: every kustomization directory of the real Flux repositories in
// ../shared/corpus that kubectl builds renders the same objects in the same order with
// fluxlint. Expected outputs come from tests/kustomize/corpus/regenerate.sh (kubectl kustomize
// --load-restrictor LoadRestrictionsNone, kustomize v5.5.0).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kustomize/build.h"
#include "kustomize/test_util.h"
#include "source/repository.h"
#include "yaml/parse_cache.h"

namespace fluxlint::kustomize {
namespace {

namespace fs = std::filesystem;
using testing::Dump;
using testing::Issues;
using testing::ParseDocuments;
using testing::ReadDiskFile;

fs::path ExpectedDir() { return fs::path(FLUXLINT_SOURCE_DIR) / "tests" / "kustomize" / "corpus"; }
fs::path CorpusDir() { return fs::path(testing::SharedDir()) / "corpus"; }

struct CorpusCase {
  std::string repo;
  std::string dir;  // "" for the repository root
  fs::path expected;
};

std::vector<CorpusCase> Cases() {
  std::vector<CorpusCase> out;
  if (!fs::exists(ExpectedDir())) return out;
  for (const auto& e : fs::recursive_directory_iterator(ExpectedDir())) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
    fs::path rel = fs::relative(e.path(), ExpectedDir());
    CorpusCase c;
    c.repo = rel.begin()->string();
    fs::path inner = fs::relative(rel, c.repo);
    std::string dir = inner.replace_extension().generic_string();
    c.dir = dir == "_root" ? "" : dir;
    c.expected = e.path();
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const CorpusCase& a, const CorpusCase& b) {
    return a.repo + "/" + a.dir < b.repo + "/" + b.dir;
  });
  return out;
}

class CorpusTest : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(CorpusTest, MatchesKubectl) {
  const CorpusCase& c = GetParam();
  if (!fs::exists(CorpusDir() / c.repo)) GTEST_SKIP() << "corpus not found at " << CorpusDir();
  std::unique_ptr<source::Tree> tree = source::OpenDirectoryTree((CorpusDir() / c.repo).string());
  SourceStore store;
  yaml::ParseCache cache(store);
  BuildResult result = Build(*tree, c.dir, cache);
  ASSERT_TRUE(result.ok()) << Issues(result);
  std::vector<yaml::Node> expected = ParseDocuments(store, "expected", ReadDiskFile(c.expected));
  ASSERT_EQ(result.objects.size(), expected.size()) << Dump(result.objects);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(yaml::Equal(result.objects[i], expected[i]))
        << "document " << i << "\nfluxlint:\n"
        << Dump({result.objects[i]}) << "kubectl:\n"
        << Dump({expected[i]});
  }
  // Every file read is in the closure with its blob id.
  for (const auto& [path, id] : result.closure) {
    if (!id.empty()) {
      EXPECT_EQ(id.size(), 40u) << path;
    }
  }
}

std::string Name(const ::testing::TestParamInfo<CorpusCase>& info) {
  std::string s = info.param.repo + "_" + (info.param.dir.empty() ? "root" : info.param.dir);
  for (char& ch : s) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(Cases()), Name);

TEST(CorpusSuite, CoversEveryKustomizationKubectlBuilds) {
  if (!fs::exists(CorpusDir())) GTEST_SKIP() << "corpus not found at " << CorpusDir();
  std::set<std::string> failing;
  std::string failing_text = ReadDiskFile(ExpectedDir() / "failing.txt");
  size_t pos = 0;
  while (pos < failing_text.size()) {
    size_t nl = failing_text.find('\n', pos);
    if (nl == std::string::npos) nl = failing_text.size();
    if (nl > pos) failing.insert(failing_text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  std::set<std::string> covered;
  for (const CorpusCase& c : Cases()) covered.insert(c.repo + "/" + (c.dir.empty() ? "." : c.dir));
  size_t dirs = 0;
  for (const auto& e : fs::recursive_directory_iterator(CorpusDir())) {
    std::string name = e.path().filename().string();
    if (name != "kustomization.yaml" && name != "kustomization.yml" && name != "Kustomization") {
      continue;
    }
    ++dirs;
    fs::path rel = fs::relative(e.path().parent_path(), CorpusDir());
    std::string key = rel.generic_string();
    if (key.find('/') == std::string::npos) key += "/.";
    EXPECT_TRUE(covered.count(key) || failing.count(key)) << key << " has no expected output";
  }
  EXPECT_GT(dirs, 0u);
  EXPECT_EQ(covered.size() + failing.size(), dirs);
}

}  // namespace
}  // namespace fluxlint::kustomize
