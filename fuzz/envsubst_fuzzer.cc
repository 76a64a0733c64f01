// Flux's envsubst grammar on any text: parsing and evaluation (strict and not) terminate
// without crashing, and text that MayChange says is unchanged is returned as it is.
#include <cstdint>
#include <map>
#include <string>

#include "flux/envsubst.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fluxlint;
  std::string_view text = fuzz::Bytes(data, size);
  static const std::map<std::string, std::string> kVars = {
      {"A", "alpha"}, {"B", ""}, {"N", "12345"}, {"cluster_name", "prod-eu"}};
  flux::ParseResult parsed = flux::ParseUses(text);
  if (parsed.error) {
    fuzz::Check(parsed.uses.empty(), "a syntax error lists no uses");
  }
  for (bool strict : {false, true}) {
    flux::EvalResult r = flux::Evaluate(text, kVars, strict);
    if (!flux::MayChange(text)) {
      fuzz::Check(r.ok() && r.value == text, "text without '$' is returned unchanged");
    }
  }
  return 0;
}
