#include "kustomize/transformers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kustomize/name_reference.h"
#include "kustomize/sort.h"
#include "kustomize/test_util.h"

namespace fluxlint::kustomize {
namespace {

using testing::ParseOne;

TEST(Images, MatchAndSplit) {
  EXPECT_TRUE(ImageMatches("nginx", "nginx"));
  EXPECT_TRUE(ImageMatches("nginx:1.25", "nginx"));
  EXPECT_TRUE(ImageMatches("nginx@sha256:abc", "nginx"));
  EXPECT_TRUE(ImageMatches("nginx:1@sha256:abc", "nginx"));
  EXPECT_FALSE(ImageMatches("nginx-exporter:1", "nginx"));
  EXPECT_FALSE(ImageMatches("my/nginx", "nginx"));
  EXPECT_TRUE(ImageMatches("registry:5000/app:v1", "registry:5000/app"));
  EXPECT_FALSE(ImageMatches("registry:5000/app:v1", "registry"));

  std::string name, tag, digest;
  SplitImage("registry:5000/team/app:v1@sha256:abc", &name, &tag, &digest);
  EXPECT_EQ(name, "registry:5000/team/app");
  EXPECT_EQ(tag, "v1");
  EXPECT_EQ(digest, "sha256:abc");
  SplitImage("alpine@sha256:def", &name, &tag, &digest);
  EXPECT_EQ(name, "alpine");
  EXPECT_EQ(tag, "");
  EXPECT_EQ(digest, "sha256:def");
  SplitImage("busybox", &name, &tag, &digest);
  EXPECT_EQ(name, "busybox");
  EXPECT_EQ(tag, "");
}

class TransformerTest : public ::testing::Test {
 protected:
  Resource Res(const std::string& yaml) {
    Resource r;
    r.node = ParseOne(store_, "r" + std::to_string(n_++) + ".yaml", yaml);
    r.origin = r.node.span;
    return r;
  }
  Entry E(std::string v) { return Entry{std::move(v), span_}; }

  SourceStore store_;
  int n_ = 0;
  const SourceFile* kfile_ = store_.Add("kustomization.yaml", "namespace: prod\n", "", "t");
  Span span_ = FileSpan(kfile_);
  std::vector<BuildIssue> issues_;
};

TEST_F(TransformerTest, NamespaceSkipsClusterScopedAndSetsDefaultSubjects) {
  std::vector<Resource> rs;
  rs.push_back(Res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"));
  rs.push_back(
      Res("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
          "metadata:\n  name: r\n"));
  rs.push_back(
      Res("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
          "metadata:\n  name: rb\nsubjects:\n- kind: ServiceAccount\n  name: default\n"
          "- kind: ServiceAccount\n  name: other\n"));
  ApplyNamespace(rs, E("prod"), TransformerConfig::Default().name_space, &issues_);
  EXPECT_TRUE(issues_.empty());
  EXPECT_EQ(rs[0].Namespace(), "prod");
  EXPECT_EQ(rs[0].node.Find({"metadata", "namespace"})->span.file, kfile_);
  EXPECT_EQ(rs[1].Namespace(), "");
  EXPECT_EQ(rs[2].node.Get("subjects")->children[0].GetString("namespace"), "prod");
  EXPECT_EQ(rs[2].node.Get("subjects")->children[1].Get("namespace"), nullptr);
  // The old id is remembered.
  ASSERT_EQ(rs[0].prev_ids.size(), 1u);
  EXPECT_EQ(rs[0].OrgId().ns, "");
}

TEST_F(TransformerTest, PrefixRecordsPreviousNamesAndSkipsNamespaces) {
  std::vector<Resource> rs;
  rs.push_back(Res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"));
  rs.push_back(Res("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n"));
  const TransformerConfig& c = TransformerConfig::Default();
  ApplyNamePrefixSuffix(rs, E("p-"), E("-s"), c.name_prefix, c.name_suffix, &issues_);
  EXPECT_EQ(rs[0].Name(), "p-a-s");
  EXPECT_EQ(rs[0].OrgId().name, "a");
  EXPECT_EQ(rs[0].prefixes, std::vector<std::string>{"p-"});
  EXPECT_EQ(rs[1].Name(), "ns");
}

TEST_F(TransformerTest, LabelsGoToSelectorsWithTheEntrySpan) {
  std::vector<Resource> rs;
  rs.push_back(
      Res("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n"
          "  template:\n    spec: {}\n"));
  const SourceFile* k =
      store_.Add("overlay/kustomization.yaml", "commonLabels:\n  team: a\n", "", "t");
  yaml::Node doc = yaml::Load(*k).documents[0].root;
  const yaml::Node& labels = *doc.Get("commonLabels");
  std::vector<Pair> pairs = {Pair{labels.Key(0), labels.Value(0)}};
  ApplyMapEntries(rs, pairs, TransformerConfig::Default().common_labels, &issues_);
  EXPECT_TRUE(issues_.empty());
  const yaml::Node* sel = rs[0].node.Find({"spec", "selector", "matchLabels", "team"});
  ASSERT_NE(sel, nullptr);
  EXPECT_EQ(sel->value, "a");
  EXPECT_EQ(sel->span.file, k);
  EXPECT_EQ(sel->span.begin.line, 2u);
  EXPECT_NE(rs[0].node.Find({"spec", "template", "metadata", "labels", "team"}), nullptr);
  EXPECT_NE(rs[0].node.Find({"metadata", "labels", "team"}), nullptr);
}

TEST_F(TransformerTest, ReplicasByOriginalNameOrError) {
  std::vector<Resource> rs;
  rs.push_back(Res("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"));
  rs[0].StorePreviousId();
  rs[0].SetName("p-web", span_);
  ReplicaEntry r{"web", yaml::Node::Scalar("3", span_), span_};
  ApplyReplicas(rs, r, TransformerConfig::Default().replicas, &issues_);
  EXPECT_TRUE(issues_.empty());
  EXPECT_EQ(rs[0].node.Find({"spec", "replicas"})->value, "3");
  ReplicaEntry missing{"nothing", yaml::Node::Scalar("3", span_), span_};
  ApplyReplicas(rs, missing, TransformerConfig::Default().replicas, &issues_);
  ASSERT_EQ(issues_.size(), 1u);
  EXPECT_EQ(issues_[0].code, "replicas-target-not-found");
}

TEST_F(TransformerTest, HashAndNameReferences) {
  std::vector<Resource> rs;
  rs.push_back(
      Res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: \"1\"\n"
          "  b: two\n"));
  rs[0].needs_hash = true;
  rs.push_back(
      Res("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n"
          "  - name: v\n    configMap:\n      name: cm\n  - name: w\n    configMap:\n"
          "      name: elsewhere\n"));
  AddHashSuffixes(rs);
  EXPECT_EQ(rs[0].Name(), "cm-5m9tg7g54f");
  FixNameReferences(rs, TransformerConfig::Default().name_reference, &issues_);
  EXPECT_TRUE(issues_.empty());
  const yaml::Node& vols = *rs[1].node.Find({"spec", "volumes"});
  EXPECT_EQ(vols.children[0].Find({"configMap", "name"})->value, "cm-5m9tg7g54f");
  EXPECT_EQ(vols.children[1].Find({"configMap", "name"})->value, "elsewhere");
}

TEST_F(TransformerTest, LegacySortOrder) {
  std::vector<Resource> rs;
  rs.push_back(Res("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n"));
  rs.push_back(
      Res("apiVersion: admissionregistration.k8s.io/v1\n"
          "kind: ValidatingWebhookConfiguration\nmetadata:\n  name: v\n"));
  rs.push_back(Res("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"));
  rs.push_back(Res("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n"));
  rs.push_back(Res("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n"));
  LegacySort(rs, nullptr, nullptr);
  std::vector<std::string> names;
  for (const Resource& r : rs) names.emplace_back(r.Name());
  EXPECT_EQ(names, (std::vector<std::string>{"n", "a", "b", "w", "v"}));
}

}  // namespace
}  // namespace fluxlint::kustomize
