#include "model/dependency_graph.h"

#include <gtest/gtest.h>

#include "model/model_test_util.h"

namespace fluxlint::model {
namespace {

using testing::GraphTest;

std::string Ks(std::string_view name, std::string_view ns, std::string_view deps) {
  std::string out =
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
      "metadata:\n  name: " +
      std::string(name) + "\n  namespace: " + std::string(ns) +
      "\nspec:\n  interval: 5m\n  prune: true\n  path: ./apps\n  sourceRef:\n"
      "    kind: GitRepository\n    name: flux-system\n    namespace: flux-system\n";
  if (!deps.empty()) out += "  dependsOn:\n" + std::string(deps);
  return out + "---\n";
}

class DependencyGraphTest : public GraphTest {};

TEST_F(DependencyGraphTest, FindsEachCycleOnceStartingAtTheSmallestName) {
  AddBootstrap("clusters/c");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Add("clusters/c/ks.yaml",
      Ks("c", "flux-system", "    - name: a\n") + Ks("a", "flux-system", "    - name: b\n") +
          Ks("b", "flux-system", "    - name: c\n    - name: d\n") + Ks("d", "flux-system", "") +
          Ks("e", "flux-system", "    - name: e\n"));
  Load();
  const FluxGraph& g = snapshot_->flux();
  std::vector<DependencyCycle> cycles = FindDependencyCycles(g, DependencyKind::kKustomization);
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(DescribeCycle(g, DependencyKind::kKustomization, cycles[0]),
            "flux-system/a -> flux-system/b -> flux-system/c -> flux-system/a");
  EXPECT_EQ(DescribeCycle(g, DependencyKind::kKustomization, cycles[1]),
            "flux-system/e -> flux-system/e");
  // The closing edge is c's dependsOn entry 0.
  const DependencyEdge& closing = cycles[0].edges.back();
  EXPECT_EQ(NodeRef(g, DependencyKind::kKustomization, closing.from).name, "c");
  EXPECT_EQ(closing.entry, 0u);
  EXPECT_TRUE(
      FindMissingDependencies(g, snapshot_->objects(), DependencyKind::kKustomization).empty());
}

TEST_F(DependencyGraphTest, NamespaceDefaultsToTheOwnersAndKindsStayApart) {
  AddBootstrap("clusters/c");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Add("clusters/c/ks.yaml", Ks("a", "one", "    - name: b\n") +
                                Ks("b", "two", "    - name: a\n      namespace: one\n") +
                                Ks("b", "one", ""));
  Add("clusters/c/hr.yaml", R"(apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: b
  namespace: one
spec:
  interval: 5m
  chartRef:
    kind: OCIRepository
    name: chart
  dependsOn:
    - name: a
    - name: missing
)");
  Load();
  const FluxGraph& g = snapshot_->flux();
  EXPECT_TRUE(FindDependencyCycles(g, DependencyKind::kKustomization).empty());
  EXPECT_TRUE(FindDependencyCycles(g, DependencyKind::kHelmRelease).empty());
  std::vector<DependencyEdge> edges = DependencyEdges(g, DependencyKind::kKustomization);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(NodeRef(g, DependencyKind::kKustomization, edges[0].to).ToString(), "one/b");
  // The HelmRelease depends on HelmRelease one/a, which does not exist (a Kustomization does).
  std::vector<MissingDependency> missing =
      FindMissingDependencies(g, snapshot_->objects(), DependencyKind::kHelmRelease);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].target.ToString(), "one/a");
  EXPECT_EQ(missing[1].target.ToString(), "one/missing");
}

TEST_F(DependencyGraphTest, MissingReportsOtherNamespacesAndCandidates) {
  AddBootstrap("clusters/c");
  Add("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  Add("clusters/c/ks.yaml", Ks("infra", "infra-system", "") +
                                Ks("apps", "flux-system", "    - name: infra\n    - name: app\n"));
  Load();
  std::vector<MissingDependency> missing = FindMissingDependencies(
      snapshot_->flux(), snapshot_->objects(), DependencyKind::kKustomization);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].target.ToString(), "flux-system/infra");
  EXPECT_EQ(missing[0].other_namespaces, (std::vector<std::string>{"infra-system"}));
  EXPECT_EQ(missing[1].target.ToString(), "flux-system/app");
  EXPECT_TRUE(missing[1].other_namespaces.empty());
  EXPECT_NE(std::find(missing[1].candidates.begin(), missing[1].candidates.end(), "apps"),
            missing[1].candidates.end());
}

}  // namespace
}  // namespace fluxlint::model
