#include "flux/objects.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "yaml/loader.h"

namespace fluxlint::flux {
namespace {

// "spec" below is /work/shared/spec/flux-semantics.md.

struct Loaded {
  std::unique_ptr<SourceFile> file;
  yaml::LoadedFile loaded;
  const yaml::Node& Root(size_t i = 0) const { return loaded.documents.at(i).root; }
};

Loaded Load(std::string text, std::string path = "obj.yaml", bool expect_clean = true) {
  Loaded l;
  l.file = std::make_unique<SourceFile>();
  l.file->path = std::move(path);
  l.file->text = std::move(text);
  l.file->IndexLines();
  l.loaded = yaml::Load(*l.file);
  if (expect_clean) {
    EXPECT_TRUE(l.loaded.errors.empty()) << l.loaded.errors.front().message;
    EXPECT_FALSE(l.loaded.documents.empty());
  }
  return l;
}

/// The problem for `field`, or nullptr.
const Problem* FindProblem(const std::vector<Problem>& problems, std::string_view field) {
  for (const Problem& p : problems) {
    if (p.field == field) return &p;
  }
  return nullptr;
}

std::string ProblemList(const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) out += p.field + ": " + p.message + "\n";
  return out;
}

constexpr char kFullKustomization[] = R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
  labels:
    team: platform
spec:
  interval: 10m
  retryInterval: 1m30s
  timeout: 5m
  path: ./apps/${ENV}
  prune: true
  force: false
  wait: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  dependsOn:
    - name: infra
    - name: crds
      namespace: kube-system
  targetNamespace: apps
  namePrefix: p-
  patches:
    - patch: |
        - op: replace
          path: /spec/replicas
          value: 2
      target:
        kind: Deployment
  images:
    - name: podinfo
      newTag: 6.5.0
  components:
    - ../components/a
  commonMetadata:
    labels:
      env: prod
  postBuild:
    substitute:
      ENV: production
      REPLICAS: "3"
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
      - kind: Secret
        name: cluster-secrets
        optional: true
  healthChecks:
    - kind: Deployment
      name: web
      namespace: apps
  decryption:
    provider: sops
    secretRef:
      name: sops-age
)";

TEST(ObjectsTest, KustomizationFieldsAndSpans) {
  Loaded l = Load(kFullKustomization);
  ASSERT_EQ(Classify(l.Root()), ObjectType::kKustomization);
  Parsed<Kustomization> p = ParseKustomization(l.Root());
  EXPECT_TRUE(p.problems.empty()) << ProblemList(p.problems);
  const Kustomization& k = p.object;
  EXPECT_EQ(k.meta.group, "kustomize.toolkit.fluxcd.io");
  EXPECT_EQ(k.meta.version, "v1");
  EXPECT_EQ(k.meta.name.value, "apps");
  EXPECT_EQ(k.meta.ns.value, "flux-system");
  EXPECT_EQ(k.meta.labels.at("team"), "platform");
  EXPECT_EQ(k.interval.value, "10m");
  EXPECT_EQ(k.retry_interval.value, "1m30s");
  EXPECT_EQ(k.path.value, "./apps/${ENV}");
  EXPECT_EQ(k.path.span.begin.line, 12u);
  EXPECT_EQ(k.path.span.begin.column, 9u);
  EXPECT_EQ(k.path.key_span.begin.column, 3u);
  EXPECT_TRUE(k.prune.present);
  EXPECT_TRUE(k.prune.value);
  EXPECT_TRUE(k.force.present);
  EXPECT_FALSE(k.force.value);
  EXPECT_TRUE(k.wait.value);
  EXPECT_FALSE(k.suspend.present);
  EXPECT_EQ(k.source_ref.kind.value, "GitRepository");
  EXPECT_EQ(k.source_ref.Resolve(k.meta.ns.value).ToString(), "flux-system/flux-system");
  ASSERT_EQ(k.depends_on.size(), 2u);
  // spec §2: the dependency namespace defaults to the dependent's.
  EXPECT_EQ(k.depends_on[0].Resolve("Kustomization", "flux-system").ToString(),
            "flux-system/infra");
  EXPECT_EQ(k.depends_on[1].Resolve("Kustomization", "flux-system").ToString(), "kube-system/crds");
  EXPECT_EQ(k.depends_on[0].span.begin.line, 20u);
  EXPECT_EQ(k.target_namespace.value, "apps");
  EXPECT_EQ(k.name_prefix.value, "p-");
  ASSERT_EQ(k.patches.size(), 1u);
  EXPECT_NE(k.patches[0].patch.value.find("op: replace"), std::string::npos);
  ASSERT_TRUE(k.patches[0].target.has_value());
  EXPECT_EQ(k.patches[0].target->GetString("kind"), "Deployment");
  ASSERT_EQ(k.images.size(), 1u);
  EXPECT_EQ(k.images[0].new_tag.value, "6.5.0");
  ASSERT_EQ(k.components.size(), 1u);
  EXPECT_EQ(k.components[0].value, "../components/a");
  ASSERT_TRUE(k.common_metadata.has_value());
  ASSERT_EQ(k.common_metadata->labels.size(), 1u);
  EXPECT_EQ(k.common_metadata->labels[0].key.value, "env");
  EXPECT_EQ(k.common_metadata->labels[0].value.value, "prod");
  ASSERT_TRUE(k.post_build.has_value());
  const PostBuild& pb = *k.post_build;
  ASSERT_EQ(pb.substitute.size(), 2u);
  EXPECT_EQ(pb.substitute[0].name, "ENV");
  EXPECT_EQ(pb.substitute[0].value, "production");
  EXPECT_EQ(pb.substitute[0].key_span.begin.line, 42u);
  EXPECT_EQ(pb.substitute[0].key_span.begin.column, 7u);
  EXPECT_EQ(pb.substitute[0].value_span.begin.column, 12u);
  ASSERT_NE(pb.FindVar("REPLICAS"), nullptr);
  EXPECT_EQ(pb.FindVar("REPLICAS")->value, "3");
  EXPECT_TRUE(pb.FindVar("REPLICAS")->is_string);
  EXPECT_EQ(pb.FindVar("MISSING"), nullptr);
  ASSERT_EQ(pb.substitute_from.size(), 2u);
  EXPECT_EQ(pb.substitute_from[0].kind.value, "ConfigMap");
  EXPECT_FALSE(pb.substitute_from[0].optional.value);
  EXPECT_TRUE(pb.substitute_from[1].optional.value);
  EXPECT_FALSE(pb.AlwaysSubstitute());
  ASSERT_EQ(k.health_checks.size(), 1u);
  EXPECT_EQ(k.health_checks[0].name.value, "web");
  EXPECT_FALSE(k.health_checks[0].api_version.present);
  ASSERT_TRUE(k.decryption.has_value());
  EXPECT_EQ(k.decryption->provider.value, "sops");
  EXPECT_EQ(k.decryption->secret_ref_name.value, "sops-age");
  EXPECT_FALSE(k.remote_cluster);
}

TEST(ObjectsTest, NamespaceStaysEmptyWhenAbsent) {
  Loaded l = Load(R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: a}
spec: {interval: 1h, prune: false, sourceRef: {kind: GitRepository, name: repo}}
)");
  Parsed<Kustomization> p = ParseKustomization(l.Root());
  EXPECT_TRUE(p.problems.empty()) << ProblemList(p.problems);
  EXPECT_FALSE(p.object.meta.ns.present);
  EXPECT_EQ(p.object.meta.ns.value, "");
  EXPECT_EQ(p.object.meta.Ref().ToString(), "a");
  EXPECT_EQ(p.object.source_ref.Resolve("team-a").Describe(), "GitRepository/team-a/repo");
  EXPECT_FALSE(p.object.prune.value);
  EXPECT_TRUE(p.object.prune.present);
}

TEST(ObjectsTest, KustomizationRequiredFields) {
  // spec §6: interval, prune, sourceRef.kind and sourceRef.name are required.
  Loaded l = Load(
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
      "metadata:\n  name: x\nspec:\n  path: ./x\n");
  Parsed<Kustomization> p = ParseKustomization(l.Root());
  ASSERT_EQ(p.problems.size(), 3u) << ProblemList(p.problems);
  for (const char* field : {"spec.interval", "spec.prune", "spec.sourceRef"}) {
    const Problem* problem = FindProblem(p.problems, field);
    ASSERT_NE(problem, nullptr) << field;
    EXPECT_EQ(problem->kind, Problem::kMissingField);
    EXPECT_EQ(problem->message, std::string(field) + " is required");
    EXPECT_EQ(problem->span.begin.line, 5u);  // the `spec:` key
  }
  Loaded m = Load(
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
      "spec:\n  interval: 1m\n  prune: true\n  sourceRef:\n    namespace: x\n");
  p = ParseKustomization(m.Root());
  ASSERT_EQ(p.problems.size(), 2u) << ProblemList(p.problems);
  EXPECT_EQ(FindProblem(p.problems, "spec.sourceRef.kind")->span.begin.line, 6u);
  EXPECT_NE(FindProblem(p.problems, "spec.sourceRef.name"), nullptr);
  // No spec at all: reported at the document.
  Loaded n = Load("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n");
  p = ParseKustomization(n.Root());
  EXPECT_EQ(p.problems.size(), 3u) << ProblemList(p.problems);
  EXPECT_FALSE(p.object.has_spec);
}

TEST(ObjectsTest, KustomizationInvalidValues) {
  std::string text = R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: bad}
spec:
  interval: 5 minutes
  timeout: 30
  prune: "true"
  sourceRef: {kind: HelmRepository, name: r}
  dependsOn:
    - namespace: other
    - just-a-name
  targetNamespace: ""
  nameSuffix: NAME_SUFFIX
  deletionPolicy: Keep
  patches:
    - target: {kind: Deployment}
  images:
    - newTag: v1
  healthChecks:
    - kind: Deployment
  decryption:
    provider: vault
  postBuild:
    substitute:
      REPLICAS: 3
      ENABLED: true
      OK: "1"
      LIST: [a]
    substituteFrom:
      - kind: Namespace
        name: vars
      - kind: ConfigMap
    substituteStrategy: Sometimes
)";
  text.replace(text.find("NAME_SUFFIX"), 11, std::string(201, 'x'));
  Loaded l = Load(text);
  Parsed<Kustomization> p = ParseKustomization(l.Root());
  const std::string all = ProblemList(p.problems);
  struct Expect {
    const char* field;
    Problem::Kind kind;
    const char* message;
  };
  const Expect expected[] = {
      {"spec.interval", Problem::kInvalidValue,
       "spec.interval '5 minutes' is not a duration like 30s, 10m or 1h30m "
       "(^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$)"},
      {"spec.timeout", Problem::kWrongType,
       "spec.timeout must be a string, not a number: quote it"},
      {"spec.prune", Problem::kWrongType, "spec.prune must be true or false, not a string"},
      {"spec.sourceRef.kind", Problem::kInvalidValue,
       "spec.sourceRef.kind 'HelmRepository' is not one of OCIRepository, GitRepository, Bucket, "
       "ExternalArtifact"},
      {"spec.dependsOn[0].name", Problem::kMissingField, "spec.dependsOn[0].name is required"},
      {"spec.dependsOn[1]", Problem::kWrongType,
       "spec.dependsOn[1] must be a mapping, not a string"},
      {"spec.targetNamespace", Problem::kInvalidValue, "spec.targetNamespace must not be empty"},
      {"spec.nameSuffix", Problem::kInvalidValue,
       "spec.nameSuffix is 201 characters long; at most 200 are allowed"},
      {"spec.deletionPolicy", Problem::kInvalidValue,
       "spec.deletionPolicy 'Keep' is not one of MirrorPrune, Delete, WaitForTermination, Orphan"},
      {"spec.patches[0].patch", Problem::kMissingField, "spec.patches[0].patch is required"},
      {"spec.images[0].name", Problem::kMissingField, "spec.images[0].name is required"},
      {"spec.healthChecks[0].name", Problem::kMissingField,
       "spec.healthChecks[0].name is required"},
      {"spec.decryption.provider", Problem::kInvalidValue,
       "spec.decryption.provider 'vault' is not one of sops"},
      {"spec.postBuild.substitute.REPLICAS", Problem::kWrongType,
       "spec.postBuild.substitute.REPLICAS must be a string, not a number: quote it (substitute "
       "is a map of strings and the API server rejects other values)"},
      {"spec.postBuild.substitute.ENABLED", Problem::kWrongType, nullptr},
      {"spec.postBuild.substitute.LIST", Problem::kWrongType, nullptr},
      {"spec.postBuild.substituteFrom[0].kind", Problem::kInvalidValue,
       "spec.postBuild.substituteFrom[0].kind 'Namespace' is not one of ConfigMap, Secret"},
      {"spec.postBuild.substituteFrom[1].name", Problem::kMissingField, nullptr},
      {"spec.postBuild.substituteStrategy", Problem::kInvalidValue,
       "spec.postBuild.substituteStrategy 'Sometimes' is not one of WithVariables, Always"},
  };
  for (const Expect& e : expected) {
    const Problem* problem = FindProblem(p.problems, e.field);
    ASSERT_NE(problem, nullptr) << e.field << " not in\n" << all;
    EXPECT_EQ(problem->kind, e.kind) << e.field;
    if (e.message != nullptr) {
      EXPECT_EQ(problem->message, e.message);
    }
    EXPECT_TRUE(problem->span.valid()) << e.field;
  }
  EXPECT_EQ(p.problems.size(), std::size(expected)) << all;
  // Values are kept for the rules even when the API server would reject them.
  const PostBuild& pb = *p.object.post_build;
  ASSERT_EQ(pb.substitute.size(), 4u);
  EXPECT_EQ(pb.substitute[0].value, "3");
  EXPECT_FALSE(pb.substitute[0].is_string);
  EXPECT_TRUE(pb.substitute[2].is_string);
  EXPECT_EQ(p.object.timeout.value, "30");
  EXPECT_EQ(FindProblem(p.problems, "spec.timeout")->span.begin.line, 6u);
}

TEST(ObjectsTest, PostBuildPresence) {
  // spec §1: substitution runs only when spec.postBuild is non-nil.
  const std::string head =
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  interval: 1m\n"
      "  prune: true\n  sourceRef: {kind: GitRepository, name: r}\n";
  Loaded absent = Load(head);
  EXPECT_FALSE(ParseKustomization(absent.Root()).object.post_build.has_value());
  Loaded null_value = Load(head + "  postBuild:\n");
  EXPECT_FALSE(ParseKustomization(null_value.Root()).object.post_build.has_value());
  Loaded empty = Load(head + "  postBuild: {}\n");
  Parsed<Kustomization> p = ParseKustomization(empty.Root());
  ASSERT_TRUE(p.object.post_build.has_value());
  EXPECT_FALSE(p.object.post_build->has_substitute);
  Loaded always = Load(head + "  postBuild:\n    substituteStrategy: Always\n    substitute: {}\n");
  p = ParseKustomization(always.Root());
  EXPECT_TRUE(p.problems.empty()) << ProblemList(p.problems);
  EXPECT_TRUE(p.object.post_build->AlwaysSubstitute());
  EXPECT_TRUE(p.object.post_build->has_substitute);
  EXPECT_EQ(p.object.post_build->substitute_span.begin.line, 9u);
  Loaded remote = Load(head + "  kubeConfig:\n    secretRef: {name: kc}\n");
  EXPECT_TRUE(ParseKustomization(remote.Root()).object.remote_cluster);
}

TEST(ObjectsTest, HelmRelease) {
  Loaded l = Load(R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 50m
  targetNamespace: web
  chart:
    spec:
      chart: podinfo
      version: ">=6.0.0"
      sourceRef:
        kind: HelmRepository
        name: podinfo
      valuesFiles: [values.yaml, values-prod.yaml]
  dependsOn:
    - name: cert-manager
      namespace: cert-manager
  values:
    replicaCount: 2
  valuesFrom:
    - kind: ConfigMap
      name: podinfo-values
      valuesKey: values.yaml
  upgrade:
    force: true
    chartNameChangeStrategy: InPlaceUpdate
)");
  ASSERT_EQ(Classify(l.Root()), ObjectType::kHelmRelease);
  Parsed<HelmRelease> p = ParseHelmRelease(l.Root());
  EXPECT_TRUE(p.problems.empty()) << ProblemList(p.problems);
  const HelmRelease& h = p.object;
  ASSERT_TRUE(h.chart.has_value());
  EXPECT_EQ(h.chart->chart.value, "podinfo");
  EXPECT_EQ(h.chart->version.value, ">=6.0.0");
  EXPECT_EQ(h.chart->source_ref.Resolve("podinfo").Describe(), "HelmRepository/podinfo/podinfo");
  ASSERT_EQ(h.chart->values_files.size(), 2u);
  EXPECT_EQ(h.chart->values_files[1].value, "values-prod.yaml");
  EXPECT_FALSE(h.chart_ref.has_value());
  ASSERT_EQ(h.depends_on.size(), 1u);
  EXPECT_EQ(h.depends_on[0].Resolve("HelmRelease", "podinfo").Describe(),
            "HelmRelease/cert-manager/cert-manager");
  ASSERT_TRUE(h.values.has_value());
  EXPECT_EQ(h.values->GetString("replicaCount"), "2");
  ASSERT_EQ(h.values_from.size(), 1u);
  EXPECT_EQ(h.values_from[0].values_key.value, "values.yaml");
  EXPECT_TRUE(h.upgrade_force.value);
  EXPECT_EQ(h.chart_name_change_strategy.value, "InPlaceUpdate");
  // HC GetReleaseName / GetReleaseNamespace / GetStorageNamespace.
  EXPECT_EQ(h.ReleaseName(), "web-podinfo");
  EXPECT_EQ(h.ReleaseNamespace("podinfo"), "web");
  EXPECT_EQ(h.StorageNamespace("podinfo"), "podinfo");
}

TEST(ObjectsTest, HelmReleaseNames) {
  Loaded l = Load(R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: app}
spec:
  interval: 1h
  releaseName: custom
  storageNamespace: helm-store
  chartRef: {kind: OCIRepository, name: app-chart}
)");
  Parsed<HelmRelease> p = ParseHelmRelease(l.Root());
  EXPECT_TRUE(p.problems.empty()) << ProblemList(p.problems);
  EXPECT_EQ(p.object.ReleaseName(), "custom");
  EXPECT_EQ(p.object.ReleaseNamespace("apps"), "apps");
  EXPECT_EQ(p.object.StorageNamespace("apps"), "helm-store");
  ASSERT_TRUE(p.object.chart_ref.has_value());
  EXPECT_EQ(p.object.chart_ref->Resolve("apps").Describe(), "OCIRepository/apps/app-chart");
  Loaded bare = Load(
      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
      "metadata: {name: app}\nspec: {interval: 1h, chartRef: {kind: HelmChart, "
      "name: c}}\n");
  EXPECT_EQ(ParseHelmRelease(bare.Root()).object.ReleaseName(), "app");
}

TEST(ObjectsTest, HelmReleaseProblems) {
  Loaded none = Load(
      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
      "metadata: {name: a}\nspec:\n  releaseName: "
      "a-very-long-release-name-that-is-more-than-fifty-three-chars\n");
  Parsed<HelmRelease> p = ParseHelmRelease(none.Root());
  EXPECT_NE(FindProblem(p.problems, "spec.interval"), nullptr);
  ASSERT_NE(FindProblem(p.problems, "spec.chart"), nullptr);
  EXPECT_EQ(FindProblem(p.problems, "spec.chart")->kind, Problem::kMissingField);
  EXPECT_NE(FindProblem(p.problems, "spec.releaseName"), nullptr);
  EXPECT_EQ(p.problems.size(), 3u) << ProblemList(p.problems);

  Loaded both = Load(R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: a}
spec:
  interval: 1h
  chart:
    spec:
      sourceRef: {kind: OCIRepository}
  chartRef: {name: c}
  values: [1]
)");
  p = ParseHelmRelease(both.Root());
  const std::string all = ProblemList(p.problems);
  for (const char* field :
       {"spec.chartRef", "spec.chart.spec.chart", "spec.chart.spec.sourceRef.kind",
        "spec.chart.spec.sourceRef.name", "spec.chartRef.kind", "spec.values"}) {
    EXPECT_NE(FindProblem(p.problems, field), nullptr) << field << " not in\n" << all;
  }
  EXPECT_EQ(FindProblem(p.problems, "spec.chartRef")->message,
            "spec.chart and spec.chartRef are both set; set only one");
  EXPECT_EQ(p.problems.size(), 6u) << all;
}

TEST(ObjectsTest, Sources) {
  Loaded l = Load(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 1m
  url: ssh://git@github.com/org/fleet
  ref: {branch: main}
  secretRef: {name: flux-system}
  ignore: |
    /*
    !/deploy
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata: {name: charts}
spec:
  interval: 10m
  url: oci://ghcr.io/org/charts
  ref: {semver: ">=1.0.0", digest: "sha256:abc"}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: podinfo}
spec:
  type: oci
  url: oci://ghcr.io/stefanprodan/charts
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
metadata: {name: b}
spec:
  interval: 5m
  bucketName: fleet
  endpoint: minio.local:9000
  prefix: clusters/
)");
  Parsed<Source> git = ParseSource(l.Root(0));
  EXPECT_TRUE(git.problems.empty()) << ProblemList(git.problems);
  EXPECT_EQ(git.object.kind, SourceKind::kGitRepository);
  EXPECT_EQ(SourceKindName(git.object.kind), "GitRepository");
  EXPECT_EQ(git.object.url.value, "ssh://git@github.com/org/fleet");
  EXPECT_EQ(git.object.ref_branch.value, "main");
  EXPECT_EQ(git.object.secret_ref_name.value, "flux-system");
  EXPECT_EQ(git.object.ignore.value, "/*\n!/deploy\n");
  Parsed<Source> oci = ParseSource(l.Root(1));
  EXPECT_TRUE(oci.problems.empty()) << ProblemList(oci.problems);
  EXPECT_EQ(oci.object.kind, SourceKind::kOCIRepository);
  EXPECT_EQ(oci.object.ref_digest.value, "sha256:abc");
  EXPECT_FALSE(oci.object.ref_branch.present);
  Parsed<Source> helm = ParseSource(l.Root(2));
  EXPECT_TRUE(helm.problems.empty()) << ProblemList(helm.problems);  // interval is optional
  EXPECT_EQ(helm.object.type.value, "oci");
  Parsed<Source> bucket = ParseSource(l.Root(3));
  EXPECT_TRUE(bucket.problems.empty()) << ProblemList(bucket.problems);
  EXPECT_EQ(bucket.object.bucket_name.value, "fleet");
  EXPECT_EQ(bucket.object.endpoint.value, "minio.local:9000");
  EXPECT_FALSE(bucket.object.url.present);
}

TEST(ObjectsTest, SourceProblems) {
  Loaded l = Load(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: a}
spec:
  url: git@github.com:org/repo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata: {name: b}
spec: {interval: 1m, url: https://ghcr.io/x}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
metadata: {name: c}
spec: {interval: 1m}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: d}
)");
  Parsed<Source> git = ParseSource(l.Root(0));
  EXPECT_NE(FindProblem(git.problems, "spec.interval"), nullptr);
  ASSERT_NE(FindProblem(git.problems, "spec.url"), nullptr);
  EXPECT_EQ(FindProblem(git.problems, "spec.url")->message,
            "spec.url 'git@github.com:org/repo' must start with http://, https://, ssh://");
  Parsed<Source> oci = ParseSource(l.Root(1));
  ASSERT_EQ(oci.problems.size(), 1u) << ProblemList(oci.problems);
  EXPECT_EQ(oci.problems[0].field, "spec.url");
  Parsed<Source> bucket = ParseSource(l.Root(2));
  EXPECT_NE(FindProblem(bucket.problems, "spec.bucketName"), nullptr);
  EXPECT_NE(FindProblem(bucket.problems, "spec.endpoint"), nullptr);
  Parsed<Source> other = ParseSource(l.Root(3));
  ASSERT_EQ(other.problems.size(), 1u);
  EXPECT_EQ(other.problems[0].field, "kind");
}

TEST(ObjectsTest, ClassifyNeedsTheKindInItsFluxGroup) {
  Loaded l = Load(R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRelease
---
kind: GitRepository
---
apiVersion: [source.toolkit.fluxcd.io/v1]
kind: Bucket
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: [GitRepository]
)");
  const ObjectType expected[] = {
      ObjectType::kGitRepository, ObjectType::kOCIRepository, ObjectType::kHelmRepository,
      ObjectType::kBucket,        ObjectType::kHelmRelease,   ObjectType::kOther,
      ObjectType::kOther,         ObjectType::kOther,         ObjectType::kOther};
  for (size_t i = 0; i < std::size(expected); ++i) {
    EXPECT_EQ(Classify(l.Root(i)), expected[i]) << "document " << i;
  }
}

TEST(ObjectsTest, ClassifyAndParseObject) {
  Loaded l = Load(R"(apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [a.yaml]
---
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata: {name: old}
spec: {interval: 1m, prune: true, sourceRef: {kind: GitRepository, name: r}}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata: {name: c}
---
- not
- a mapping
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: h}
spec: {interval: 1m, chartRef: {kind: OCIRepository, name: c}}
)");
  EXPECT_EQ(Classify(l.Root(0)), ObjectType::kOther);
  EXPECT_EQ(Classify(l.Root(1)), ObjectType::kKustomization);
  EXPECT_EQ(Classify(l.Root(2)), ObjectType::kOther);
  EXPECT_EQ(Classify(l.Root(3)), ObjectType::kOther);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(ParseObject(l.Root(0))));
  AnyObject old = ParseObject(l.Root(1));
  ASSERT_TRUE(std::holds_alternative<Parsed<Kustomization>>(old));
  EXPECT_EQ(std::get<Parsed<Kustomization>>(old).object.meta.version, "v1beta2");
  EXPECT_TRUE(std::holds_alternative<Parsed<HelmRelease>>(ParseObject(l.Root(4))));
  // Parsing the wrong kind reports it instead of crashing.
  Parsed<Kustomization> wrong = ParseKustomization(l.Root(0));
  ASSERT_NE(FindProblem(wrong.problems, "kind"), nullptr);
  EXPECT_EQ(FindProblem(wrong.problems, "kind")->message,
            "expected Kustomization of kustomize.toolkit.fluxcd.io, got Kustomization of "
            "kustomize.config.k8s.io/v1beta1");
  Parsed<Kustomization> seq = ParseKustomization(l.Root(3));
  EXPECT_FALSE(seq.problems.empty());
  EXPECT_EQ(SplitApiVersion("v1"), (std::pair<std::string, std::string>{"", "v1"}));
  EXPECT_EQ(SplitApiVersion("apps/v1"), (std::pair<std::string, std::string>{"apps", "v1"}));
}

TEST(ObjectsTest, OddShapesNeverCrash) {
  for (const char* text : {
           "spec: 1\n",
           "spec: {sourceRef: [], dependsOn: {a: b}, postBuild: [x], healthChecks: [[]]}\n",
           "spec: {postBuild: {substitute: [a], substituteFrom: {kind: x}}}\n",
           "spec: {patches: [{patch: {a: 1}, target: x}], images: [1], components: {}}\n",
           "spec: {commonMetadata: {labels: [x], annotations: {a: {b: c}}}, decryption: x}\n",
           "spec: {chart: {spec: []}, chartRef: 1, valuesFrom: x, upgrade: y}\n",
           "metadata: [1]\nspec: {ref: 1, secretRef: x}\n",
           "? [a]\n: b\nspec: {? {x: 1} : 2}\n",
           "plain scalar\n",
       }) {
    SCOPED_TRACE(text);
    Loaded l = Load(text);
    const yaml::Node& root = l.Root();
    Parsed<Kustomization> k = ParseKustomization(root);
    Parsed<HelmRelease> h = ParseHelmRelease(root);
    Parsed<Source> s = ParseSource(root);
    for (const auto* problems : {&k.problems, &h.problems, &s.problems}) {
      EXPECT_FALSE(problems->empty());
      for (const Problem& p : *problems) {
        EXPECT_FALSE(p.message.empty());
        EXPECT_TRUE(p.span.valid()) << p.field;
      }
    }
  }
}

TEST(ObjectsTest, SubstitutionOptOut) {
  // spec §1: label or annotation kustomize.toolkit.fluxcd.io/substitute, exactly "disabled".
  Loaded l = Load(R"(metadata:
  labels: {kustomize.toolkit.fluxcd.io/substitute: disabled}
---
metadata:
  annotations: {kustomize.toolkit.fluxcd.io/substitute: disabled}
---
metadata:
  annotations: {kustomize.toolkit.fluxcd.io/substitute: Disabled}
---
metadata:
  annotations: {kustomize.toolkit.fluxcd.io/substitute: enabled}
---
metadata: {name: x}
)");
  EXPECT_TRUE(SubstitutionDisabled(l.Root(0)));
  EXPECT_TRUE(SubstitutionDisabled(l.Root(1)));
  EXPECT_FALSE(SubstitutionDisabled(l.Root(2)));
  EXPECT_FALSE(SubstitutionDisabled(l.Root(3)));
  EXPECT_FALSE(SubstitutionDisabled(l.Root(4)));
}

TEST(ObjectsTest, SubstitutionRuns) {
  // spec §1: only with postBuild; WithVariables (default) needs a resolved variable.
  const std::string head =
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  interval: 1m\n"
      "  prune: true\n  sourceRef: {kind: GitRepository, name: r}\n";
  Loaded none = Load(head);
  EXPECT_FALSE(SubstitutionRuns(ParseKustomization(none.Root()).object, 3));
  Loaded with_vars =
      Load(head + "  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: v}]\n");
  const Kustomization k = ParseKustomization(with_vars.Root()).object;
  EXPECT_FALSE(SubstitutionRuns(k, 0));
  EXPECT_TRUE(SubstitutionRuns(k, 1));
  Loaded always = Load(head + "  postBuild: {substituteStrategy: Always}\n");
  EXPECT_TRUE(SubstitutionRuns(ParseKustomization(always.Root()).object, 0));
}

TEST(ObjectsTest, DurationPattern) {
  // spec §6: ^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$
  for (const char* ok : {"1h", "10m", "30s", "500ms", "1h30m", "720m0s", "1.5h", "0s", "2m1ms"}) {
    EXPECT_TRUE(IsValidDuration(ok)) << ok;
  }
  for (const char* bad : {"", "1", "h", "1d", "1.h", ".5h", "1 h", "-1m", "1m ", "1hm", "5mss"}) {
    EXPECT_FALSE(IsValidDuration(bad)) << bad;
  }
}

/// Every Flux object in the real repositories under ../shared/corpus parses without problems,
/// except that patch files (partial objects named by a kustomization's `patches[].path`) lack
/// required fields, which is all they may lack.
TEST(ObjectsTest, CorpusObjectsHaveNoProblems) {
  namespace fs = std::filesystem;
  const fs::path corpus = fs::path(FLUXLINT_SOURCE_DIR "/../shared/corpus");
  if (!fs::exists(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Loaded> loaded;
  std::set<fs::path> patch_files;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    loaded.push_back(Load(text.str(), path.string(), /*expect_clean=*/false));
    if (path.filename() != "kustomization.yaml") continue;
    for (const yaml::Document& doc : loaded.back().loaded.documents) {
      const yaml::Node* patches = doc.root.Get("patches");
      if (patches == nullptr || !patches->IsSequence()) continue;
      for (const yaml::Node& patch : patches->children) {
        const std::string_view file = patch.GetString("path");
        if (!file.empty()) patch_files.insert((path.parent_path() / file).lexically_normal());
      }
    }
  }
  ASSERT_FALSE(patch_files.empty());
  size_t kustomizations = 0, releases = 0, sources = 0, patches = 0;
  for (const Loaded& l : loaded) {
    const fs::path path = fs::path(l.file->path).lexically_normal();
    const bool is_patch = patch_files.contains(path);
    patches += is_patch;
    for (const yaml::Document& doc : l.loaded.documents) {
      AnyObject obj = ParseObject(doc.root);
      std::visit(
          [&](const auto& parsed) {
            using T = std::decay_t<decltype(parsed)>;
            if constexpr (!std::is_same_v<T, std::monostate>) {
              for (const Problem& p : parsed.problems) {
                EXPECT_TRUE(is_patch && p.kind == Problem::kMissingField)
                    << path << ": " << p.field << ": " << p.message;
              }
              EXPECT_FALSE(parsed.object.meta.name.value.empty()) << path;
              if (is_patch) return;
              if constexpr (std::is_same_v<T, Parsed<Kustomization>>) ++kustomizations;
              if constexpr (std::is_same_v<T, Parsed<HelmRelease>>) ++releases;
              if constexpr (std::is_same_v<T, Parsed<Source>>) ++sources;
            }
          },
          obj);
    }
  }
  EXPECT_GE(patches, 4u);
  EXPECT_GE(kustomizations, 20u);
  EXPECT_GE(releases, 5u);
  EXPECT_GE(sources, 10u);
}

}  // namespace
}  // namespace fluxlint::flux
