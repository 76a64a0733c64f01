#include "model/render_reuse.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <string>

#include "model/model_test_util.h"
#include "model/snapshot.h"
#include "source/memory_tree.h"

namespace fluxlint::model {
namespace {

std::string FluxKustomizationYaml(const std::string& name, const std::string& path) {
  return "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: " +
         name + "\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: " + path +
         "\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n";
}

std::string ConfigMap(const std::string& name, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  v: \"" +
         value + "\"\n";
}

/// A kustomization.yaml: the header, then `rest`.
std::string KustomizationYaml(const std::string& rest) {
  return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + rest;
}

/// A fleet: flux-system renders clusters/prod (generated), which applies `apps` (a kustomize
/// overlay) and `infra` (a generated kustomization), plus a kustomize root `tools`.
void Fleet(source::MemoryTree& t, const std::function<void(source::MemoryTree&)>& edit) {
  testing::AddBootstrapFiles(t, "clusters/prod");
  t.AddFile("clusters/prod/apps.yaml", FluxKustomizationYaml("apps", "./apps/prod"));
  t.AddFile("clusters/prod/infra.yaml", FluxKustomizationYaml("infra", "./infra"));
  t.AddFile("apps/base/kustomization.yaml", KustomizationYaml("resources:\n  - cm.yaml\n"));
  t.AddFile("apps/base/cm.yaml", ConfigMap("app", "1"));
  t.AddFile("apps/prod/kustomization.yaml",
            KustomizationYaml("namespace: prod\nresources:\n  - ../base\n"));
  t.AddFile("infra/a.yaml", ConfigMap("a", "1"));
  t.AddFile("infra/b.yaml", ConfigMap("b", "1"));
  t.AddFile("tools/kustomization.yaml", KustomizationYaml("resources:\n  - job.yaml\n"));
  t.AddFile("tools/job.yaml", ConfigMap("tool", "1"));
  if (edit) edit(t);
}

class RenderReuseTest : public ::testing::Test {
 protected:
  /// Loads head from the plain fleet and base from the fleet after `edit_base`, base reusing
  /// head's renders (as `fluxlint check` does).
  void Load(const std::function<void(source::MemoryTree&)>& edit_base) {
    Fleet(head_tree_, nullptr);
    Fleet(base_tree_, edit_base);
    SnapshotOptions options;
    options.build_graph = true;
    options.jobs = 2;
    head_ = std::make_unique<Snapshot>(LoadSnapshot(head_tree_, options, cache_));
    options.reuse = &head_->renders();
    base_ = std::make_unique<Snapshot>(LoadSnapshot(base_tree_, options, cache_));
    // What the base would be rendered as on its own.
    options.reuse = nullptr;
    alone_ = std::make_unique<Snapshot>(LoadSnapshot(base_tree_, options, cache_));
  }

  static const Render* RenderOf(const Snapshot& s, const std::string& name) {
    for (const FluxKustomization& k : s.flux().kustomizations) {
      if (k.ref.name == name) return k.render.get();
    }
    ADD_FAILURE() << "no Kustomization " << name;
    return nullptr;
  }

  static std::string Values(const Render* r) {
    std::string out;
    if (r == nullptr) return "<none>";
    for (const yaml::Node& o : r->objects) {
      const yaml::Node* name = o.Find({"metadata", "name"});
      const yaml::Node* v = o.Find({"data", "v"});
      out += (name != nullptr ? name->value : "?") + "=" + (v != nullptr ? v->value : "-") + ";";
    }
    return out;
  }

  /// Base renders are shared with head exactly for `shared`, and every base render has the
  /// objects an independent render of the base has.
  void Expect(const std::set<std::string>& shared) {
    for (const std::string name : {"flux-system", "apps", "infra"}) {
      SCOPED_TRACE(name);
      EXPECT_EQ(RenderOf(*base_, name) == RenderOf(*head_, name), shared.count(name) == 1);
      EXPECT_EQ(Values(RenderOf(*base_, name)), Values(RenderOf(*alone_, name)));
    }
    const KustomizeRoot* base = Tools(*base_);
    const KustomizeRoot* head = Tools(*head_);
    const KustomizeRoot* alone = Tools(*alone_);
    ASSERT_TRUE(base != nullptr && head != nullptr && alone != nullptr);
    EXPECT_EQ(base->result == head->result, shared.count("tools") == 1);
    EXPECT_EQ(base->result->objects.size(), alone->result->objects.size());
  }

  static const KustomizeRoot* Tools(const Snapshot& s) {
    for (const KustomizeRoot& r : s.kustomize_roots()) {
      if (r.dir == "tools") return &r;
    }
    return nullptr;
  }

  source::MemoryTree head_tree_{"index"};
  source::MemoryTree base_tree_{"HEAD"};
  SourceStore store_;
  yaml::ParseCache cache_{store_};
  std::unique_ptr<Snapshot> head_, base_, alone_;
};

TEST_F(RenderReuseTest, UnchangedRevisionSharesEveryRender) {
  Load(nullptr);
  Expect({"flux-system", "apps", "infra", "tools"});
}

TEST_F(RenderReuseTest, ChangedFileInABaseIsRenderedAgain) {
  Load([](source::MemoryTree& t) { t.AddFile("apps/base/cm.yaml", ConfigMap("app", "0")); });
  Expect({"flux-system", "infra", "tools"});
  EXPECT_EQ(Values(RenderOf(*base_, "apps")), "app=0;");
}

TEST_F(RenderReuseTest, ExtraFileInAGeneratedDirectoryIsRenderedAgain) {
  // At head the file is gone: no file the head render read changed, only the listing.
  Load([](source::MemoryTree& t) { t.AddFile("infra/c.yaml", ConfigMap("c", "1")); });
  Expect({"flux-system", "apps", "tools"});
  EXPECT_EQ(Values(RenderOf(*base_, "infra")), "a=1;b=1;c=1;");
}

TEST_F(RenderReuseTest, PathThatHeadProbedExistsAtBase) {
  // Head looked for apps/base/Kustomization and found nothing; at base it is there (and makes
  // the directory ambiguous). No file head read changed.
  Load([](source::MemoryTree& t) { t.AddFile("apps/base/Kustomization", "resources: []\n"); });
  Expect({"flux-system", "infra", "tools"});
  EXPECT_FALSE(RenderOf(*base_, "apps")->build_issues.empty());
}

TEST_F(RenderReuseTest, ChangedSpecIsRenderedAgain) {
  // The Flux Kustomization's spec changes at base (another path): its inputs differ.
  Load([](source::MemoryTree& t) {
    t.AddFile("clusters/prod/infra.yaml", FluxKustomizationYaml("infra", "./infra/"));
  });
  Expect({"apps", "tools"});  // flux-system read the changed file; infra's spec changed
}

TEST_F(RenderReuseTest, KustomizeRootWithAChangedFileIsBuiltAgain) {
  Load([](source::MemoryTree& t) { t.AddFile("tools/job.yaml", ConfigMap("tool", "2")); });
  Expect({"flux-system", "apps", "infra"});
}

TEST(SameClosureTest, ComparesIdsProbesAndListings) {
  source::MemoryTree a("a"), b("b");
  for (source::MemoryTree* t : {&a, &b}) {
    t->AddFile("d/x.yaml", "x: 1\n");
    t->AddFile("d/y.yaml", "y: 1\n");
  }
  Result<std::string> id = a.Id("d/x.yaml");
  ASSERT_TRUE(id.ok());
  Result<std::vector<source::DirEntry>> listing = a.List("d");
  ASSERT_TRUE(listing.ok());
  Closure closure = {
      {ListingPath("d"), ListingId(*listing)}, {"d/kustomization.yaml", ""}, {"d/x.yaml", *id}};
  EXPECT_TRUE(SameClosure(a, b, closure));

  source::MemoryTree changed("c");
  changed.AddFile("d/x.yaml", "x: 2\n");
  changed.AddFile("d/y.yaml", "y: 1\n");
  EXPECT_FALSE(SameClosure(a, changed, closure));  // a file's content

  source::MemoryTree probe("p");
  probe.AddFile("d/x.yaml", "x: 1\n");
  probe.AddFile("d/y.yaml", "y: 1\n");
  probe.AddFile("d/kustomization.yaml", "resources: []\n");
  EXPECT_FALSE(SameClosure(a, probe, closure));  // a path that was missing now exists

  source::MemoryTree listed("l");
  listed.AddFile("d/x.yaml", "x: 1\n");
  EXPECT_FALSE(SameClosure(a, listed, closure));  // the directory lists another set
  EXPECT_NE(ListingPath(""), ListingPath("d"));
}

}  // namespace
}  // namespace fluxlint::model
