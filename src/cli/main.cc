#include "cli/main.h"

#include <cstdio>

namespace fluxlint::cli {

int Main(int argc, char** argv) {
  std::printf("fluxlint %s\n", FLUXLINT_VERSION);
  return 0;
}

}  // namespace fluxlint::cli
