#ifndef FLUXLINT_MODEL_SNAPSHOT_H_
#define FLUXLINT_MODEL_SNAPSHOT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/span.h"
#include "kustomize/build.h"
#include "model/flux_graph.h"
#include "model/object_index.h"
#include "model/render_reuse.h"
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

/// A kustomization directory under the linted paths that no Flux Kustomization renders and no
/// other such directory includes, built on its own (like `kustomize build DIR`).
struct KustomizeRoot {
  std::string dir;
  /// Shared with the other revision when its build read the same bytes there.
  std::shared_ptr<const kustomize::BuildResult> result;
};

struct SnapshotOptions {
  /// Repository-relative files or directories to lint ("" = the whole repository).
  std::vector<std::string> paths = {""};
  /// Path globs left out (config ignorePaths).
  std::vector<std::string> ignore_paths;
  size_t jobs = 1;
  /// Load the whole repository, index every object, build the Flux graph with its renders and
  /// the kustomize roots no Flux Kustomization reaches. Off, only the linted paths are read
  /// and parsed (what yaml-* rules need; the fast pre-commit path).
  bool build_graph = false;
  /// Variables, substituteFrom objects, source mappings and strictness for the graph. Must
  /// outlive the call; nullptr means the defaults.
  const config::Config* config = nullptr;
  /// The renders of another revision (Snapshot::renders() of a snapshot loaded before, from
  /// a tree that is still alive): a render whose inputs are equal and whose closure reads the
  /// same bytes here is shared instead of made again. nullptr: render everything.
  const RenderPool* reuse = nullptr;
};

/// Everything loaded for one revision: the immutable world the rules look at.
///
/// Which findings belong to a run (`fluxlint check PATH…`): a finding is reported when its
/// primary span is in a file under the linted paths (IsLinted), or when it is about a Flux
/// Kustomization that is in scope (InScope: its definition or its resolved spec.path is under
/// the linted paths) — then findings anywhere in what that Kustomization renders count too,
/// since fixing them is part of making that Kustomization apply. Rules use Reportable().
class Snapshot {
 public:
  /// Tree::Describe() of the revision, e.g. "index".
  const std::string& revision() const { return revision_; }
  /// Every YAML file under the linted paths, sorted by path (for yaml-* rules).
  const std::vector<std::shared_ptr<const yaml::LoadedFile>>& files() const { return files_; }
  /// Every YAML file of the repository when the graph was built (else the same as files()).
  const std::vector<std::shared_ptr<const yaml::LoadedFile>>& all_files() const {
    return all_files_;
  }
  const std::vector<UnreadableFile>& unreadable() const { return unreadable_; }

  /// Every object written in all_files().
  const ObjectIndex& objects() const { return index_; }
  /// Whether the Flux graph and the kustomize roots were built (SnapshotOptions::build_graph).
  bool graph_built() const { return graph_built_; }
  const FluxGraph& flux() const { return graph_; }
  const std::vector<KustomizeRoot>& kustomize_roots() const { return kustomize_roots_; }
  /// Every Flux render and kustomize root build of this revision, for SnapshotOptions::reuse
  /// (empty when the graph was not built). Refers to the tree the snapshot was loaded from.
  const RenderPool& renders() const { return *renders_; }

  /// The linted paths as given (normalised: no "./", no trailing '/').
  const std::vector<std::string>& paths() const { return paths_; }
  /// `path` is under a linted path and not in ignorePaths.
  bool IsLinted(std::string_view path) const;
  bool IsLinted(const Span& span) const { return span.valid() && IsLinted(span.path()); }
  /// The Kustomization's definition or its resolved spec.path is under a linted path.
  bool InScope(const FluxKustomization& k) const;
  /// IsLinted(span), or `owner` (may be null) is in scope.
  bool Reportable(const Span& span, const FluxKustomization* owner) const;
  /// Whether some render (Flux or kustomize root) read `path`.
  bool Rendered(std::string_view path) const;

 private:
  friend Snapshot LoadSnapshot(const source::Tree&, const SnapshotOptions&, yaml::ParseCache&);
  std::string revision_;
  std::vector<std::shared_ptr<const yaml::LoadedFile>> files_;
  std::vector<std::shared_ptr<const yaml::LoadedFile>> all_files_;
  std::vector<UnreadableFile> unreadable_;
  std::vector<std::string> paths_ = {""};
  std::vector<std::string> ignore_paths_;
  ObjectIndex index_;
  bool graph_built_ = false;
  FluxGraph graph_;
  std::vector<KustomizeRoot> kustomize_roots_;
  std::shared_ptr<RenderPool> renders_ = std::make_shared<RenderPool>(nullptr);
  std::vector<std::string> rendered_paths_;  ///< sorted
};

/// Whether fluxlint reads `name` as YAML: *.yaml, *.yml and kustomize's extension-less
/// "Kustomization".
bool IsYamlFileName(std::string_view name);

/// Walks `options.paths` in `tree` and parses every YAML file (in parallel). Directories and files
/// whose name starts with '.' are skipped (.git, .github, .sops.yaml, …), as are ignored paths;
/// symlinked directories are not descended into. A path given explicitly is always read.
/// With `build_graph`, the whole repository is walked the same way (files() keeps only the
/// linted ones), then the object index, the Flux graph and the kustomize roots are built.
Snapshot LoadSnapshot(const source::Tree& tree, const SnapshotOptions& options,
                      yaml::ParseCache& cache);

}  // namespace fluxlint::model

#endif  // FLUXLINT_MODEL_SNAPSHOT_H_
