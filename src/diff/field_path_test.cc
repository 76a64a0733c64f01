#include "diff/field_path.h"

#include <gtest/gtest.h>

#include "diff/quantity.h"
#include "diff/test_util.h"

namespace fluxlint::diff {
namespace {

TEST(FieldPathTest, ParsesKeysItemsAndQuotedKeys) {
  Result<FieldPath> p = ParseFieldPath("spec.template.spec.containers[*].image");
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->size(), 6u);
  EXPECT_EQ((*p)[3].key, "containers");
  EXPECT_TRUE((*p)[4].item);
  EXPECT_TRUE((*p)[4].any_item);
  EXPECT_EQ((*p)[5].key, "image");

  p = ParseFieldPath("metadata.annotations.\"example.com/owner\"");
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ((*p)[2].key, "example.com/owner");

  p = ParseFieldPath("spec.clusterIPs[0]");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE((*p)[2].any_item);
  EXPECT_EQ((*p)[2].position, 0u);
}

TEST(FieldPathTest, RejectsMalformedPathsWithAPosition) {
  for (const char* bad : {"", "spec..selector", ".spec", "spec.", "[*]", "spec[x]", "spec[*",
                          "spec.\"open", "spec[*]x"}) {
    Result<FieldPath> p = ParseFieldPath(bad);
    EXPECT_FALSE(p.ok()) << bad;
    if (!p.ok() && !std::string(bad).empty()) {
      EXPECT_NE(p.status().message().find("character"), std::string::npos) << bad;
    }
  }
}

TEST(FieldPathTest, FormatsLikeKubernetesFieldErrors) {
  FieldPath p = {PathSegment::Key("spec"), PathSegment::Key("selector"),
                 PathSegment::Key("matchLabels"), PathSegment::Key("team")};
  EXPECT_EQ(FormatFieldPath(p), "spec.selector.matchLabels.team");
  FieldPath q = {PathSegment::Key("metadata"), PathSegment::Key("labels"),
                 PathSegment::Key("app.kubernetes.io/name")};
  EXPECT_EQ(FormatFieldPath(q), "metadata.labels[app.kubernetes.io/name]");
  FieldPath r = {PathSegment::Key("spec"), PathSegment::Key("containers"), PathSegment::Item(2),
                 PathSegment::Key("image")};
  EXPECT_EQ(FormatFieldPath(r), "spec.containers[2].image");
}

TEST(FieldPathTest, CoversAndAbove) {
  FieldPath pattern = ParseFieldPath("spec.volumeClaimTemplates[*].metadata.labels").value();
  FieldPath inside = ParseFieldPath("spec.volumeClaimTemplates[3].metadata.labels.team").value();
  FieldPath above = ParseFieldPath("spec.volumeClaimTemplates[1]").value();
  FieldPath other = ParseFieldPath("spec.template.metadata.labels").value();
  EXPECT_TRUE(PatternCovers(pattern, inside));
  EXPECT_FALSE(PatternCovers(pattern, above));
  EXPECT_TRUE(PathAbovePattern(above, pattern));
  EXPECT_FALSE(PatternCovers(pattern, other));
  EXPECT_FALSE(PathAbovePattern(other, pattern));
  FieldPath glob = ParseFieldPath("metadata.annotations.\"cert-manager.io/*\"").value();
  FieldPath ann = {PathSegment::Key("metadata"), PathSegment::Key("annotations"),
                   PathSegment::Key("cert-manager.io/issuer")};
  EXPECT_TRUE(PatternCovers(glob, ann));
  ann[2].key = "example.com/x";
  EXPECT_FALSE(PatternCovers(glob, ann));
}

TEST(FieldPathTest, ResolvesWildcards) {
  testing::Docs docs;
  const yaml::Node& root = docs.Parse(
      "spec:\n  containers:\n  - name: a\n    image: x\n  - name: b\n    image: y\n"
      "  labels: {p: 1, q: 2}\n");
  std::vector<Located> images = Resolve(root, ParseFieldPath("spec.containers[*].image").value());
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[1].node->value, "y");
  EXPECT_EQ(FormatFieldPath(images[1].path), "spec.containers[1].image");
  std::vector<Located> labels = Resolve(root, ParseFieldPath("spec.labels.*").value());
  EXPECT_EQ(labels.size(), 2u);
  EXPECT_EQ(NodeAt(root, images[0].path)->value, "x");
  EXPECT_EQ(NodeAt(root, ParseFieldPath("spec.missing").value()), nullptr);
}

TEST(QuantityTest, ParsesKubernetesQuantities) {
  EXPECT_EQ(*ParseQuantity("1Gi"), 1073741824.0L);
  EXPECT_EQ(*ParseQuantity("1024Mi"), *ParseQuantity("1Gi"));
  EXPECT_EQ(*ParseQuantity("500m"), 0.5L);
  EXPECT_EQ(*ParseQuantity("2k"), 2000.0L);
  EXPECT_EQ(*ParseQuantity("1e3"), 1000.0L);
  EXPECT_EQ(*ParseQuantity("1.5"), 1.5L);
  EXPECT_LT(*ParseQuantity("5Gi"), *ParseQuantity("10Gi"));
  EXPECT_FALSE(ParseQuantity("").has_value());
  EXPECT_FALSE(ParseQuantity("Gi").has_value());
  EXPECT_FALSE(ParseQuantity("10GB").has_value());
  EXPECT_FALSE(ParseQuantity("ten").has_value());
}

}  // namespace
}  // namespace fluxlint::diff
