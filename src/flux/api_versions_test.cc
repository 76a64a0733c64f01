#include "flux/api_versions.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "yaml/loader.h"

namespace fluxlint::flux {
namespace {

// Expectations come from the table in spec/flux-semantics.md §5.

struct Row {
  const char* group;
  const char* kind;
  const char* current;
  const char* removed_version;
  FluxVersion removed_in;
};

constexpr Row kRows[] = {
    {"kustomize.toolkit.fluxcd.io", "Kustomization", "v1", "v1beta1", {2, 7}},
    {"kustomize.toolkit.fluxcd.io", "Kustomization", "v1", "v1beta2", {2, 8}},
    {"helm.toolkit.fluxcd.io", "HelmRelease", "v2", "v2beta1", {2, 7}},
    {"helm.toolkit.fluxcd.io", "HelmRelease", "v2", "v2beta2", {2, 8}},
    {"source.toolkit.fluxcd.io", "GitRepository", "v1", "v1beta1", {2, 7}},
    {"source.toolkit.fluxcd.io", "GitRepository", "v1", "v1beta2", {2, 8}},
    {"source.toolkit.fluxcd.io", "HelmRepository", "v1", "v1beta1", {2, 7}},
    {"source.toolkit.fluxcd.io", "HelmRepository", "v1", "v1beta2", {2, 8}},
    {"source.toolkit.fluxcd.io", "HelmChart", "v1", "v1beta1", {2, 7}},
    {"source.toolkit.fluxcd.io", "HelmChart", "v1", "v1beta2", {2, 8}},
    {"source.toolkit.fluxcd.io", "Bucket", "v1", "v1beta1", {2, 7}},
    {"source.toolkit.fluxcd.io", "Bucket", "v1", "v1beta2", {2, 8}},
    {"source.toolkit.fluxcd.io", "OCIRepository", "v1", "v1beta2", {2, 8}},
    {"notification.toolkit.fluxcd.io", "Receiver", "v1", "v1beta1", {2, 7}},
    {"notification.toolkit.fluxcd.io", "Receiver", "v1", "v1beta2", {2, 9}},
    {"notification.toolkit.fluxcd.io", "Alert", "v1beta3", "v1beta1", {2, 7}},
    {"notification.toolkit.fluxcd.io", "Alert", "v1beta3", "v1beta2", {2, 9}},
    {"notification.toolkit.fluxcd.io", "Provider", "v1beta3", "v1beta1", {2, 7}},
    {"notification.toolkit.fluxcd.io", "Provider", "v1beta3", "v1beta2", {2, 9}},
    {"image.toolkit.fluxcd.io", "ImageRepository", "v1", "v1beta1", {2, 7}},
    {"image.toolkit.fluxcd.io", "ImageRepository", "v1", "v1beta2", {2, 9}},
    {"image.toolkit.fluxcd.io", "ImagePolicy", "v1", "v1beta1", {2, 7}},
    {"image.toolkit.fluxcd.io", "ImagePolicy", "v1", "v1beta2", {2, 9}},
    {"image.toolkit.fluxcd.io", "ImageUpdateAutomation", "v1", "v1beta1", {2, 7}},
    {"image.toolkit.fluxcd.io", "ImageUpdateAutomation", "v1", "v1beta2", {2, 9}},
};

TEST(ApiVersionsTest, EveryRowIsRemovedFromItsFluxMinorOn) {
  for (const Row& row : kRows) {
    SCOPED_TRACE(std::string(row.kind) + " " + row.removed_version);
    const FluxVersion before{row.removed_in.major, row.removed_in.minor - 1};
    EXPECT_FALSE(FindRemoval(row.group, row.removed_version, row.kind, before).has_value());
    for (FluxVersion at : {row.removed_in, kLatestFluxVersion, FluxVersion{2, 12}}) {
      std::optional<Removal> r = FindRemoval(row.group, row.removed_version, row.kind, at);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->removed_in, row.removed_in);
      EXPECT_EQ(r->current, row.current);
      EXPECT_EQ(r->message, std::string(row.group) + "/" + row.removed_version + " " + row.kind +
                                " was removed in Flux " + row.removed_in.ToString() + "; use " +
                                row.group + "/" + row.current + " (run `flux migrate`)");
    }
    // The current version is never removed.
    EXPECT_FALSE(FindRemoval(row.group, row.current, row.kind, kLatestFluxVersion).has_value());
  }
}

TEST(ApiVersionsTest, TableHasExactlyTheSpecRows) {
  size_t removed = 0;
  for (const KindVersions& k : FluxKinds()) removed += k.removed.size();
  EXPECT_EQ(removed, std::size(kRows));
  // ExternalArtifact is new in 2.7 with nothing removed.
  const KindVersions* ea = FindKind("source.toolkit.fluxcd.io", "ExternalArtifact");
  ASSERT_NE(ea, nullptr);
  EXPECT_EQ(ea->current, "v1");
  EXPECT_TRUE(ea->removed.empty());
  // Alert and Provider have no v1.
  EXPECT_EQ(FindKind("notification.toolkit.fluxcd.io", "Alert")->current, "v1beta3");
  // GA versions.
  EXPECT_EQ(FindKind("helm.toolkit.fluxcd.io", "HelmRelease")->current_since, (FluxVersion{2, 3}));
  EXPECT_EQ(FindKind("source.toolkit.fluxcd.io", "OCIRepository")->current_since,
            (FluxVersion{2, 6}));
}

TEST(ApiVersionsTest, SpecExampleMessage) {
  std::optional<Removal> r = FindRemoval("kustomize.toolkit.fluxcd.io", "v1beta2", "Kustomization",
                                         std::string_view("2.9"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->message,
            "kustomize.toolkit.fluxcd.io/v1beta2 Kustomization was removed in Flux 2.8; use "
            "kustomize.toolkit.fluxcd.io/v1 (run `flux migrate`)");
}

TEST(ApiVersionsTest, NotFluxOrUnknown) {
  EXPECT_FALSE(FindRemoval("apps", "v1beta1", "Deployment", kLatestFluxVersion).has_value());
  EXPECT_FALSE(
      FindRemoval("kustomize.config.k8s.io", "v1beta1", "Kustomization", kLatestFluxVersion));
  EXPECT_FALSE(
      FindRemoval("kustomize.toolkit.fluxcd.io", "v1beta1", "HelmRelease", kLatestFluxVersion));
  EXPECT_EQ(FindKind("apps", "Deployment"), nullptr);
  EXPECT_TRUE(IsFluxGroup("source.toolkit.fluxcd.io"));
  EXPECT_FALSE(IsFluxGroup("toolkit.fluxcd.io"));
  EXPECT_FALSE(IsFluxGroup("kustomize.config.k8s.io"));
}

TEST(ApiVersionsTest, FluxVersionParse) {
  EXPECT_EQ(FluxVersion::Parse("2.9"), (FluxVersion{2, 9}));
  EXPECT_EQ(FluxVersion::Parse("v2.8.1"), (FluxVersion{2, 8}));
  EXPECT_EQ(FluxVersion::Parse("2.10"), (FluxVersion{2, 10}));
  EXPECT_LT(*FluxVersion::Parse("2.9"), *FluxVersion::Parse("2.10"));
  for (const char* bad : {"", "2", "two.nine", "2.", ".9", "2.9.", "2.9.x", "v", "2.9-rc1"}) {
    EXPECT_FALSE(FluxVersion::Parse(bad).has_value()) << bad;
  }
  // Unparsable text means the latest.
  EXPECT_TRUE(
      FindRemoval("helm.toolkit.fluxcd.io", "v2beta2", "HelmRelease", std::string_view("nonsense"))
          .has_value());
  EXPECT_FALSE(
      FindRemoval("helm.toolkit.fluxcd.io", "v2beta2", "HelmRelease", std::string_view("2.7"))
          .has_value());
}

TEST(ApiVersionsTest, StrictSubstitutionDefault) {
  // spec §1: StrictPostBuildSubstitutions defaults to false up to KC 1.8, true from Flux 2.9.
  EXPECT_FALSE(StrictSubstitutionByDefault({2, 0}));
  EXPECT_FALSE(StrictSubstitutionByDefault({2, 8}));
  EXPECT_TRUE(StrictSubstitutionByDefault({2, 9}));
  EXPECT_TRUE(StrictSubstitutionByDefault({2, 10}));
  EXPECT_TRUE(StrictSubstitutionByDefault(kLatestFluxVersion));
}

struct Loaded {
  std::unique_ptr<SourceFile> file;
  yaml::LoadedFile loaded;
  const yaml::Node& Root() const { return loaded.documents.at(0).root; }
};

Loaded Load(std::string text) {
  Loaded l;
  l.file = std::make_unique<SourceFile>();
  l.file->path = "obj.yaml";
  l.file->text = std::move(text);
  l.file->IndexLines();
  l.loaded = yaml::Load(*l.file);
  return l;
}

TEST(ApiVersionsTest, RemovedKustomizationFields) {
  // spec §5: Kustomization v1 has no validation, patchesStrategicMerge or patchesJson6902.
  Loaded l = Load(R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
spec:
  validation: client
  patchesStrategicMerge:
    - kind: Deployment
  patchesJson6902: []
  patches: []
)");
  std::vector<RemovedFieldUse> uses =
      FindRemovedFields("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", l.Root());
  ASSERT_EQ(uses.size(), 3u);
  EXPECT_EQ(uses[0].path, "spec.validation");
  EXPECT_EQ(uses[0].span.begin.line, 6u);
  EXPECT_EQ(uses[0].span.begin.column, 3u);
  EXPECT_EQ(uses[0].message,
            "spec.validation is not a field of kustomize.toolkit.fluxcd.io/v1 Kustomization; "
            "remove it");
  EXPECT_EQ(uses[1].path, "spec.patchesStrategicMerge");
  EXPECT_EQ(uses[1].span.begin.line, 7u);
  EXPECT_EQ(uses[1].message,
            "spec.patchesStrategicMerge is not a field of kustomize.toolkit.fluxcd.io/v1 "
            "Kustomization; use spec.patches");
  EXPECT_EQ(uses[2].path, "spec.patchesJson6902");
  // v1beta2 still had them.
  EXPECT_TRUE(FindRemovedFields("kustomize.toolkit.fluxcd.io", "v1beta2", "Kustomization", l.Root())
                  .empty());
}

TEST(ApiVersionsTest, RemovedHelmReleaseFields) {
  // spec §5: HelmRelease v2 has no chart.spec.valuesFile and no
  // postRenderers[].kustomize.patchesStrategicMerge/patchesJson6902.
  Loaded l = Load(R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: podinfo}
spec:
  chart:
    spec:
      chart: podinfo
      valuesFile: values-prod.yaml
  postRenderers:
    - kustomize:
        patches: []
    - kustomize:
        patchesJson6902: []
        patchesStrategicMerge: []
)");
  std::vector<RemovedFieldUse> uses =
      FindRemovedFields("helm.toolkit.fluxcd.io", "v2", "HelmRelease", l.Root());
  ASSERT_EQ(uses.size(), 3u);
  EXPECT_EQ(uses[0].path, "spec.chart.spec.valuesFile");
  EXPECT_EQ(uses[0].span.begin.line, 8u);
  EXPECT_NE(uses[0].message.find("use spec.chart.spec.valuesFiles"), std::string::npos);
  EXPECT_EQ(uses[1].path, "spec.postRenderers[1].kustomize.patchesStrategicMerge");
  EXPECT_EQ(uses[1].span.begin.line, 14u);
  EXPECT_EQ(uses[2].path, "spec.postRenderers[1].kustomize.patchesJson6902");
  EXPECT_EQ(uses[2].span.begin.line, 13u);
  EXPECT_TRUE(
      FindRemovedFields("helm.toolkit.fluxcd.io", "v2beta2", "HelmRelease", l.Root()).empty());
}

TEST(ApiVersionsTest, RemovedFieldsIgnoreOddShapes) {
  Loaded l = Load("spec: [1, 2]\n");
  EXPECT_TRUE(FindRemovedFields("helm.toolkit.fluxcd.io", "v2", "HelmRelease", l.Root()).empty());
  Loaded m = Load("spec:\n  postRenderers: {kustomize: 1}\n");
  EXPECT_TRUE(FindRemovedFields("helm.toolkit.fluxcd.io", "v2", "HelmRelease", m.Root()).empty());
}

}  // namespace
}  // namespace fluxlint::flux
