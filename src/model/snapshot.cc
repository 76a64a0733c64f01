#include "model/snapshot.h"

#include <algorithm>

#include "util/glob.h"
#include "util/thread_pool.h"

namespace fluxlint::model {
namespace {

struct Walk {
  const source::Tree& tree;
  const SnapshotOptions& options;
  yaml::ParseCache& cache;
  std::vector<std::string> files;
  std::vector<UnreadableFile> unreadable;

  bool Ignored(const std::string& path) const {
    return std::any_of(options.ignore_paths.begin(), options.ignore_paths.end(),
                       [&](const std::string& g) { return PathGlobMatch(g, path); });
  }

  void Unreadable(const std::string& path, Status status) {
    const SourceFile* file = cache.store().Add(path, "", "", tree.Describe());
    unreadable.push_back({FileSpan(file), std::move(status)});
  }

  void Directory(const std::string& dir, int depth) {
    if (depth > 256) {
      Unreadable(dir, Status(ErrorCode::kTooLarge, "directory '" + dir + "' is nested too deeply"));
      return;
    }
    Result<std::vector<source::DirEntry>> entries = tree.List(dir);
    if (!entries.ok()) {
      Unreadable(dir, entries.status());
      return;
    }
    for (const source::DirEntry& e : *entries) {
      if (e.name.empty() || e.name[0] == '.') continue;
      std::string path = dir.empty() ? e.name : dir + "/" + e.name;
      if (Ignored(path)) continue;
      switch (e.kind) {
        case source::EntryKind::kDirectory:
          Directory(path, depth + 1);
          break;
        case source::EntryKind::kFile:
          if (IsYamlFileName(e.name)) files.push_back(path);
          break;
        case source::EntryKind::kSymlink: {
          if (!IsYamlFileName(e.name)) break;  // symlinked directories are not walked
          Result<source::EntryKind> kind = tree.Stat(path);
          if (!kind.ok()) {
            Unreadable(path, kind.status());
          } else if (*kind == source::EntryKind::kFile) {
            files.push_back(path);
          }
          break;
        }
        case source::EntryKind::kSubmodule:
        case source::EntryKind::kOther:
          break;
      }
    }
  }

  void Root(const std::string& path) {
    Result<source::EntryKind> kind = tree.Stat(path);
    if (!kind.ok()) {
      Unreadable(path, kind.status());
      return;
    }
    if (*kind == source::EntryKind::kDirectory) {
      Directory(path, 0);
    } else if (*kind == source::EntryKind::kFile) {
      files.push_back(path);
    }
  }
};

}  // namespace

bool IsYamlFileName(std::string_view name) {
  return name.ends_with(".yaml") || name.ends_with(".yml") || name == "Kustomization";
}

Snapshot LoadSnapshot(const source::Tree& tree, const SnapshotOptions& options,
                      yaml::ParseCache& cache) {
  Walk walk{tree, options, cache, {}, {}};
  for (const std::string& p : options.paths) walk.Root(p);
  std::sort(walk.files.begin(), walk.files.end());
  walk.files.erase(std::unique(walk.files.begin(), walk.files.end()), walk.files.end());

  std::vector<Result<std::shared_ptr<const yaml::LoadedFile>>> loaded(
      walk.files.size(), Status(ErrorCode::kInternal, "not loaded"));
  ParallelFor(walk.files.size(), options.jobs,
              [&](size_t i) { loaded[i] = cache.Parse(tree, walk.files[i]); });

  Snapshot snapshot;
  snapshot.revision_ = tree.Describe();
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (loaded[i].ok()) {
      snapshot.files_.push_back(std::move(loaded[i]).value());
    } else {
      walk.Unreadable(walk.files[i], loaded[i].status());
    }
  }
  std::sort(walk.unreadable.begin(), walk.unreadable.end(),
            [](const UnreadableFile& a, const UnreadableFile& b) {
              return a.span.path() < b.span.path();
            });
  snapshot.unreadable_ = std::move(walk.unreadable);
  return snapshot;
}

}  // namespace fluxlint::model
