// A whole kustomize build in memory with the input as the kustomization file of `app/`, beside
// a base and a few resource files: the kustomization loader, every transformer and generator
// the input names, and the patch appliers. The build returns objects or issues; issues that
// have a position point inside a file of the tree.
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "kustomize/build.h"
#include "source/memory_tree.h"
#include "yaml/parse_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluxlint;
  source::MemoryTree tree("fuzz");
  tree.AddFile("base/kustomization.yaml",
               "resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: settings\n"
               "    literals: [a=1]\n");
  tree.AddFile("base/deployment.yaml",
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
               "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
               "      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n"
               "          image: nginx:1.25\n          envFrom:\n"
               "            - configMapRef: {name: settings}\n");
  tree.AddFile("app/service.yaml",
               "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
               "  selector: {app: web}\n  ports:\n    - port: 80\n");
  tree.AddFile("app/patch.yaml",
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
               "  replicas: 3\n");
  tree.AddFile("app/app.env", "KEY=value\nOTHER=2\n");
  tree.AddFile("app/kustomization.yaml", std::string(fuzz::Bytes(data, size)));
  SourceStore store;
  yaml::LoadOptions options = fuzz::SmallLimits();
  yaml::ParseCache cache(store, options);
  kustomize::BuildResult result = kustomize::Build(tree, "app", cache);
  for (const kustomize::BuildIssue& issue : result.issues) {
    if (!issue.span.valid()) continue;
    fuzz::Check(issue.span.begin.offset <= issue.span.file->text.size(),
                "an issue's position is inside its file");
  }
  if (result.ok()) kustomize::RenderStream(result);
  return 0;
}
