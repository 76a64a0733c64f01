#include "kustomize/kustomization.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kustomize/field_spec.h"
#include "kustomize/test_util.h"

namespace fluxlint::kustomize {
namespace {

using testing::ParseOne;

class KustomizationTest : public ::testing::Test {
 protected:
  Kustomization Parse(const std::string& text) {
    doc_ = ParseOne(store_, "kustomization.yaml", text);
    errors_.clear();
    return ParseKustomization(doc_, &errors_);
  }
  SourceStore store_;
  yaml::Node doc_;
  std::vector<ModelError> errors_;
};

TEST_F(KustomizationTest, FieldsWithSpans) {
  Kustomization k = Parse(
      "apiVersion: kustomize.config.k8s.io/v1beta1\n"
      "kind: Kustomization\n"
      "namespace: prod\n"
      "namePrefix: p-\n"
      "resources:\n"
      "- base\n"
      "- svc.yaml\n"
      "bases:\n"
      "- legacy\n"
      "commonLabels:\n"
      "  team: a\n"
      "images:\n"
      "- name: nginx\n"
      "  newTag: \"1.2\"\n"
      "replicas:\n"
      "- name: web\n"
      "  count: 3\n"
      "configMapGenerator:\n"
      "- name: cm\n"
      "  behavior: merge\n"
      "  literals: [a=1]\n"
      "  env: x.env\n"
      "patches:\n"
      "- path: p.yaml\n"
      "  target:\n"
      "    kind: Deployment\n"
      "sortOptions:\n"
      "  order: fifo\n");
  EXPECT_TRUE(errors_.empty()) << errors_.front().message;
  EXPECT_FALSE(k.IsComponent());
  ASSERT_EQ(k.resources.size(), 3u);
  EXPECT_EQ(k.resources[2].value, "legacy");  // bases come after resources
  EXPECT_EQ(k.resources[0].span.begin.line, 6u);
  ASSERT_TRUE(k.name_space);
  EXPECT_EQ(k.name_space->value, "prod");
  EXPECT_EQ(k.name_space->span.begin.line, 3u);
  ASSERT_EQ(k.common_labels.size(), 1u);
  EXPECT_EQ(k.common_labels[0].key.span.begin.line, 11u);
  ASSERT_EQ(k.images.size(), 1u);
  EXPECT_EQ(k.images[0].new_tag, "1.2");
  ASSERT_EQ(k.replicas.size(), 1u);
  EXPECT_EQ(k.replicas[0].count.value, "3");
  ASSERT_EQ(k.config_map_generator.size(), 1u);
  EXPECT_EQ(k.config_map_generator[0].behavior, "merge");
  ASSERT_EQ(k.config_map_generator[0].envs.size(), 1u);
  ASSERT_EQ(k.patches.size(), 1u);
  EXPECT_EQ(k.patches[0].path, "p.yaml");
  ASSERT_NE(k.patches[0].target, nullptr);
  ASSERT_TRUE(k.sort_options);
  EXPECT_EQ(k.sort_options->order, "fifo");
}

TEST_F(KustomizationTest, UnknownFieldWithSuggestion) {
  Parse("resources: []\nnamePrefx: x-\n");
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].code, "unknown-field");
  EXPECT_NE(errors_[0].message.find("did you mean 'namePrefix'"), std::string::npos);
  EXPECT_EQ(errors_[0].span.begin.line, 2u);
}

TEST_F(KustomizationTest, FieldNamesIgnoreCaseLikeEncodingJson) {
  Kustomization k = Parse("NamePrefix: x-\nimages:\n- name: a\n  newtag: b\n");
  EXPECT_TRUE(errors_.empty());
  ASSERT_TRUE(k.name_prefix);
  EXPECT_EQ(k.name_prefix->value, "x-");
  EXPECT_EQ(k.images[0].new_tag, "b");
}

TEST_F(KustomizationTest, TypeErrors) {
  Parse(
      "resources: cm.yaml\nnamespace: 5\ncommonLabels: {a: 1}\nreplicas:\n- name: x\n"
      "  count: \"2\"\n");
  ASSERT_EQ(errors_.size(), 4u);
  for (const ModelError& e : errors_) {
    EXPECT_EQ(e.code, "invalid-field");
    EXPECT_TRUE(e.span.valid());
  }
}

TEST_F(KustomizationTest, KindAndVersion) {
  Kustomization c = Parse(
      "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
      "resources: []\n");
  EXPECT_TRUE(errors_.empty());
  EXPECT_TRUE(c.IsComponent());
  Parse("apiVersion: kustomize.config.k8s.io/v1\nresources: []\n");
  ASSERT_EQ(errors_.size(), 1u);
  Parse("kind: Kustomize\nresources: []\n");
  ASSERT_EQ(errors_.size(), 1u);
  Parse("# empty\n");
  ASSERT_EQ(errors_.size(), 1u);
}

TEST_F(KustomizationTest, NotRenderedParts) {
  Kustomization k = Parse(
      "helmCharts:\n- name: podinfo\n  repo: https://example.com\n"
      "generators:\n- gen.yaml\ntransformers:\n- t.yaml\n");
  EXPECT_TRUE(errors_.empty());
  ASSERT_EQ(k.helm_charts.size(), 1u);
  EXPECT_EQ(k.helm_charts[0].value, "podinfo");
  EXPECT_EQ(k.generators.size(), 1u);
  EXPECT_EQ(k.transformers.size(), 1u);
}

TEST(FieldSpec, SplitPathHonoursEscapes) {
  EXPECT_EQ(SplitFieldPath("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret"),
            (std::vector<std::string>{"metadata", "annotations",
                                      "nginx.ingress.kubernetes.io/auth-secret"}));
  EXPECT_EQ(SplitFieldPath("spec/containers[]/image"),
            (std::vector<std::string>{"spec", "containers[]", "image"}));
}

TEST(FieldSpec, ApplyCreatesOnlyWhenAllowed) {
  SourceStore store;
  yaml::Node obj = ParseOne(store, "o.yaml",
                            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"
                            "spec:\n  template:\n    spec:\n      containers:\n      - image: a\n"
                            "      - image: b\n");
  int calls = 0;
  SetFn count = [&calls](yaml::Node&) -> std::optional<std::string> {
    ++calls;
    return std::nullopt;
  };
  // Walks every element of the containers list.
  EXPECT_FALSE(ApplyFieldSpec(obj, FieldSpec{{}, "spec/template/spec/containers/image", false},
                              CreateKind::kNone, count, Span{}));
  EXPECT_EQ(calls, 2);
  // Missing path, no create: nothing.
  EXPECT_FALSE(ApplyFieldSpec(obj, FieldSpec{{}, "spec/selector/matchLabels", false},
                              CreateKind::kMapping, count, Span{}));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(obj.Find({"spec", "selector"}), nullptr);
  // With create and a kind to create: made.
  EXPECT_FALSE(ApplyFieldSpec(obj, FieldSpec{{}, "spec/selector/matchLabels", true},
                              CreateKind::kMapping, count, Span{}));
  EXPECT_EQ(calls, 3);
  EXPECT_NE(obj.Find({"spec", "selector", "matchLabels"}), nullptr);
  // Create without a kind to create (images): nothing is made.
  EXPECT_FALSE(
      ApplyFieldSpec(obj, FieldSpec{{}, "spec/other/x", true}, CreateKind::kNone, count, Span{}));
  EXPECT_EQ(obj.Find({"spec", "other"}), nullptr);
  // A kind that does not match is skipped.
  EXPECT_FALSE(ApplyFieldSpec(obj, FieldSpec{{"", "", "StatefulSet"}, "metadata/name", false},
                              CreateKind::kNone, count, Span{}));
  EXPECT_EQ(calls, 3);
  // Running into a scalar is an error.
  EXPECT_TRUE(ApplyFieldSpec(obj, FieldSpec{{}, "metadata/name/x", false}, CreateKind::kNone, count,
                             Span{}));
}

TEST(FieldSpec, ParseTransformerConfig) {
  SourceStore store;
  yaml::Node doc = ParseOne(store, "c.yaml",
                            "nameReference:\n- kind: ConfigMap\n  version: v1\n  fieldSpecs:\n"
                            "  - path: spec/valuesFrom/name\n    kind: HelmRelease\n"
                            "commonLabels:\n- path: spec/sel\n  create: true\n"
                            "varReference:\n- path: x\n");
  TransformerConfig c;
  Span span;
  ASSERT_FALSE(ParseTransformerConfig(doc, &c, &span));
  ASSERT_EQ(c.name_reference.size(), 1u);
  EXPECT_EQ(c.name_reference[0].gvk.kind, "ConfigMap");
  EXPECT_EQ(c.name_reference[0].referrers[0].gvk.kind, "HelmRelease");
  ASSERT_EQ(c.common_labels.size(), 1u);
  EXPECT_TRUE(c.common_labels[0].create);
  TransformerConfig merged = TransformerConfig::Default();
  size_t before = merged.name_reference.size();
  merged.Merge(c);
  EXPECT_EQ(merged.name_reference.size(), before);  // merged into the ConfigMap entry
  yaml::Node bad = ParseOne(store, "bad.yaml", "images: 3\n");
  EXPECT_TRUE(ParseTransformerConfig(bad, &c, &span));
  EXPECT_TRUE(span.valid());
}

TEST(ResId, ClusterScopeAndEquality) {
  ResId a{Gvk{"", "v1", "ConfigMap"}, "x", ""};
  ResId b{Gvk{"", "v1", "ConfigMap"}, "x", "default"};
  EXPECT_TRUE(a.Equals(b));
  ResId ns{Gvk{"", "v1", "Namespace"}, "x", "whatever"};
  EXPECT_TRUE(ns.IsClusterScoped());
  EXPECT_TRUE(IsClusterScopedKind("rbac.authorization.k8s.io/v1", "ClusterRole"));
  EXPECT_TRUE(IsClusterScopedKind("apiregistration.k8s.io/v1", "APIService"));
  EXPECT_FALSE(IsClusterScopedKind("example.com/v1", "ClusterRole"));
  EXPECT_FALSE(IsClusterScopedKind("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"));
  EXPECT_TRUE(a.IsSelectedBy(ResId{Gvk{"", "", "ConfigMap"}, "", ""}));
  EXPECT_FALSE(a.IsSelectedBy(ResId{Gvk{"", "", "Secret"}, "", ""}));
}

}  // namespace
}  // namespace fluxlint::kustomize
