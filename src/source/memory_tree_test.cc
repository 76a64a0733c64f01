#include "source/memory_tree.h"

#include <gtest/gtest.h>

#include "source/tree_test_util.h"

namespace fluxlint::source {
namespace {

using testing::Names;

TEST(MemoryTreeTest, FixtureBehaviour) {
  MemoryTree tree;
  testing::PopulateMemory(tree);
  testing::ExpectFixtureBehaviour(tree);
}

TEST(MemoryTreeTest, ImpliedAndEmptyDirectories) {
  MemoryTree tree("test tree");
  EXPECT_EQ(tree.Describe(), "test tree");
  tree.AddFile("a/b/c.yaml", "c");
  tree.AddDirectory("empty");
  tree.AddDirectory("a/b");  // already implied: no change
  EXPECT_EQ(*tree.Stat("a"), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Stat("a/b"), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Stat("empty"), EntryKind::kDirectory);
  auto root = tree.List("");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(Names(*root), (std::vector<std::string>{"a", "empty"}));
  auto empty = tree.List("empty");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto b = tree.List("a/b");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].name, "c.yaml");
  EXPECT_EQ((*b)[0].kind, EntryKind::kFile);
}

TEST(MemoryTreeTest, ListIsSortedByNameNotByPath) {
  MemoryTree tree;
  // As full paths "a-b" < "a/x" < "a0" < "a_"; as names "a" < "a-b" < "a0" < "a_".
  tree.AddFile("a0", "");
  tree.AddFile("a/x", "");
  tree.AddFile("a-b", "");
  tree.AddFile("a_", "");
  tree.AddFile("B", "");
  auto root = tree.List("");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(Names(*root), (std::vector<std::string>{"B", "a", "a-b", "a0", "a_"}));
}

TEST(MemoryTreeTest, ReplacingEntries) {
  MemoryTree tree;
  tree.AddFile("x.yaml", "one");
  tree.AddFile("./x.yaml", "two");  // paths are normalised
  EXPECT_EQ(*tree.Read("x.yaml", 100), "two");
  EXPECT_EQ(*tree.Id("x.yaml"), BlobId("two"));

  // A file where a directory was removes what was below it, and the reverse.
  tree.AddFile("d/inner.yaml", "in");
  tree.AddFile("d", "now a file");
  EXPECT_EQ(*tree.Stat("d"), EntryKind::kFile);
  EXPECT_EQ(tree.Stat("d/inner.yaml").status().code(), ErrorCode::kNotFound);
  tree.AddFile("d/again.yaml", "again");
  EXPECT_EQ(*tree.Stat("d"), EntryKind::kDirectory);
  EXPECT_EQ(*tree.Read("d/again.yaml", 100), "again");

  tree.AddSymlink("l", "x.yaml");
  EXPECT_EQ(*tree.Read("l", 100), "two");
  tree.AddFile("l", "plain");
  EXPECT_EQ(*tree.Read("l", 100), "plain");
}

TEST(MemoryTreeTest, ErrorMessagesNamePaths) {
  MemoryTree tree;
  tree.AddFile("apps/a.yaml", "a");
  tree.AddSymlink("apps/gone.yaml", "missing.yaml");
  auto missing = tree.Read("apps/b.yaml", 10);
  EXPECT_EQ(missing.status().message(), "path 'apps/b.yaml' does not exist");
  auto dangling = tree.Read("apps/gone.yaml", 10);
  EXPECT_EQ(dangling.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(dangling.status().message(),
            "path 'apps/gone.yaml' does not exist (symlink 'apps/gone.yaml' points to "
            "'missing.yaml')");
  auto dir = tree.Read("apps", 10);
  EXPECT_EQ(dir.status().message(), "path 'apps' is a directory");
  auto under_file = tree.Stat("apps/a.yaml/x");
  EXPECT_EQ(under_file.status().message(),
            "path 'apps/a.yaml/x' does not exist ('apps/a.yaml' is not a directory)");
}

TEST(MemoryTreeTest, LongChainsAndLoops) {
  MemoryTree tree;
  tree.AddFile("target", "t");
  // 40 links in a chain is fine; 41 is reported as a loop.
  for (int i = 0; i < 40; ++i) {
    tree.AddSymlink("l" + std::to_string(i), i == 39 ? "target" : "l" + std::to_string(i + 1));
  }
  EXPECT_EQ(*tree.Read("l0", 10), "t");
  tree.AddSymlink("extra", "l0");
  auto too_many = tree.Read("extra", 10);
  EXPECT_EQ(too_many.status().code(), ErrorCode::kSymlinkLoop);
  EXPECT_EQ(too_many.status().message(), "symlink loop at 'extra'");

  // A link to its own directory lets paths grow without end; it must still stop.
  tree.AddSymlink("d/self", ".");
  tree.AddFile("d/x", "dx");
  EXPECT_EQ(*tree.Read("d/self/self/self/../self/x", 10), "dx");
  tree.AddSymlink("d/up", "../d/up");
  EXPECT_EQ(tree.Stat("d/up").status().code(), ErrorCode::kSymlinkLoop);
}

}  // namespace
}  // namespace fluxlint::source
