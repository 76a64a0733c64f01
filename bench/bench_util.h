#ifndef FLUXLINT_BENCH_BENCH_UTIL_H_
#define FLUXLINT_BENCH_BENCH_UTIL_H_

// Helpers shared by the benchmarks in bench/.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

namespace fluxlint::bench {

/// kubectl on PATH; "" when absent or when FLUXLINT_BENCH_NO_KUBECTL is set (profiling).
inline std::string FindKubectl() {
  if (std::getenv("FLUXLINT_BENCH_NO_KUBECTL") != nullptr) return "";
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    std::filesystem::path p = std::filesystem::path(dir) / "kubectl";
    if (access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

}  // namespace fluxlint::bench

#endif  // FLUXLINT_BENCH_BENCH_UTIL_H_
