#include "kustomize/normalize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kustomize/test_util.h"

namespace fluxlint::kustomize {
namespace {

TEST(NaturalKeyLess, MatchesKubectlOrder) {
  // The order kubectl kustomize v5.5.0 printed these keys in.
  std::vector<std::string> expected = {"_z",  "1",    "A",     "Z",     "a",   "a-b", "a.b",
                                       "a_b", "a9",   "a09",   "a009",  "a10", "aB",  "ab",
                                       "b",   "x2y9", "x2y10", "x10y1", "é"};
  std::vector<std::string> keys = expected;
  std::reverse(keys.begin(), keys.end());
  std::stable_sort(keys.begin(), keys.end(),
                   [](const std::string& a, const std::string& b) { return NaturalKeyLess(a, b); });
  EXPECT_EQ(keys, expected);
}

TEST(CanonicalFloat, LikeGoThroughJson) {
  EXPECT_EQ(CanonicalFloat("1.0"), "1");
  EXPECT_EQ(CanonicalFloat("1e3"), "1000");
  EXPECT_EQ(CanonicalFloat("2.5"), "2.5");
  EXPECT_EQ(CanonicalFloat("1.5e300"), "1.5e+300");
  EXPECT_EQ(CanonicalFloat("0.000001"), "1e-06");
  EXPECT_EQ(CanonicalFloat("0.0001"), "0.0001");
  EXPECT_EQ(CanonicalFloat("1234567.5"), "1.2345675e+06");
  EXPECT_EQ(CanonicalFloat("-0.5"), "-0.5");
  EXPECT_EQ(CanonicalFloat(".inf"), ".inf");
  EXPECT_EQ(CanonicalFloat("-.Inf"), "-.inf");
  EXPECT_EQ(CanonicalFloat(".NaN"), ".nan");
}

TEST(CanonicalTimestamp, Rfc3339) {
  EXPECT_EQ(CanonicalTimestamp("2024-01-01"), "2024-01-01T00:00:00Z");
  EXPECT_EQ(CanonicalTimestamp("2024-1-2"), "2024-01-02T00:00:00Z");
  EXPECT_EQ(CanonicalTimestamp("2024-01-01T10:20:30Z"), "2024-01-01T10:20:30Z");
  EXPECT_EQ(CanonicalTimestamp("2024-01-01t1:2:3.500+02:00"), "2024-01-01T01:02:03.5+02:00");
  EXPECT_EQ(CanonicalTimestamp("2024-01-01 10:20:30"), "2024-01-01T10:20:30Z");
  EXPECT_EQ(CanonicalTimestamp("2024-01-01T10:20:30+00:00"), "2024-01-01T10:20:30Z");
  EXPECT_FALSE(CanonicalTimestamp("2024-13-01"));
  EXPECT_FALSE(CanonicalTimestamp("2023-02-29"));
  EXPECT_FALSE(CanonicalTimestamp("2024-01-01T10:20:30"));  // T needs a zone
  EXPECT_FALSE(CanonicalTimestamp("20240101"));
  EXPECT_FALSE(CanonicalTimestamp("1.2.3"));
}

TEST(NormalizeOutput, SortsKeysAndCanonicalizesScalars) {
  SourceStore store;
  yaml::Node n = testing::ParseOne(store, "x.yaml",
                                   "b: True\na10: 0x10\na9: 1.0\nnested: {z: ~, y: [1e3, '1e3']}\n"
                                   "when: 2024-01-01\nquoted: \"2024-01-01\"\n");
  NormalizeOutput(n);
  ASSERT_EQ(n.EntryCount(), 6u);
  EXPECT_EQ(n.Key(0).value, "a9");
  EXPECT_EQ(n.Value(0).value, "1");
  EXPECT_EQ(n.Key(1).value, "a10");
  EXPECT_EQ(n.Value(1).value, "16");
  EXPECT_EQ(n.Key(2).value, "b");
  EXPECT_EQ(n.Value(2).value, "true");
  const yaml::Node* nested = n.Get("nested");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->Key(0).value, "y");
  EXPECT_EQ(nested->Value(0).children[0].value, "1000");
  EXPECT_EQ(nested->Value(0).children[1].value, "1e3");  // a string stays as written
  EXPECT_EQ(n.GetString("when"), "2024-01-01T00:00:00Z");
  EXPECT_EQ(n.GetString("quoted"), "2024-01-01");
  // Spans survive.
  EXPECT_TRUE(n.Key(0).span.valid());
  EXPECT_TRUE(n.Value(2).span.valid());
}

}  // namespace
}  // namespace fluxlint::kustomize
