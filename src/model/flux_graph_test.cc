#include "model/flux_graph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "model/model_test_util.h"
#include "model/snapshot.h"
#include "yaml/emitter.h"

namespace fluxlint::model {
namespace {

using testing::GraphTest;

TEST(CleanFluxPathTest, ClampsAtTheRootLikeSecureJoin) {
  EXPECT_EQ(CleanFluxPath("./apps/production"), "apps/production");
  EXPECT_EQ(CleanFluxPath("apps/production/"), "apps/production");
  EXPECT_EQ(CleanFluxPath("./a//b/../c"), "a/c");
  EXPECT_EQ(CleanFluxPath("../../x"), "x");
  EXPECT_EQ(CleanFluxPath("/abs/path"), "abs/path");
  EXPECT_EQ(CleanFluxPath("./"), "");
  EXPECT_EQ(CleanFluxPath(""), "");
  EXPECT_EQ(CleanFluxPath("a/../../.."), "");
}

TEST_F(GraphTest, BootstrapLayoutIsThisRepositoryAndChildrenAreRendered) {
  AddBootstrap("clusters/production");
  Add("clusters/production/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: apps
  prune: true
  targetNamespace: web
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  Add("apps/deployment.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  template:
    spec:
      containers:
        - name: app
          image: podinfo
)");
  const Snapshot& s = Load();
  ASSERT_TRUE(s.graph_built());
  const FluxKustomization* root = Find("flux-system", "flux-system");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->source_status, SourceStatus::kThisRepository);
  EXPECT_EQ(root->parent, -1);
  EXPECT_EQ(root->dir, "clusters/production");
  ASSERT_NE(root->render, nullptr);
  EXPECT_TRUE(root->render->generated);
  EXPECT_EQ(ObjectNames(*root),
            (std::vector<std::string>{"Kustomization/flux-system/apps",
                                      "Kustomization/flux-system/flux-system",
                                      "GitRepository/flux-system/flux-system"}));
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  EXPECT_GE(apps->parent, 0);
  EXPECT_EQ(apps->cluster, root->cluster);
  EXPECT_EQ(apps->dir, "apps");
  EXPECT_EQ(ObjectNames(*apps), (std::vector<std::string>{"Deployment/web/podinfo"}));
  EXPECT_EQ(s.flux().kustomizations.size(), 2u);
  EXPECT_EQ(s.flux().clusters.size(), 1u);
}

TEST_F(GraphTest, ChildSpecIsTheParentsSubstitutedObject) {
  AddBootstrap("clusters/dev");
  Add("clusters/dev/vars.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-vars
  namespace: flux-system
data:
  ENVIRONMENT: dev
)");
  Add("clusters/dev/infra.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: flux-system
spec:
  interval: 10m
  path: ./infra
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
)");
  Add("infra/env.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: env
  namespace: flux-system
spec:
  interval: 10m
  path: ./environments/${ENVIRONMENT}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substitute:
      greeting: "hello $${name}"
)");
  Add("environments/dev/cm.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  env: ${ENVIRONMENT:=none}
  greeting: ${greeting}
)");
  Load();
  const FluxKustomization* infra = Find("flux-system", "infra");
  ASSERT_NE(infra, nullptr);
  EXPECT_TRUE(infra->substitution_runs);
  ASSERT_EQ(infra->substitute_from.size(), 1u);
  EXPECT_EQ(infra->substitute_from[0].found, SubstituteFromStatus::kRendered);
  const FluxKustomization* env = Find("flux-system", "env");
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(env->spec.path.value, "./environments/dev");
  EXPECT_EQ(env->dir, "environments/dev");
  // The escaped `$${name}` lost one `$` in the parent's pass.
  EXPECT_EQ(env->variables.at("greeting").value, "hello ${name}");
  // The substituted path keeps the span of the `${ENVIRONMENT}` scalar in infra/env.yaml.
  EXPECT_EQ(env->spec.path.span.path(), "infra/env.yaml");
  EXPECT_EQ(env->spec.path.span.begin.line, 8u);
  ASSERT_NE(env->render, nullptr);
  ASSERT_EQ(env->render->objects.size(), 1u);
  const yaml::Node& cm = env->render->objects[0];
  EXPECT_EQ(ValueAt(cm, {"data", "env"}), "none");  // env has no ENVIRONMENT: the default
  EXPECT_EQ(ValueAt(cm, {"data", "greeting"}), "hello ${name}");
  EXPECT_TRUE(env->render->substitution_issues.empty());
}

TEST_F(GraphTest, OtherGitRepositoriesAreNotAnalysed) {
  AddBootstrap("clusters/production");
  Add("clusters/production/tenant.yaml", R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: dev-team
  namespace: apps
spec:
  interval: 1m
  url: https://example.com/dev-team
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: dev-team
  namespace: apps
spec:
  interval: 5m
  prune: true
  sourceRef:
    kind: GitRepository
    name: dev-team
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: nowhere
  namespace: apps
spec:
  interval: 5m
  prune: true
  sourceRef:
    kind: OCIRepository
    name: missing
)");
  Load();
  const FluxKustomization* tenant = Find("apps", "dev-team");
  ASSERT_NE(tenant, nullptr);
  EXPECT_EQ(tenant->source_status, SourceStatus::kNotAnalysed);
  EXPECT_EQ(tenant->render, nullptr);
  const FluxKustomization* nowhere = Find("apps", "nowhere");
  ASSERT_NE(nowhere, nullptr);
  EXPECT_EQ(nowhere->source_status, SourceStatus::kMissing);
}

TEST_F(GraphTest, ConfigSourceMappingAnalysesAnUndefinedSource) {
  Add("clusters/prod/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ../../../apps
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  config::SourceMapping m;
  m.kind = "GitRepository";
  m.name = "flux-system";
  m.path = ".";
  config_.sources.push_back(m);
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  EXPECT_EQ(apps->source_status, SourceStatus::kMapped);
  EXPECT_EQ(apps->dir, "apps");  // ".." cannot leave the source root
  EXPECT_EQ(ObjectNames(*apps), (std::vector<std::string>{"ConfigMap/a"}));
}

TEST_F(GraphTest, GeneratedKustomizationFollowsFluxWalkRules) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  Add("apps/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Add("apps/notes.txt", "not yaml at all: [");
  Add("apps/values.yaml", "replicaCount: 2\n");
  Add("apps/sub/b.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
  Add("apps/sub/list.yaml", "apiVersion: v1\nkind: ConfigMapList\nitems: []\n");
  Add("apps/nokind.yaml", "apiVersion: v1\nmetadata:\n  name: x\n");
  Add("apps/noname.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {}\n");
  Add("apps/empty.yaml", "---\n# nothing\n");
  Add("apps/base/kustomization.yaml", "resources:\n  - c.yaml\n");
  Add("apps/base/c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  Add("apps/base/ignored-by-kustomization.yaml", "key: value\n");
  Add("apps/.sops.yaml", "creation_rules: []\n");  // excluded by the default ignore rules
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  ASSERT_NE(apps->render, nullptr);
  EXPECT_TRUE(apps->render->generated);
  EXPECT_EQ(ObjectNames(*apps),
            (std::vector<std::string>{"ConfigMap/a", "ConfigMap/b", "ConfigMap/c"}));
  std::vector<std::string> messages;
  for (const GenerationIssue& g : apps->render->generation_issues) messages.push_back(g.message);
  EXPECT_EQ(messages,
            (std::vector<std::string>{
                "failed to decode Kubernetes YAML from apps/nokind.yaml: missing kind in object",
                "failed to decode Kubernetes YAML from apps/noname.yaml: missing metadata.name "
                "in object",
                "failed to decode Kubernetes YAML from apps/values.yaml: missing Resource "
                "metadata"}));
  EXPECT_EQ(apps->render->generation_issues[2].span.begin.line, 1u);
}

TEST_F(GraphTest, OverlayAppliesTargetNamespacePrefixPatchesAndImages) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  targetNamespace: prod
  namePrefix: p-
  sourceRef:
    kind: GitRepository
    name: flux-system
  images:
    - name: podinfo
      newTag: "6.7.1"
  patches:
    - target:
        kind: Deployment
      patch: |
        - op: replace
          path: /spec/replicas
          value: 5
  commonMetadata:
    labels:
      team: web
)");
  Add("apps/kustomization.yaml", R"(namespace: staging
images:
  - name: podinfo
    newTag: "6.0.0"
resources:
  - deploy.yaml
)");
  Add("apps/deploy.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: app
          image: podinfo
)");
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  ASSERT_NE(apps->render, nullptr);
  EXPECT_FALSE(apps->render->generated);
  ASSERT_EQ(apps->render->objects.size(), 1u) << yaml::Emit(apps->render->objects[0]);
  const yaml::Node& d = apps->render->objects[0];
  EXPECT_EQ(ValueAt(d, {"metadata", "namespace"}), "prod");
  EXPECT_EQ(ValueAt(d, {"metadata", "name"}), "p-podinfo");
  EXPECT_EQ(ValueAt(d, {"spec", "replicas"}), "5");
  EXPECT_EQ(ValueAt(d, {"metadata", "labels", "team"}), "web");
  const yaml::Node* image = d.Find({"spec", "template", "spec", "containers"});
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->children[0].GetString("image"), "podinfo:6.7.1");
  EXPECT_TRUE(apps->render->build_issues.empty());
}

TEST_F(GraphTest, StrictSubstitutionReportsUndefinedAtTheUse) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substitute:
      domain: example.com
)");
  Add("apps/cm.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  url: "https://${domain}/${missing}"
  bad: ${a-b}
  port: "${port:=8080}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: opted-out
  annotations:
    kustomize.toolkit.fluxcd.io/substitute: disabled
data:
  x: ${nothing}
)");
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  ASSERT_NE(apps->render, nullptr);
  const auto& issues = apps->render->substitution_issues;
  ASSERT_EQ(issues.size(), 2u);
  // In the rendered object's key order: data.bad, then data.url.
  EXPECT_EQ(issues[0].error.kind, flux::SubstError::kSyntax);
  EXPECT_EQ(issues[0].error.message, "missing closing brace");
  EXPECT_EQ(issues[0].span.begin.line, 7u);
  EXPECT_EQ(issues[0].span.begin.column, 8u);
  EXPECT_EQ(issues[0].object, "ConfigMap/a");
  EXPECT_EQ(issues[1].error.kind, flux::SubstError::kUndefined);
  EXPECT_EQ(issues[1].error.variable, "missing");
  EXPECT_EQ(issues[1].span.path(), "apps/cm.yaml");
  EXPECT_EQ(issues[1].span.begin.line, 6u);
  EXPECT_EQ(issues[1].span.begin.column, 27u);
  EXPECT_EQ(issues[1].span.end.column, 37u);
  // The number default became a number, as the controller's YAML round trip does.
  const yaml::Node* port = apps->render->objects[0].Find({"data", "port"});
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->value, "8080");
  EXPECT_EQ(port->style, yaml::ScalarStyle::kPlain);
}

TEST_F(GraphTest, SubstitutionDoesNotRunWithoutVariables) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: absent
        optional: true
)");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: ${y}\n");
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  EXPECT_FALSE(apps->substitution_runs);
  ASSERT_NE(apps->render, nullptr);
  EXPECT_TRUE(apps->render->substitution_issues.empty());
  EXPECT_EQ(ValueAt(apps->render->objects[0], {"data", "x"}), "${y}");
  ASSERT_EQ(apps->substitute_from.size(), 1u);
  EXPECT_EQ(apps->substitute_from[0].found, SubstituteFromStatus::kMissingOptional);
}

TEST_F(GraphTest, VariablePriorityConfigThenSubstituteFromThenInline) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substitute:
      c: inline
    substituteFrom:
      - kind: ConfigMap
        name: first
      - kind: Secret
        name: second
      - kind: ConfigMap
        name: external
)");
  Add("clusters/c/vars.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: first
  namespace: flux-system
data:
  a: from-first
  b: from-first
  c: from-first
  config.yaml: bad
---
apiVersion: v1
kind: Secret
metadata:
  name: second
  namespace: flux-system
data:
  b: ZnJvbS1zZWNvbmQ=
)");
  config_.variables["a"] = "from-config";
  config_.variables["z"] = "from-config";
  config::ExternalObject ext;
  ext.kind = "ConfigMap";
  ext.name = "external";
  ext.data["e"] = "line1\nline2";
  config_.substitute_from.push_back(ext);
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  EXPECT_EQ(apps->variables.at("a").value, "from-first");
  EXPECT_EQ(apps->variables.at("b").value, "from-second");
  EXPECT_EQ(apps->variables.at("c").value, "inline");
  EXPECT_EQ(apps->variables.at("z").value, "from-config");
  EXPECT_EQ(apps->variables.at("e").value, "line1line2");  // newlines removed
  ASSERT_EQ(apps->substitute_from.size(), 3u);
  EXPECT_EQ(apps->substitute_from[2].found, SubstituteFromStatus::kConfig);
  ASSERT_EQ(apps->var_name_issues.size(), 1u);
  EXPECT_EQ(apps->var_name_issues[0].name, "config.yaml");
  EXPECT_EQ(apps->var_name_issues[0].span.begin.line, 10u);
}

TEST_F(GraphTest, RemoteKustomizationsStartAnotherCluster) {
  AddBootstrap("hub");
  Add("hub/spoke.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: spoke
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./spoke
  kubeConfig:
    secretRef:
      name: kubeconfig
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  Add("spoke/inner.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: inner
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./inner
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  Add("inner/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  const Snapshot& s = Load();
  const FluxKustomization* spoke = Find("flux-system", "spoke");
  const FluxKustomization* inner = Find("flux-system", "inner");
  ASSERT_NE(spoke, nullptr);
  ASSERT_NE(inner, nullptr);
  EXPECT_TRUE(spoke->remote);
  EXPECT_NE(inner->cluster, spoke->cluster);
  ASSERT_EQ(s.flux().clusters.size(), 2u);
  EXPECT_EQ(s.flux().clusters[1].name, "hub via kubeConfig of flux-system/spoke");
}

TEST_F(GraphTest, KustomizeRootsAreTheDirectoriesNoFluxRenderReaches) {
  AddBootstrap("clusters/c");
  Add("base/kustomization.yaml", "resources:\n  - cm.yaml\n");
  Add("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Add("overlay/kustomization.yaml", "resources:\n  - ../base\nnamePrefix: x-\n");
  Add("component/kustomization.yaml",
      "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
  const Snapshot& s = Load();
  std::vector<std::string> dirs;
  for (const KustomizeRoot& r : s.kustomize_roots()) dirs.push_back(r.dir);
  // clusters/c/flux-system is rendered by flux-system; base is included by overlay.
  EXPECT_EQ(dirs, (std::vector<std::string>{"overlay"}));
  EXPECT_TRUE(s.Rendered("base/cm.yaml"));
  EXPECT_TRUE(s.Rendered("clusters/c/flux-system/gotk-sync.yaml"));
}

TEST_F(GraphTest, LintedPathsDecideScope) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  const Snapshot& s = Load({"./apps/"});
  EXPECT_EQ(s.paths(), (std::vector<std::string>{"apps"}));
  ASSERT_EQ(s.files().size(), 1u);
  EXPECT_EQ(s.files()[0]->file->path, "apps/cm.yaml");
  EXPECT_GT(s.all_files().size(), 1u);
  const FluxKustomization* apps = Find("flux-system", "apps");
  const FluxKustomization* root = Find("flux-system", "flux-system");
  ASSERT_NE(apps, nullptr);
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(s.InScope(*apps));   // its path is linted
  EXPECT_FALSE(s.InScope(*root));  // neither its definition nor its path
  EXPECT_TRUE(s.IsLinted("apps/cm.yaml"));
  EXPECT_FALSE(s.IsLinted("apps2/cm.yaml"));
}

TEST(SopsTest, EncryptedSecretsAndOptOut) {
  yaml::Node secret = yaml::Node::Mapping();
  secret.Set("apiVersion", yaml::Node::Scalar("v1"));
  secret.Set("kind", yaml::Node::Scalar("Secret"));
  yaml::Node sops = yaml::Node::Mapping();
  sops.Set("mac", yaml::Node::Scalar("ENC[AES256_GCM,data:abc]"));
  secret.Set("sops", sops);
  EXPECT_TRUE(IsSopsEncrypted(secret));
  EXPECT_TRUE(IsSopsEncryptedSecret(secret));
  yaml::Node md = yaml::Node::Mapping();
  yaml::Node ann = yaml::Node::Mapping();
  ann.Set("kustomize.toolkit.fluxcd.io/decrypt", yaml::Node::Scalar("disabled"));
  md.Set("annotations", ann);
  secret.Set("metadata", md);
  EXPECT_FALSE(IsSopsEncryptedSecret(secret));  // EqualFold "Disabled"
  yaml::Node cm = secret;
  cm.Set("kind", yaml::Node::Scalar("ConfigMap"));
  EXPECT_FALSE(IsSopsEncryptedSecret(cm));
  yaml::Node no_mac = yaml::Node::Mapping();
  no_mac.Set("sops", yaml::Node::Mapping());
  EXPECT_FALSE(IsSopsEncrypted(no_mac));
}

}  // namespace
}  // namespace fluxlint::model

namespace fluxlint::model {
namespace {

using testing::GraphTest;

TEST_F(GraphTest, SubstituteFromReadsTheKustomizationsNamespaceOnly) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: vars
)");
  Add("clusters/c/vars.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: vars
  namespace: other
data:
  a: b
)");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  ASSERT_NE(apps, nullptr);
  ASSERT_EQ(apps->substitute_from.size(), 1u);
  EXPECT_EQ(apps->substitute_from[0].found, SubstituteFromStatus::kMissing);
  EXPECT_FALSE(apps->variables_complete);
  EXPECT_TRUE(apps->variables.empty());
}

TEST_F(GraphTest, RecognisedKustomizationFileNamesAndEmptyDirectories) {
  AddBootstrap("clusters/c");
  Add("clusters/c/apps.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: empty
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./empty
  sourceRef:
    kind: GitRepository
    name: flux-system
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: yml
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./yml
  sourceRef:
    kind: GitRepository
    name: flux-system
)");
  // A subdirectory with an extension-less `Kustomization` is a resource, not walked.
  Add("apps/one/Kustomization", "resources:\n  - cm.yaml\n");
  Add("apps/one/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n");
  Add("apps/one/values.yaml", "not: an object\n");
  Add("empty/README.md", "# nothing to apply\n");
  Add("yml/kustomization.yml", "resources:\n  - cm.yaml\n");
  Add("yml/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yml\n");
  Add("yml/values.yaml", "not: an object\n");
  Load();
  const FluxKustomization* apps = Find("flux-system", "apps");
  const FluxKustomization* empty = Find("flux-system", "empty");
  const FluxKustomization* yml = Find("flux-system", "yml");
  ASSERT_TRUE(apps && empty && yml);
  ASSERT_TRUE(apps->render && empty->render && yml->render);
  EXPECT_EQ(ObjectNames(*apps), (std::vector<std::string>{"ConfigMap/one"}));
  EXPECT_TRUE(apps->render->generation_issues.empty());
  EXPECT_TRUE(empty->render->generated);
  EXPECT_TRUE(empty->render->objects.empty());
  EXPECT_TRUE(empty->render->generation_issues.empty());
  EXPECT_TRUE(empty->render->build_issues.empty());
  EXPECT_FALSE(yml->render->generated);
  EXPECT_EQ(ObjectNames(*yml), (std::vector<std::string>{"ConfigMap/yml"}));
}

}  // namespace
}  // namespace fluxlint::model

namespace fluxlint::model {
namespace {

using testing::GraphTest;

TEST_F(GraphTest, ExternalArtifactsOfAnArtifactGeneratorAreFoldersOfTheirSource) {
  AddBootstrap("clusters/c");
  Add("clusters/c/artifacts.yaml", R"(apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: gen
  namespace: flux-system
spec:
  sources:
    - alias: repo
      kind: GitRepository
      name: flux-system
  artifacts:
    - name: infra
      copy:
        - from: "@repo/infrastructure/**"
          to: "@artifact/"
    - name: apps
      copy:
        - from: "@repo/apps/base/**"
          to: "@artifact/base/"
        - from: "@repo/apps/prod/**"
          to: "@artifact/prod/"
    - name: whole
      copy:
        - from: "@repo/**"
          to: "@artifact/"
    - name: mixed
      copy:
        - from: "@repo/a/**"
          to: "@artifact/x/"
)");
  std::string ks;
  for (auto [name, artifact, path] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"infra", "infra", "./controllers"},
           {"apps", "apps", "./prod"},
           {"whole", "whole", "./apps/prod"},
           {"mixed", "mixed", "./x"},
           {"unknown", "nothing", "./"}}) {
    ks += "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: " +
          name +
          "\n  namespace: flux-system\nspec:\n  interval: 5m\n  prune: true\n  path: " + path +
          "\n  sourceRef:\n    kind: ExternalArtifact\n    name: " + artifact + "\n---\n";
  }
  Add("clusters/c/ks.yaml", ks);
  Add("infrastructure/controllers/cm.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  Add("apps/prod/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n");
  Load();
  const FluxKustomization* infra = Find("flux-system", "infra");
  const FluxKustomization* apps = Find("flux-system", "apps");
  const FluxKustomization* whole = Find("flux-system", "whole");
  const FluxKustomization* mixed = Find("flux-system", "mixed");
  const FluxKustomization* unknown = Find("flux-system", "unknown");
  ASSERT_TRUE(infra && apps && whole && mixed && unknown);
  EXPECT_EQ(infra->source_status, SourceStatus::kThisRepository);
  EXPECT_EQ(infra->dir, "infrastructure/controllers");
  EXPECT_EQ(ObjectNames(*infra), (std::vector<std::string>{"ConfigMap/c"}));
  EXPECT_EQ(apps->dir, "apps/prod");
  EXPECT_EQ(whole->dir, "apps/prod");
  EXPECT_EQ(mixed->source_status, SourceStatus::kNotAnalysed);  // not one folder as a whole
  EXPECT_EQ(unknown->source_status, SourceStatus::kMissing);
}

}  // namespace
}  // namespace fluxlint::model
