#include "kustomize/build.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "kustomize/test_util.h"
#include "source/memory_tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint::kustomize {
namespace {

using testing::Issues;
using testing::ParseOne;

constexpr char kDeployment[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.25
)";

class BuildTest : public ::testing::Test {
 protected:
  BuildResult Run(std::string_view dir, BuildOptions options = {}) {
    return Build(tree_, dir, cache_, options);
  }
  const BuildIssue* FindIssue(const BuildResult& r, std::string_view code) {
    for (const BuildIssue& i : r.issues) {
      if (i.code == code) return &i;
    }
    return nullptr;
  }
  source::MemoryTree tree_;
  SourceStore store_;
  yaml::ParseCache cache_{store_};
};

// Values of an inline JSON 6902 patch written as a literal block map onto the kustomization's
// lines. (The end-of-text case that read past the patch's line table was found by ASan on the
// hub-spoke corpus, through Flux's overlay; CorpusTest under the asan preset covers it.)
TEST_F(BuildTest, InlineLiteralJsonPatchEndingTheFileMapsSpansInsideIt) {
  tree_.AddFile("app/release.yaml",
                "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n"
                "  name: podinfo\nspec:\n  interval: 1m\n");
  tree_.AddFile("app/kustomization.yaml",
                "resources:\n- release.yaml\npatches:\n  - target:\n      kind: HelmRelease\n"
                "    patch: |\n"
                "      - op: add\n"
                "        path: /spec/kubeConfig\n"
                "        value:\n"
                "          secretRef:\n"
                "            name: cluster-kubeconfig\n"
                "      - op: add\n"
                "        path: /spec/serviceAccountName\n"
                "        value: flux-cluster-admin\n");
  BuildResult r = Run("app");
  ASSERT_TRUE(r.ok()) << Issues(r);
  ASSERT_EQ(r.objects.size(), 1u);
  const yaml::Node* sa = r.objects[0].Find({"spec", "serviceAccountName"});
  ASSERT_NE(sa, nullptr);
  EXPECT_EQ(sa->value, "flux-cluster-admin");
  EXPECT_EQ(sa->span.path(), "app/kustomization.yaml");
  EXPECT_EQ(sa->span.begin.line, 14u);
  const yaml::Node* name = r.objects[0].Find({"spec", "kubeConfig", "secretRef", "name"});
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->span.begin.line, 11u);
}

TEST_F(BuildTest, SelectorLabelFromOverlayCommonLabelsPointsAtTheOverlay) {
  tree_.AddFile("base/kustomization.yaml", "resources:\n- deployment.yaml\n");
  tree_.AddFile("base/deployment.yaml", kDeployment);
  tree_.AddFile("overlays/prod/kustomization.yaml",
                "resources:\n- ../../base\ncommonLabels:\n  env: prod\n");
  BuildResult r = Run("overlays/prod");
  ASSERT_TRUE(r.ok()) << Issues(r);
  ASSERT_EQ(r.objects.size(), 1u);
  const yaml::Node* sel = r.objects[0].Find({"spec", "selector", "matchLabels", "env"});
  ASSERT_NE(sel, nullptr);
  EXPECT_EQ(sel->value, "prod");
  EXPECT_EQ(sel->span.path(), "overlays/prod/kustomization.yaml");
  EXPECT_EQ(sel->span.begin.line, 4u);
  // The key too, and the label in the pod template.
  const yaml::Node& matchLabels = *r.objects[0].Find({"spec", "selector", "matchLabels"});
  EXPECT_EQ(matchLabels.Key(0).span.begin.line, 4u);
  const yaml::Node* tmpl = r.objects[0].Find({"spec", "template", "metadata", "labels", "env"});
  ASSERT_NE(tmpl, nullptr);
  EXPECT_EQ(tmpl->span.path(), "overlays/prod/kustomization.yaml");
  // Values from the base keep their own place.
  const yaml::Node* image =
      &r.objects[0].Find({"spec", "template", "spec", "containers"})->children[0];
  EXPECT_EQ(image->Get("image")->span.path(), "base/deployment.yaml");
  EXPECT_EQ(image->Get("image")->span.begin.line, 10u);
}

TEST_F(BuildTest, TransformerValuesPointAtTheirEntries) {
  tree_.AddFile("kustomization.yaml",
                "resources:\n- deployment.yaml\nnamespace: prod\nimages:\n- name: nginx\n"
                "  newTag: \"1.27\"\npatches:\n- patch: |\n    apiVersion: apps/v1\n"
                "    kind: Deployment\n    metadata:\n      name: web\n    spec:\n"
                "      replicas: 3\n");
  tree_.AddFile("deployment.yaml", kDeployment);
  BuildResult r = Run("");
  ASSERT_TRUE(r.ok()) << Issues(r);
  const yaml::Node& d = r.objects[0];
  EXPECT_EQ(d.Find({"metadata", "namespace"})->span.begin.line, 3u);
  const yaml::Node* image =
      d.Find({"spec", "template", "spec", "containers"})->children[0].Get("image");
  EXPECT_EQ(image->value, "nginx:1.27");
  EXPECT_EQ(image->span.begin.line, 5u);  // the images entry
  // The inline patch's value maps back onto its line in the kustomization.
  const yaml::Node* replicas = d.Find({"spec", "replicas"});
  ASSERT_NE(replicas, nullptr);
  EXPECT_EQ(replicas->span.path(), "kustomization.yaml");
  EXPECT_EQ(replicas->span.begin.line, 14u);
  EXPECT_EQ(replicas->span.begin.column, 17u);
}

TEST_F(BuildTest, BuildWithInMemoryKustomization) {
  tree_.AddFile("apps/web/deployment.yaml", kDeployment);
  tree_.AddFile("apps/web/kustomization.yaml", "resources:\n- deployment.yaml\n");
  const SourceFile* flux =
      store_.Add("clusters/prod/apps.yaml", "resources:\n- kustomization.yaml\n", "", "t");
  // Flux-style overlay: the directory's own kustomization is a resource of the generated one.
  yaml::Node overlay = ParseOne(store_, "clusters/prod/web.yaml",
                                "resources:\n- .\nnamespace: web-prod\nnamePrefix: prod-\n");
  (void)flux;
  BuildResult r = BuildWith(tree_, "apps/web", overlay, cache_);
  // "." names the directory being built: kustomize (and fluxlint) refuse that as a cycle.
  EXPECT_FALSE(r.ok());
  ASSERT_NE(FindIssue(r, "overlay-cycle"), nullptr);

  yaml::Node generated = ParseOne(store_, "clusters/prod/generated.yaml",
                                  "resources:\n- deployment.yaml\nnamespace: web-prod\n");
  BuildResult g = BuildWith(tree_, "apps/web", generated, cache_);
  ASSERT_TRUE(g.ok()) << Issues(g);
  ASSERT_EQ(g.objects.size(), 1u);
  EXPECT_EQ(g.objects[0].Find({"metadata", "namespace"})->value, "web-prod");
  EXPECT_EQ(g.objects[0].Find({"metadata", "namespace"})->span.path(),
            "clusters/prod/generated.yaml");
  // The in-memory kustomization is not a file that was read.
  for (const auto& [path, id] : g.closure) EXPECT_NE(path, "apps/web/kustomization.yaml");
}

TEST_F(BuildTest, ClosureListsEveryFileReadWithItsBlobId) {
  tree_.AddFile("base/kustomization.yaml",
                "resources:\n- deployment.yaml\nconfigMapGenerator:\n- name: c\n  files:\n"
                "  - app.conf\n");
  tree_.AddFile("base/deployment.yaml", kDeployment);
  tree_.AddFile("base/app.conf", "x=1\n");
  tree_.AddFile("prod/kustomization.yaml", "resources:\n- ../base\n");
  tree_.AddFile("unrelated.yaml", "a: 1\n");
  BuildResult r = Run("prod");
  ASSERT_TRUE(r.ok()) << Issues(r);
  std::vector<std::string> read;
  for (const auto& [path, id] : r.closure) {
    if (!id.empty()) {
      read.push_back(path);
      EXPECT_EQ(id, *tree_.Id(path));
    }
  }
  EXPECT_EQ(read, (std::vector<std::string>{"base/app.conf", "base/deployment.yaml",
                                            "base/kustomization.yaml", "prod/kustomization.yaml"}));
  EXPECT_TRUE(std::is_sorted(r.closure.begin(), r.closure.end()));
  // Absent alternatives are recorded too: adding one would change the build.
  EXPECT_NE(std::find(r.closure.begin(), r.closure.end(),
                      std::make_pair(std::string("prod/kustomization.yml"), std::string())),
            r.closure.end());
}

TEST_F(BuildTest, LoadRestrictorRootOnly) {
  tree_.AddFile("shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n");
  tree_.AddFile("base/kustomization.yaml", "resources:\n- cm.yaml\n");
  tree_.AddFile("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
  tree_.AddFile("app/kustomization.yaml", "resources:\n- ../base\n- ../shared/cm.yaml\n");
  EXPECT_TRUE(Run("app").ok());  // Flux's default: anything in the repository
  BuildOptions root_only;
  root_only.load_restrictor = LoadRestrictor::kRootOnly;
  BuildResult r = Run("app", root_only);
  EXPECT_FALSE(r.ok());
  const BuildIssue* i = FindIssue(r, "path-escape");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->span.begin.line, 3u);
  EXPECT_NE(i->message.find("../shared/cm.yaml"), std::string::npos);
  // The base directory itself is allowed under rootOnly.
  EXPECT_EQ(r.issues.size(), 1u) << Issues(r);
}

TEST_F(BuildTest, PathsOutsideTheRepositoryAreRefused) {
  tree_.AddFile("kustomization.yaml", "resources:\n- ../outside.yaml\n- ../../etc\n");
  BuildResult r = Run("");
  EXPECT_FALSE(r.ok());
  size_t escapes = 0;
  for (const BuildIssue& i : r.issues) {
    if (i.code == "path-escape") {
      ++escapes;
      EXPECT_TRUE(i.span.valid());
    }
  }
  EXPECT_EQ(escapes, 2u) << Issues(r);
}

TEST_F(BuildTest, RemoteResourcesAndHelmChartsAreNotRendered) {
  tree_.AddFile("kustomization.yaml",
                "resources:\n- https://github.com/example/repo//deploy?ref=v1.0.0\n"
                "- github.com/example/other/base?ref=main\n- cm.yaml\n"
                "helmCharts:\n- name: podinfo\n  repo: https://stefanprodan.github.io/podinfo\n"
                "transformers:\n- plugin.yaml\n");
  tree_.AddFile("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  BuildResult r = Run("");
  EXPECT_TRUE(r.ok()) << Issues(r);
  ASSERT_EQ(r.objects.size(), 1u);
  size_t notes = 0;
  for (const BuildIssue& i : r.issues) {
    EXPECT_EQ(i.kind, BuildIssue::kNotRendered);
    EXPECT_TRUE(i.span.valid());
    ++notes;
  }
  EXPECT_EQ(notes, 4u) << Issues(r);
  EXPECT_NE(FindIssue(r, "remote-resource"), nullptr);
  EXPECT_NE(FindIssue(r, "helm-chart"), nullptr);
  EXPECT_NE(FindIssue(r, "plugin"), nullptr);
}

TEST_F(BuildTest, CycleIsReportedWithTheChain) {
  tree_.AddFile("a/kustomization.yaml", "resources:\n- ../b\n");
  tree_.AddFile("b/kustomization.yaml", "resources:\n- ../a\n");
  BuildResult r = Run("a");
  const BuildIssue* i = FindIssue(r, "overlay-cycle");
  ASSERT_NE(i, nullptr) << Issues(r);
  EXPECT_NE(i->message.find("a -> b -> a"), std::string::npos) << i->message;
  EXPECT_EQ(i->span.path(), "b/kustomization.yaml");
  EXPECT_EQ(i->span.begin.line, 2u);
  ASSERT_FALSE(i->related.empty());
  EXPECT_EQ(i->related[0].span.path(), "a/kustomization.yaml");
}

TEST_F(BuildTest, ErrorsHavePositions) {
  tree_.AddFile("kustomization.yaml",
                "resources:\n- deployment.yaml\n- missing.yaml\n- broken.yaml\n"
                "patches:\n- patch: |\n    apiVersion: v1\n    kind: ConfigMap\n"
                "    metadata:\n      name: nope\n    data: {a: b}\n"
                "configMapGenerator:\n- name: g\n  literals: [a=1, a=2]\n");
  tree_.AddFile("deployment.yaml", kDeployment);
  tree_.AddFile("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n");
  BuildResult r = Run("");
  EXPECT_FALSE(r.ok());
  const BuildIssue* missing = FindIssue(r, "missing-file");
  ASSERT_NE(missing, nullptr) << Issues(r);
  EXPECT_NE(missing->message.find("missing.yaml"), std::string::npos);
  EXPECT_EQ(missing->span.begin.line, 3u);
  const BuildIssue* parse = FindIssue(r, "parse");
  ASSERT_NE(parse, nullptr) << Issues(r);
  EXPECT_EQ(parse->span.path(), "broken.yaml");
  const BuildIssue* dup = FindIssue(r, "invalid-field");
  ASSERT_NE(dup, nullptr) << Issues(r);
  EXPECT_EQ(dup->span.begin.line, 14u);
  // A patch target missing right after a failed resource is not reported on top (cascade).
  EXPECT_EQ(FindIssue(r, "patch-target-not-found"), nullptr);
  // Still, what could be built was.
  EXPECT_FALSE(r.objects.empty());
}

TEST_F(BuildTest, PatchTargetNotFound) {
  tree_.AddFile("kustomization.yaml",
                "resources:\n- deployment.yaml\npatches:\n- path: patch.yaml\n");
  tree_.AddFile("deployment.yaml", kDeployment);
  tree_.AddFile("patch.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: other\n"
                "spec:\n  replicas: 2\n");
  BuildResult r = Run("");
  const BuildIssue* i = FindIssue(r, "patch-target-not-found");
  ASSERT_NE(i, nullptr) << Issues(r);
  EXPECT_NE(i->message.find("other"), std::string::npos);
  EXPECT_TRUE(i->span.valid());
}

TEST_F(BuildTest, DuplicateIdPointsAtBothDefinitions) {
  tree_.AddFile("kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n");
  tree_.AddFile("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  tree_.AddFile("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  BuildResult r = Run("");
  const BuildIssue* i = FindIssue(r, "duplicate-id");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->span.path(), "b.yaml");
  ASSERT_FALSE(i->related.empty());
  EXPECT_EQ(i->related[0].span.path(), "a.yaml");
}

TEST_F(BuildTest, HostileInputNeverCrashes) {
  // Odd shapes everywhere: each is an issue, none crashes.
  const char* kustomizations[] = {
      "resources: {a: b}\n",
      "- just\n- a list\n",
      "patches: [1, 2]\n",
      "images: [{name: [x]}]\n",
      "configMapGenerator: [{name: x, literals: [{a: b}]}]\n",
      "replacements: [{source: 3, targets: 4}]\n",
      "namespace: {a: b}\n",
      "commonLabels: [a]\n",
      "labels: [{pairs: {a: b}, fields: [{path: [x]}]}]\n",
      "sortOptions: {order: random}\n",
      "resources:\n- a.yaml\nreplicas: [{name: a, count: 1}]\n",
      "\"\\x00\": 1\n",
      "resources:\n- a.yaml\nreplacements:\n- source: {kind: X, fieldPath: spec}\n"
      "  targets:\n  - select: {kind: X}\n    fieldPaths: [spec.99999999999999999999999]\n"
      "    options: {index: 99999999999999999999999, delimiter: x}\n",
  };
  tree_.AddFile("a.yaml", "kind: X\nmetadata:\n  name: a\nspec: 1\n");
  for (const char* k : kustomizations) {
    tree_.AddFile("kustomization.yaml", k);
    BuildResult r = Run("");
    EXPECT_FALSE(r.ok()) << k;
    for (const BuildIssue& i : r.issues) EXPECT_FALSE(i.message.empty()) << k;
  }
}

TEST_F(BuildTest, RenderStreamMatchesKubectlBytes) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(FLUXLINT_SOURCE_DIR) / "tests/kustomize/cases/overlay-full-stack";
  source::MemoryTree tree;
  testing::LoadDirectory(dir / "input", &tree);
  BuildResult r = Build(tree, "", cache_);
  ASSERT_TRUE(r.ok()) << Issues(r);
  EXPECT_EQ(RenderStream(r), testing::ReadDiskFile(dir / "expected.yaml"));
}

TEST_F(BuildTest, DirectorySpellings) {
  tree_.AddFile("apps/kustomization.yaml", "resources:\n- cm.yaml\n");
  tree_.AddFile("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  for (std::string_view dir : {"apps", "./apps", "apps/", "apps/.", "x/../apps"}) {
    BuildResult r = Run(dir);
    EXPECT_TRUE(r.ok()) << dir << ": " << Issues(r);
    EXPECT_EQ(r.objects.size(), 1u) << dir;
  }
  EXPECT_FALSE(Run("../apps").ok());
  BuildResult missing = Run("nope");
  EXPECT_FALSE(missing.ok());
  ASSERT_FALSE(missing.issues.empty());
  EXPECT_NE(missing.issues[0].message.find("nope"), std::string::npos);
}

TEST_F(BuildTest, FindKustomizationFileAndRemoteReferences) {
  tree_.AddFile("a/kustomization.yml", "resources: []\n");
  tree_.AddFile("b/kustomization.yaml", "resources: []\n");
  tree_.AddFile("b/Kustomization", "resources: []\n");
  EXPECT_EQ(*FindKustomizationFile(tree_, "a"), "a/kustomization.yml");
  EXPECT_FALSE(FindKustomizationFile(tree_, "b").ok());
  EXPECT_EQ(*FindKustomizationFile(tree_, "c"), "");
  EXPECT_TRUE(IsRemoteReference("https://github.com/a/b"));
  EXPECT_TRUE(IsRemoteReference("github.com/a/b//c?ref=v1"));
  EXPECT_TRUE(IsRemoteReference("git@github.com:a/b.git"));
  EXPECT_FALSE(IsRemoteReference("../base"));
  EXPECT_FALSE(IsRemoteReference("deploy.yaml"));
}

}  // namespace
}  // namespace fluxlint::kustomize
