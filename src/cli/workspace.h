#ifndef FLUXLINT_CLI_WORKSPACE_H_
#define FLUXLINT_CLI_WORKSPACE_H_

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "source/repository.h"
#include "source/tree.h"
#include "util/status.h"
#include "yaml/parse_cache.h"

namespace fluxlint::cli {

/// Where a command runs: the repository containing the current directory (or, outside git, the
/// current directory itself) and the tree it reads.
struct Workspace {
  std::unique_ptr<source::Repository> repo;  ///< null outside a git repository
  std::string root;                          ///< absolute; the repository root or the cwd
  std::string cwd;
  std::unique_ptr<source::Tree> head;        ///< what is linted / built
};

/// Which tree to read: the work tree (default), the index, or a revision.
struct TreeChoice {
  bool staged = false;
  std::string rev;
};

/// Discovers the repository from the current directory and opens the chosen tree.
/// Outside a git repository the files on disk are read (and `staged`/`rev` are errors).
Result<Workspace> OpenWorkspace(const TreeChoice& choice);

/// Turns command-line paths into repository-relative paths that exist in `ws.head`
/// ("." when `paths` is empty). Errors name the path.
Result<std::vector<std::string>> ResolvePaths(const Workspace& ws,
                                              const std::vector<std::string>& paths);

/// Every registered rule id (for "did you mean" and config validation).
std::vector<std::string> KnownRuleIds();

/// Reads the configuration: the file at `path` (relative to the current directory) when given,
/// else `.fluxlint.yaml` at the root of `head` when it exists, else the defaults. Problems are
/// printed to stderr with their positions; returns false when there were any.
bool LoadConfigFile(const std::string& path, const source::Tree& head, yaml::ParseCache& cache,
                    bool color, config::Config* config);

}  // namespace fluxlint::cli

#endif  // FLUXLINT_CLI_WORKSPACE_H_
