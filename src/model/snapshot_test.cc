#include "model/snapshot.h"

#include <gtest/gtest.h>

#include "source/memory_tree.h"

namespace fluxlint::model {
namespace {

std::vector<std::string> Paths(const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f->file->path);
  return out;
}

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tree_.AddFile("apps/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    tree_.AddFile("apps/vendor/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    tree_.AddFile("infra/c.yml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n");
    tree_.AddFile(".github/workflows/ci.yaml", "on: push\n");
    tree_.AddFile("apps/.hidden.yaml", "a: 1\n");
    tree_.AddFile("README.md", "# x\n");
    tree_.AddSymlink("infra/outside.yaml", "../../etc/passwd");
  }

  Snapshot Load(std::vector<std::string> paths, bool graph) {
    SnapshotOptions options;
    options.paths = std::move(paths);
    options.ignore_paths = {"vendor"};
    options.build_graph = graph;
    return LoadSnapshot(tree_, options, cache_);
  }

  source::MemoryTree tree_{"work tree"};
  SourceStore store_;
  yaml::ParseCache cache_{store_};
};

TEST_F(SnapshotTest, WithoutTheGraphOnlyLintedFilesAreRead) {
  Snapshot s = Load({"apps"}, false);
  EXPECT_FALSE(s.graph_built());
  EXPECT_EQ(Paths(s.files()), (std::vector<std::string>{"apps/a.yaml"}));
  EXPECT_EQ(Paths(s.all_files()), Paths(s.files()));
  EXPECT_EQ(cache_.parse_count(), 1u);  // nothing else was parsed
  EXPECT_TRUE(s.flux().kustomizations.empty());
  EXPECT_EQ(s.objects().all().size(), 1u);
}

TEST_F(SnapshotTest, WithTheGraphTheWholeRepositoryIsIndexed) {
  Snapshot s = Load({"./apps/"}, true);
  EXPECT_TRUE(s.graph_built());
  EXPECT_EQ(Paths(s.files()), (std::vector<std::string>{"apps/a.yaml"}));
  // Dotfiles and dot-directories are skipped, ignorePaths only leave files out of linting.
  EXPECT_EQ(Paths(s.all_files()),
            (std::vector<std::string>{"apps/a.yaml", "apps/vendor/b.yaml", "infra/c.yml"}));
  EXPECT_EQ(s.objects().all().size(), 3u);
  EXPECT_NE(s.objects().Find("Secret", "", "c", false), nullptr);
  // The unreadable symlink is outside the linted paths: not reported.
  EXPECT_TRUE(s.unreadable().empty());
  EXPECT_TRUE(s.IsLinted("apps/a.yaml"));
  EXPECT_FALSE(s.IsLinted("apps/vendor/b.yaml"));
  EXPECT_FALSE(s.IsLinted("infra/c.yml"));
}

TEST_F(SnapshotTest, ExplicitFilesAreReadAndUnreadableOnesReported) {
  Snapshot s = Load({"apps/.hidden.yaml", "infra"}, true);
  EXPECT_EQ(Paths(s.files()), (std::vector<std::string>{"apps/.hidden.yaml", "infra/c.yml"}));
  ASSERT_EQ(s.unreadable().size(), 1u);
  EXPECT_EQ(s.unreadable()[0].span.path(), "infra/outside.yaml");
  EXPECT_EQ(s.unreadable()[0].status.code(), ErrorCode::kOutsideRoot);
}

}  // namespace
}  // namespace fluxlint::model
