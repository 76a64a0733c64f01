#ifndef FLUXLINT_FUZZ_FUZZ_UTIL_H_
#define FLUXLINT_FUZZ_FUZZ_UTIL_H_

// Shared by the fuzz targets: every target is a plain `LLVMFuzzerTestOneInput`, built with
// libFuzzer (preset `fuzz`, Clang) or linked with replay_main.cc to run saved inputs as a test.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "diag/span.h"
#include "yaml/loader.h"

namespace fluxlint::fuzz {

inline std::string_view Bytes(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A SourceFile holding `text`, its lines indexed, as a tree would produce it.
inline SourceFile File(std::string path, std::string_view text) {
  SourceFile f;
  f.path = std::move(path);
  f.text = std::string(text);
  f.IndexLines();
  return f;
}

/// Load limits small enough that the fuzzer does not spend seconds on one input (the paths that
/// hit a limit are the same as with the real ones).
inline yaml::LoadOptions SmallLimits() {
  yaml::LoadOptions options;
  options.max_alias_nodes = 10'000;
  options.max_depth = 64;
  return options;
}

/// Stops the run when a property that must hold for every input does not: a finding.
inline void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

}  // namespace fluxlint::fuzz

#endif  // FLUXLINT_FUZZ_FUZZ_UTIL_H_
