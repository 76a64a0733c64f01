#include "source/disk_tree.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "source/repository.h"
#include "source/tree_test_util.h"

namespace fluxlint::source {
namespace {

using testing::MakeSymlink;
using testing::Names;
using testing::TempDir;
using testing::WriteFile;

TEST(DirectoryTreeTest, FixtureBehaviour) {
  TempDir dir;
  testing::PopulateDisk(dir.path());
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir.path());
  testing::ExpectFixtureBehaviour(*tree);
  EXPECT_EQ(tree->Describe(), "directory " + dir.path());
}

TEST(DirectoryTreeTest, SameAsMemoryTree) {
  // Everything a MemoryTree says about the fixture, the directory tree says too.
  TempDir dir;
  testing::PopulateDisk(dir.path());
  std::unique_ptr<Tree> disk = OpenDirectoryTree(dir.path() + "/");
  MemoryTree memory;
  testing::PopulateMemory(memory);
  for (const testing::FixtureEntry& e : testing::Fixture()) {
    SCOPED_TRACE(e.path);
    auto a = disk->Read(e.path, 1000);
    auto b = memory.Read(e.path, 1000);
    EXPECT_EQ(a.ok(), b.ok());
    EXPECT_EQ(a.status().code(), b.status().code());
    EXPECT_EQ(a.status().message(), b.status().message());
    if (a.ok() && b.ok()) {
      EXPECT_EQ(*a, *b);
    }
  }
}

TEST(DirectoryTreeTest, LeavesOutDotGitEverywhere) {
  TempDir dir;
  WriteFile(dir / ".git/config", "x");
  WriteFile(dir / "sub/.git", "gitdir: elsewhere");
  WriteFile(dir / "sub/a.yaml", "a");
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir.path());
  EXPECT_EQ(Names(*tree->List("")), (std::vector<std::string>{"sub"}));
  EXPECT_EQ(Names(*tree->List("sub")), (std::vector<std::string>{"a.yaml"}));
  // Without a repository a nested ".git" does not make a submodule.
  EXPECT_EQ(*tree->Stat("sub"), EntryKind::kDirectory);
  EXPECT_EQ(tree->Read(".git/config", 10).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(tree->Stat("sub/.git").status().code(), ErrorCode::kNotFound);
}

TEST(DirectoryTreeTest, SpecialFilesAreNotRead) {
  TempDir dir;
  std::string fifo = dir / "pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  MakeSymlink(dir / "to-pipe", "pipe");
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir.path());
  auto list = tree->List("");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].kind, EntryKind::kOther);
  EXPECT_EQ(*tree->Stat("pipe"), EntryKind::kOther);
  EXPECT_EQ(*tree->Stat("to-pipe"), EntryKind::kOther);
  auto start = std::chrono::steady_clock::now();
  auto read = tree->Read("to-pipe", 100);  // must not block on the FIFO
  EXPECT_EQ(read.status().code(), ErrorCode::kNotAFile);
  EXPECT_EQ(read.status().message(), "path 'to-pipe' is not a regular file");
  EXPECT_EQ(tree->Id("pipe").status().code(), ErrorCode::kNotAFile);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(DirectoryTreeTest, SizeLimitAndIdOfLargeFile) {
  TempDir dir;
  std::string content(300000, 'x');
  WriteFile(dir / "big.yaml", content);
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir.path());
  auto read = tree->Read("big.yaml", 1000);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(),
            "file 'big.yaml' is 300000 bytes, larger than the limit of 1000 bytes");
  // Id has no limit and matches the content's blob id.
  EXPECT_EQ(*tree->Id("big.yaml"), BlobId(content));
  EXPECT_EQ(*tree->Read("big.yaml", content.size()), content);
}

TEST(DirectoryTreeTest, RootReachedThroughSymlink) {
  TempDir dir;
  WriteFile(dir / "real/a.yaml", "a");
  MakeSymlink(dir / "alias", "real");
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir / "alias");
  EXPECT_EQ(*tree->Read("a.yaml", 10), "a");
  EXPECT_EQ(Names(*tree->List("")), (std::vector<std::string>{"a.yaml"}));
}

TEST(DirectoryTreeTest, SymlinkToAbsolutePathInsideRootIsStillOutside) {
  // Targets are judged as text, like git stores them: an absolute target is never followed.
  TempDir dir;
  WriteFile(dir / "a.yaml", "a");
  MakeSymlink(dir / "abs", dir / "a.yaml");
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir.path());
  EXPECT_EQ(tree->Read("abs", 10).status().code(), ErrorCode::kOutsideRoot);
}

TEST(DirectoryTreeTest, MissingRoot) {
  TempDir dir;
  std::unique_ptr<Tree> tree = OpenDirectoryTree(dir / "nope");
  auto list = tree->List("");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(list.status().message(), "directory '" + (dir / "nope") + "' does not exist");
  EXPECT_EQ(tree->Read("a.yaml", 10).status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fluxlint::source
