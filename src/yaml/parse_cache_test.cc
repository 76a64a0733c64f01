#include "yaml/parse_cache.h"

#include <gtest/gtest.h>

#include <atomic>

#include "source/memory_tree.h"

namespace fluxlint::yaml {
namespace {

/// A MemoryTree that counts how often file contents are read.
class CountingTree : public source::MemoryTree {
 public:
  using MemoryTree::MemoryTree;
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override {
    ++reads;
    return MemoryTree::Read(path, max_bytes);
  }
  mutable std::atomic<int> reads{0};
};

TEST(ParseCacheTest, TheSameBlobAtTwoRevisionsIsReadAndParsedOnce) {
  CountingTree base("HEAD"), head("index");
  base.AddFile("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\n");
  head.AddFile("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\n");
  head.AddFile("apps/new.yaml", "a: 1\n");
  SourceStore store;
  ParseCache cache(store);
  auto a = cache.Parse(base, "apps/cm.yaml");
  auto b = cache.Parse(head, "apps/cm.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ(base.reads + head.reads, 1);
  EXPECT_EQ(cache.parse_count(), 1u);
  ASSERT_TRUE(cache.Parse(head, "apps/new.yaml").ok());
  EXPECT_EQ(head.reads, 1);
  EXPECT_EQ(cache.parse_count(), 2u);
}

TEST(ParseCacheTest, SamePathDifferentContentIsParsedAgain) {
  source::MemoryTree base("HEAD"), head("index");
  base.AddFile("cm.yaml", "a: 1\n");
  head.AddFile("cm.yaml", "a: 2\n");
  SourceStore store;
  ParseCache cache(store);
  auto a = cache.Parse(base, "cm.yaml");
  auto b = cache.Parse(head, "cm.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->get(), b->get());
  EXPECT_EQ((*b)->documents.at(0).root.GetString("a"), "2");
  EXPECT_EQ(store.Find("cm.yaml", (*a)->file->content_id), (*a)->file);
  EXPECT_EQ(store.Find("cm.yaml", ""), nullptr);
}

TEST(ParseCacheTest, ErrorsComeFromTheTree) {
  source::MemoryTree tree;
  SourceStore store;
  ParseCache cache(store);
  auto missing = cache.Parse(tree, "nope.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fluxlint::yaml
