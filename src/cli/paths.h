#ifndef FLUXLINT_CLI_PATHS_H_
#define FLUXLINT_CLI_PATHS_H_

#include <string>
#include <string_view>

#include "util/status.h"

namespace fluxlint::cli {

/// Turns `path` as typed on the command line (relative to `cwd`, or absolute) into a path relative
/// to the repository `root` ("" for the root itself). kOutsideRoot when it is not under root.
Result<std::string> RepositoryRelative(std::string_view root, std::string_view cwd,
                                       std::string_view path);

}  // namespace fluxlint::cli

#endif  // FLUXLINT_CLI_PATHS_H_
