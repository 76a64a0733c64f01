// yaml::Load on any bytes, then the emitter: a document that loads without errors is emitted,
// and the emitted text loads again, without errors, to an equal tree (no value changes type).
#include <cstdint>

#include "fuzz/fuzz_util.h"
#include "yaml/emitter.h"
#include "yaml/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluxlint;
  yaml::LoadOptions options = fuzz::SmallLimits();
  SourceFile file = fuzz::File("fuzz.yaml", fuzz::Bytes(data, size));
  yaml::LoadedFile loaded = yaml::Load(file, options);
  for (const yaml::LoadError& e : loaded.errors) {
    fuzz::Check(e.span.begin.offset <= file.text.size(), "error offset inside the file");
    fuzz::Check(e.span.begin.line >= 1, "error has a line");
  }
  if (!loaded.errors.empty()) return 0;
  for (const yaml::Document& d : loaded.documents) {
    if (d.empty) continue;
    std::string text = yaml::Emit(d.root);
    SourceFile again = fuzz::File("again.yaml", text);
    yaml::LoadedFile reloaded = yaml::Load(again, options);
    fuzz::Check(reloaded.errors.empty(), "emitted YAML loads without errors");
    fuzz::Check(reloaded.documents.size() == 1, "emitted YAML is one document");
    fuzz::Check(yaml::Equal(d.root, reloaded.documents[0].root), "round trip keeps every value");
  }
  return 0;
}
