#include "model/flux_graph_output.h"

#include <gtest/gtest.h>

#include "model/model_test_util.h"

namespace fluxlint::model {
namespace {

using testing::GraphTest;

class GraphOutputTest : public GraphTest {
 protected:
  void SetUp() override {
    AddBootstrap("clusters/c");
    Add("clusters/c/ks.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./infra
  sourceRef:
    kind: GitRepository
    name: flux-system
  dependsOn:
    - name: apps
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
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
  dependsOn:
    - name: infra
  postBuild:
    substitute:
      greeting: "say \"hi\""
)");
    Add("infra/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n");
    Add("apps/cm.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: app
  namespace: apps
data:
  text: ${greeting}
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: apps
stringData:
  password: ENC[AES256_GCM,data:abc]
sops:
  mac: ENC[AES256_GCM,data:mac]
)");
    Load();
  }
};

TEST_F(GraphOutputTest, DotHasClustersNodesAndRedCycleEdges) {
  std::string dot = FluxGraphDot(snapshot_->flux());
  EXPECT_EQ(dot.rfind("digraph flux {\n", 0), 0u) << dot;
  EXPECT_NE(dot.find("subgraph cluster_0 {\n    label=\"clusters/c\";"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[shape=box, label=\"Kustomization\\nflux-system/apps\\npath: ./apps\"]"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("[label=\"dependsOn\", color=red"), std::string::npos) << dot;
  EXPECT_NE(dot.find("[style=dashed, label=\"applies\"]"), std::string::npos) << dot;
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_EQ(dot, FluxGraphDot(snapshot_->flux()));  // deterministic
}

TEST_F(GraphOutputTest, MermaidStylesCycleEdges) {
  std::string m = FluxGraphMermaid(snapshot_->flux());
  EXPECT_EQ(m.rfind("flowchart LR\n", 0), 0u) << m;
  EXPECT_NE(m.find("subgraph g0[\"clusters/c\"]"), std::string::npos) << m;
  EXPECT_NE(m.find("-->|dependsOn|"), std::string::npos) << m;
  size_t styled = 0;
  for (size_t p = m.find("stroke:red"); p != std::string::npos; p = m.find("stroke:red", p + 1)) {
    ++styled;
  }
  EXPECT_EQ(styled, 2u) << m;  // infra -> apps and apps -> infra
}

TEST_F(GraphOutputTest, JsonListsNodesEdgesAndCycles) {
  std::string json = FluxGraphJson(snapshot_->flux());
  EXPECT_NE(json.find("\"cycles\": [[\"flux-system/apps\", \"flux-system/infra\", "
                      "\"flux-system/apps\"]]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"kind\": \"Kustomization\", \"namespace\": \"flux-system\", \"name\": "
                      "\"apps\", \"cluster\": 0, \"path\": \"./apps\", \"dir\": \"apps\", "
                      "\"sourceStatus\": \"this-repository\", \"objects\": 2"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"kind\": \"dependsOn\", \"cycle\": true"), std::string::npos) << json;
  EXPECT_NE(json.find("\"kind\": \"applies\", \"cycle\": false"), std::string::npos) << json;
}

TEST_F(GraphOutputTest, BuildPrintsTheSubstitutedObjectsWithSopsMasked) {
  Result<std::string> out = BuildKustomizationStream(*snapshot_, "flux-system", "apps");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(*out, R"(apiVersion: v1
data:
  text: say "hi"
kind: ConfigMap
metadata:
  name: app
  namespace: apps
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: apps
sops:
  mac: ENC[AES256_GCM,data:mac]
stringData:
  password: '**SOPS**'
)");
  Result<std::string> missing = BuildKustomizationStream(*snapshot_, "flux-system", "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("flux-system/apps"), std::string::npos);
  Result<std::string> other = BuildKustomizationStream(*snapshot_, "flux-system", "apps", "x");
  EXPECT_FALSE(other.ok());
}

TEST_F(GraphOutputTest, BuildRefusesARenderWithErrors) {
  Add("infra/bad.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  x: ${a-b}\n");
  Add("clusters/c/vars.yaml", "");
  config_.variables["a"] = "1";  // so that infra substitutes
  Add("clusters/c/ks.yaml", R"(apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra
  namespace: flux-system
spec:
  interval: 5m
  prune: true
  path: ./infra
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild: {}
)");
  Load();
  Result<std::string> out = BuildKustomizationStream(*snapshot_, "flux-system", "infra");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("infra/bad.yaml:6:6: missing closing brace"),
            std::string::npos)
      << out.status().message();
}

}  // namespace
}  // namespace fluxlint::model
