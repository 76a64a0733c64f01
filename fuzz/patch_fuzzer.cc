// The patch appliers on any pair of YAML documents: the input's first document is the target
// object, the second the patch. Strategic merge, and JSON 6902 when the patch is a list of
// operations, either apply or return an error; never crash, never loop.
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "kustomize/json_patch.h"
#include "kustomize/strategic_merge.h"
#include "yaml/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluxlint;
  yaml::LoadOptions options = fuzz::SmallLimits();
  SourceFile file = fuzz::File("fuzz.yaml", fuzz::Bytes(data, size));
  yaml::LoadedFile loaded = yaml::Load(file, options);
  if (loaded.documents.size() < 2) return 0;
  const yaml::Node& patch = loaded.documents[1].root;
  {
    yaml::Node target = loaded.documents[0].root;
    bool deleted = false;
    kustomize::ApplyStrategicMerge(target, patch, &deleted);
  }
  if (kustomize::IsJsonPatch(patch)) {
    yaml::Node target = loaded.documents[0].root;
    kustomize::ApplyJsonPatch(target, patch);
  }
  return 0;
}
