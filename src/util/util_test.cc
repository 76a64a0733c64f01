#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "util/edit_distance.h"
#include "util/glob.h"
#include "util/status.h"
#include "util/thread_pool.h"

namespace fluxlint {
namespace {

TEST(EditDistanceTest, Basics) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("infra", "infra"), 0u);
  EXPECT_EQ(EditDistance("infra", "infr"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("infar", "infra"), 1u);
  EXPECT_GT(EditDistance("abcdefgh", "zzzzzzzzzzzzzzzz", 2), 2u);
}

TEST(EditDistanceTest, DidYouMean) {
  std::vector<std::string> names = {"infrastructure", "apps", "infra"};
  EXPECT_EQ(DidYouMean("infar", names), ", did you mean 'infra'?");
  EXPECT_EQ(DidYouMean("select", {"select", "ignore"}), "");
  EXPECT_EQ(DidYouMean("selct", {"select", "ignore"}), ", did you mean 'select'?");
  EXPECT_EQ(DidYouMean("zzzzzz", names), "");
}

TEST(GlobTest, RuleIds) {
  EXPECT_TRUE(GlobMatch("flux-*", "flux-dependson-cycle"));
  EXPECT_TRUE(GlobMatch("*", "yaml-syntax-error"));
  EXPECT_TRUE(GlobMatch("*-cycle", "flux-dependson-cycle"));
  EXPECT_TRUE(GlobMatch("yaml-?uplicate-key", "yaml-duplicate-key"));
  EXPECT_FALSE(GlobMatch("flux-*", "yaml-syntax-error"));
  EXPECT_FALSE(GlobMatch("flux", "flux-x"));
}

TEST(GlobTest, Paths) {
  EXPECT_TRUE(PathGlobMatch("vendor", "vendor/a/b.yaml"));
  EXPECT_TRUE(PathGlobMatch("vendor/", "x/vendor/b.yaml"));
  EXPECT_TRUE(PathGlobMatch("*.values.yaml", "apps/podinfo.values.yaml"));
  EXPECT_TRUE(PathGlobMatch("apps/**/secret.yaml", "apps/a/b/secret.yaml"));
  EXPECT_FALSE(PathGlobMatch("apps/*/secret.yaml", "apps/a/b/secret.yaml"));
  EXPECT_TRUE(PathGlobMatch("./clusters/staging", "clusters/staging/flux.yaml"));
  EXPECT_FALSE(PathGlobMatch("clusters/staging", "clusters/production/flux.yaml"));
}

TEST(ThreadPoolTest, RunsEveryItemOnce) {
  std::vector<std::atomic<int>> hits(1000);
  ParallelFor(hits.size(), 4, [&](size_t i) { hits[i]++; });
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
  ParallelFor(0, 4, [&](size_t) { FAIL(); });
}

TEST(StatusTest, ResultHoldsValue) {
  Result<int> ok(3);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 3);
}

TEST(StatusTest, ResultHoldsError) {
  Result<int> bad(ErrorCode::kNotFound, "no such file 'a.yaml'");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(bad.status().message(), "no such file 'a.yaml'");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kOutsideRoot), "outside-root");
}

}  // namespace
}  // namespace fluxlint

#include "util/base64.h"
#include "util/graph.h"

namespace fluxlint {
namespace {

TEST(Base64Test, DecodesKubernetesSecretData) {
  EXPECT_EQ(DecodeBase64("aGVsbG8="), "hello");
  EXPECT_EQ(DecodeBase64("aGVsbG8"), "hello");  // padding optional
  EXPECT_EQ(DecodeBase64("aGVs\nbG8=\n"), "hello");
  EXPECT_EQ(DecodeBase64(""), "");
  EXPECT_EQ(DecodeBase64("aGVsbG8=x"), std::nullopt);
  EXPECT_EQ(DecodeBase64("a$b"), std::nullopt);
}

TEST(GraphTest, StronglyConnectedComponents) {
  // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0; 4 -> 4 is a self-loop; 5 is alone.
  std::vector<std::vector<size_t>> g = {{1}, {2}, {0}, {0}, {4}, {}};
  int count = 0;
  std::vector<int> comp = StronglyConnectedComponents(g, &count);
  EXPECT_EQ(count, 4);
  EXPECT_EQ(comp[0], comp[1]);
  EXPECT_EQ(comp[1], comp[2]);
  EXPECT_NE(comp[3], comp[0]);
  EXPECT_LT(comp[0], comp[3]);  // completed before the component that reaches it
  EXPECT_NE(comp[4], comp[5]);
}

TEST(GraphTest, DeepChainDoesNotRecurse) {
  std::vector<std::vector<size_t>> g(200000);
  for (size_t i = 0; i + 1 < g.size(); ++i) g[i].push_back(i + 1);
  int count = 0;
  StronglyConnectedComponents(g, &count);
  EXPECT_EQ(count, 200000);
}

}  // namespace
}  // namespace fluxlint
