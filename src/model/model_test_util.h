#ifndef FLUXLINT_MODEL_MODEL_TEST_UTIL_H_
#define FLUXLINT_MODEL_MODEL_TEST_UTIL_H_

// Test helpers for the model tests and the whole-repository tests in tests/ (header-only): an
// in-memory repository, a snapshot with the Flux graph built, and lookups.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/snapshot.h"
#include "source/memory_tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint::model::testing {

/// What `flux bootstrap` writes to `cluster_dir`/flux-system/gotk-sync.yaml: the flux-system
/// GitRepository and a Kustomization flux-system that applies `cluster_dir`.
inline std::string BootstrapSyncYaml(std::string_view cluster_dir) {
  return R"(apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  url: ssh://git@example.com/fleet
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m
  path: ./)" +
         std::string(cluster_dir) +
         R"(
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
)";
}

/// `cluster_dir`/flux-system/kustomization.yaml as `flux bootstrap` writes it.
inline constexpr char kBootstrapKustomizationYaml[] =
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
    "  - gotk-sync.yaml\n";

/// The `flux bootstrap` layout in `cluster_dir` (the two files above).
inline void AddBootstrapFiles(source::MemoryTree& tree, std::string_view cluster_dir) {
  std::string dir(cluster_dir);
  tree.AddFile(dir + "/flux-system/gotk-sync.yaml", BootstrapSyncYaml(cluster_dir));
  tree.AddFile(dir + "/flux-system/kustomization.yaml", kBootstrapKustomizationYaml);
}

/// A tree, a cache and a snapshot with the graph built.
class GraphTest : public ::testing::Test {
 protected:
  void Add(std::string_view path, std::string content) { tree_.AddFile(path, std::move(content)); }

  const Snapshot& Load(std::vector<std::string> paths = {""}) {
    SnapshotOptions options;
    options.paths = std::move(paths);
    options.build_graph = true;
    options.config = &config_;
    options.jobs = 2;
    snapshot_ = std::make_unique<Snapshot>(LoadSnapshot(tree_, options, cache_));
    return *snapshot_;
  }

  const FluxKustomization* Find(std::string_view ns, std::string_view name) const {
    for (const FluxKustomization& k : snapshot_->flux().kustomizations) {
      if (k.ref.ns == ns && k.ref.name == name) return &k;
    }
    return nullptr;
  }

  static std::vector<std::string> ObjectNames(const FluxKustomization& k) {
    std::vector<std::string> out;
    if (k.render == nullptr) return out;
    for (const yaml::Node& o : k.render->objects) {
      const yaml::Node* md = o.Get("metadata");
      std::string ns(md ? md->GetString("namespace") : "");
      out.push_back(std::string(o.GetString("kind")) + "/" + (ns.empty() ? "" : ns + "/") +
                    std::string(md ? md->GetString("name") : ""));
    }
    return out;
  }

  static std::string ValueAt(const yaml::Node& object,
                             std::initializer_list<std::string_view> path) {
    const yaml::Node* n = object.Find(path);
    return n != nullptr && n->IsScalar() ? n->value : "<none>";
  }

  void AddBootstrap(std::string_view cluster_dir) { AddBootstrapFiles(tree_, cluster_dir); }

  source::MemoryTree tree_{"work tree"};
  SourceStore store_;
  yaml::ParseCache cache_{store_};
  config::Config config_;
  std::unique_ptr<Snapshot> snapshot_;
};

}  // namespace fluxlint::model::testing

#endif  // FLUXLINT_MODEL_MODEL_TEST_UTIL_H_
