#include "kustomize/overlay_graph.h"

#include <gtest/gtest.h>

#include <string>

#include "source/memory_tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint::kustomize {
namespace {

class OverlayGraphTest : public ::testing::Test {
 protected:
  OverlayGraphTest() {
    tree_.AddFile("apps/base/kustomization.yaml", "resources:\n- deployment.yaml\n");
    tree_.AddFile("apps/base/deployment.yaml", "kind: Deployment\n");
    tree_.AddFile("apps/prod/kustomization.yaml",
                  "resources:\n- ../base\n- https://github.com/x/y//z?ref=v1\n- gone.yaml\n"
                  "components:\n- ../../components/monitoring\n");
    tree_.AddFile("components/monitoring/kustomization.yaml",
                  "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
    tree_.AddFile("loop/a/kustomization.yaml", "resources:\n- ../b\n");
    tree_.AddFile("loop/b/kustomization.yaml", "resources:\n- ../a\n- ../../../escape\n");
  }
  size_t Index(const OverlayGraph& g, std::string_view path) {
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].path == path) return i;
    }
    return g.nodes.size();
  }
  source::MemoryTree tree_;
  SourceStore store_;
  yaml::ParseCache cache_{store_};
};

TEST_F(OverlayGraphTest, NodesEdgesAndKinds) {
  OverlayGraph g = BuildOverlayGraph(tree_, "apps", cache_);
  size_t base = Index(g, "apps/base");
  size_t prod = Index(g, "apps/prod");
  size_t comp = Index(g, "components/monitoring");
  ASSERT_LT(base, g.nodes.size());
  ASSERT_LT(prod, g.nodes.size());
  ASSERT_LT(comp, g.nodes.size());  // outside "apps" but included from it
  EXPECT_EQ(g.nodes[comp].kind, OverlayGraph::Node::kComponent);
  EXPECT_EQ(g.nodes[Index(g, "apps/base/deployment.yaml")].kind, OverlayGraph::Node::kFile);
  EXPECT_EQ(g.nodes[Index(g, "apps/prod/gone.yaml")].kind, OverlayGraph::Node::kMissing);
  EXPECT_EQ(g.nodes[Index(g, "https://github.com/x/y//z?ref=v1")].kind,
            OverlayGraph::Node::kRemote);
  bool prod_to_base = false;
  bool prod_to_comp = false;
  for (const OverlayGraph::Edge& e : g.edges) {
    if (e.from == prod && e.to == base) {
      prod_to_base = true;
      EXPECT_EQ(e.span.begin.line, 2u);
    }
    if (e.from == prod && e.to == comp) prod_to_comp = e.kind == OverlayGraph::Edge::kComponent;
  }
  EXPECT_TRUE(prod_to_base);
  EXPECT_TRUE(prod_to_comp);
  EXPECT_TRUE(g.issues.empty());
  // The loop directory is not under "apps".
  EXPECT_EQ(Index(g, "loop/a"), g.nodes.size());
}

TEST_F(OverlayGraphTest, CyclesAndEscapes) {
  OverlayGraph g = BuildOverlayGraph(tree_, "", cache_);
  bool cycle = false;
  bool escape = false;
  for (const BuildIssue& i : g.issues) {
    if (i.code == "overlay-cycle") {
      cycle = true;
      EXPECT_NE(i.message.find("loop/a -> loop/b -> loop/a"), std::string::npos) << i.message;
    }
    if (i.code == "path-escape") escape = true;
  }
  EXPECT_TRUE(cycle);
  EXPECT_TRUE(escape);
}

TEST_F(OverlayGraphTest, Emitters) {
  OverlayGraph g = BuildOverlayGraph(tree_, "apps", cache_);
  std::string dot = GraphToDot(g);
  EXPECT_NE(dot.find("digraph kustomize {"), std::string::npos);
  EXPECT_NE(dot.find("\"apps/prod\" -> \"apps/base\";"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"apps/prod\" -> \"components/monitoring\" [style=dashed"),
            std::string::npos);
  std::string mermaid = GraphToMermaid(g);
  EXPECT_EQ(mermaid.rfind("flowchart LR\n", 0), 0u);
  EXPECT_NE(mermaid.find("-.->|component|"), std::string::npos);
  std::string json = GraphToJson(g);
  EXPECT_NE(json.find("\"path\":\"apps/base\",\"kind\":\"kustomization\""), std::string::npos);
  EXPECT_NE(json.find("\"kind\":\"component\",\"file\":\"apps/prod/kustomization.yaml\""),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace fluxlint::kustomize
