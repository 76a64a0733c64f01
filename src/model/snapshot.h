#ifndef FLUXLINT_MODEL_SNAPSHOT_H_
#define FLUXLINT_MODEL_SNAPSHOT_H_

#include <memory>
#include <string>
#include <vector>

#include "diag/span.h"
#include "source/tree.h"
#include "util/status.h"
#include "yaml/loader.h"
#include "yaml/parse_cache.h"

namespace fluxlint::model {

/// A file under the linted paths that could not be read at all (a symlink leaving the repository,
/// a symlink loop, a file over the size limit, a special file).
struct UnreadableFile {
  Span span;      ///< the path itself (line 1, column 1 of an empty SourceFile)
  Status status;  ///< why: kOutsideRoot, kSymlinkLoop, kTooLarge, …
};

struct SnapshotOptions {
  /// Repository-relative files or directories to lint ("" = the whole repository).
  std::vector<std::string> paths = {""};
  /// Path globs left out (config ignorePaths).
  std::vector<std::string> ignore_paths;
  size_t jobs = 1;
};

/// Everything loaded for one revision: the immutable world the rules look at. Later stages add
/// the kustomize renders and the Flux graph.
class Snapshot {
 public:
  /// Tree::Describe() of the revision, e.g. "index".
  const std::string& revision() const { return revision_; }
  /// Every YAML file under the linted paths, sorted by path.
  const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files() const { return files_; }
  const std::vector<UnreadableFile>& unreadable() const { return unreadable_; }

 private:
  friend Snapshot LoadSnapshot(const source::Tree&, const SnapshotOptions&, yaml::ParseCache&);
  std::string revision_;
  std::vector<std::shared_ptr<const yaml::LoadedFile>> files_;
  std::vector<UnreadableFile> unreadable_;
};

/// Whether fluxlint reads `name` as YAML: *.yaml, *.yml and kustomize's extension-less
/// "Kustomization".
bool IsYamlFileName(std::string_view name);

/// Walks `options.paths` in `tree` and parses every YAML file (in parallel). Directories and files
/// whose name starts with '.' are skipped (.git, .github, .sops.yaml, …), as are ignored paths;
/// symlinked directories are not descended into. A path given explicitly is always read.
Snapshot LoadSnapshot(const source::Tree& tree, const SnapshotOptions& options,
                      yaml::ParseCache& cache);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_SNAPSHOT_H_
