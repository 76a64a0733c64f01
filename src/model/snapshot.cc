#include "model/snapshot.h"

#include <algorithm>
#include <set>

#include "util/glob.h"
#include "util/thread_pool.h"

namespace fluxlint::model {
namespace {

constexpr std::string_view kKustomizationFileNames[] = {"kustomization.yaml", "kustomization.yml",
                                                        "Kustomization"};

std::string NormalizeLintPath(std::string p) {
  while (p.starts_with("./")) p.erase(0, 2);
  if (p == ".") p.clear();
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

bool Under(std::string_view path, std::string_view dir) {
  if (dir.empty()) return true;
  return path == dir ||
         (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

std::string DirOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool IsKustomizationFileName(std::string_view name) {
  return std::find(std::begin(kKustomizationFileNames), std::end(kKustomizationFileNames), name) !=
         std::end(kKustomizationFileNames);
}

struct Walk {
  const source::Tree& tree;
  std::vector<std::string> files;
  std::vector<std::string> sourceignore;
  std::vector<std::pair<std::string, Status>> unreadable;

  void Directory(const std::string& dir, int depth) {
    if (depth > 256) {
      unreadable.emplace_back(
          dir, Status(ErrorCode::kTooLarge, "directory '" + dir + "' is nested too deeply"));
      return;
    }
    Result<std::vector<source::DirEntry>> entries = tree.List(dir);
    if (!entries.ok()) {
      unreadable.emplace_back(dir, entries.status());
      return;
    }
    for (const source::DirEntry& e : *entries) {
      std::string path = dir.empty() ? e.name : dir + "/" + e.name;
      if (e.name == ".sourceignore" && e.kind == source::EntryKind::kFile) {
        sourceignore.push_back(path);
      }
      if (e.name.empty() || e.name[0] == '.') continue;
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
            unreadable.emplace_back(path, kind.status());
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
      unreadable.emplace_back(path, kind.status());
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

bool Snapshot::IsLinted(std::string_view path) const {
  bool under = std::any_of(paths_.begin(), paths_.end(),
                           [&](const std::string& p) { return Under(path, p); });
  if (!under) return false;
  return std::none_of(ignore_paths_.begin(), ignore_paths_.end(),
                      [&](const std::string& g) { return PathGlobMatch(g, path); });
}

bool Snapshot::InScope(const FluxKustomization& k) const {
  if (IsLinted(k.definition)) return true;
  if (!k.analysed()) return false;
  return std::any_of(paths_.begin(), paths_.end(),
                     [&](const std::string& p) { return Under(k.dir, p); });
}

bool Snapshot::Reportable(const Span& span, const FluxKustomization* owner) const {
  if (IsLinted(span)) return true;
  return owner != nullptr && InScope(*owner);
}

bool Snapshot::Rendered(std::string_view path) const {
  return std::binary_search(rendered_paths_.begin(), rendered_paths_.end(), path,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

Snapshot LoadSnapshot(const source::Tree& tree, const SnapshotOptions& options,
                      yaml::ParseCache& cache) {
  Snapshot snapshot;
  snapshot.revision_ = tree.Describe();
  snapshot.paths_.clear();
  for (const std::string& p : options.paths) snapshot.paths_.push_back(NormalizeLintPath(p));
  if (snapshot.paths_.empty()) snapshot.paths_.push_back("");
  snapshot.ignore_paths_ = options.ignore_paths;

  Walk walk{tree, {}, {}, {}};
  if (options.build_graph) {
    walk.Directory("", 0);
    // A linted path given explicitly is read even when the walk skips it (a dotfile).
    for (const std::string& p : snapshot.paths_) {
      if (p.empty()) continue;
      Result<source::EntryKind> kind = tree.Stat(p);
      if (!kind.ok()) {
        walk.unreadable.emplace_back(p, kind.status());
      } else if (*kind == source::EntryKind::kFile) {
        walk.files.push_back(p);
      }
    }
  } else {
    for (const std::string& p : snapshot.paths_) walk.Root(p);
  }
  std::sort(walk.files.begin(), walk.files.end());
  walk.files.erase(std::unique(walk.files.begin(), walk.files.end()), walk.files.end());
  // Without the graph, only linted files are read at all.
  if (!options.build_graph) {
    std::vector<std::string> kept;
    for (std::string& f : walk.files) {
      if (snapshot.IsLinted(f) ||
          std::find(snapshot.paths_.begin(), snapshot.paths_.end(), f) != snapshot.paths_.end()) {
        kept.push_back(std::move(f));
      }
    }
    walk.files = std::move(kept);
  }

  size_t jobs = std::max<size_t>(1, options.jobs);
  std::vector<Result<std::shared_ptr<const yaml::LoadedFile>>> loaded(
      walk.files.size(), Status(ErrorCode::kInternal, "not loaded"));
  ParallelFor(walk.files.size(), jobs,
              [&](size_t i) { loaded[i] = cache.Parse(tree, walk.files[i]); });

  auto explicitly_given = [&](const std::string& path) {
    return std::find(snapshot.paths_.begin(), snapshot.paths_.end(), path) != snapshot.paths_.end();
  };
  for (size_t i = 0; i < loaded.size(); ++i) {
    const std::string& path = walk.files[i];
    bool linted = snapshot.IsLinted(path) || explicitly_given(path);
    if (loaded[i].ok()) {
      if (linted) snapshot.files_.push_back(*loaded[i]);
      snapshot.all_files_.push_back(std::move(loaded[i]).value());
    } else if (linted) {
      walk.unreadable.emplace_back(path, loaded[i].status());
    }
  }
  for (auto& [path, status] : walk.unreadable) {
    if (!snapshot.IsLinted(path) && !explicitly_given(path)) continue;
    const SourceFile* file = cache.store().Add(path, "", "", tree.Describe());
    snapshot.unreadable_.push_back({FileSpan(file), std::move(status)});
  }
  std::sort(snapshot.unreadable_.begin(), snapshot.unreadable_.end(),
            [](const UnreadableFile& a, const UnreadableFile& b) {
              return a.span.path() < b.span.path();
            });
  if (!options.build_graph) {
    snapshot.all_files_ = snapshot.files_;
    snapshot.index_ = ObjectIndex(snapshot.all_files_);
    return snapshot;
  }

  snapshot.index_ = ObjectIndex(snapshot.all_files_);
  static const config::Config kDefaults;
  const config::Config& config = options.config != nullptr ? *options.config : kDefaults;
  std::sort(walk.sourceignore.begin(), walk.sourceignore.end());
  snapshot.renders_ = std::make_shared<RenderPool>(&tree);
  snapshot.graph_ = BuildFluxGraph(tree, snapshot.index_, walk.sourceignore, config, cache, jobs,
                                   options.reuse, snapshot.renders_.get());
  snapshot.graph_built_ = true;

  // Everything the Flux renders read.
  std::set<std::string> rendered;
  std::set<std::string> reached_dirs;
  for (const FluxKustomization& k : snapshot.graph_.kustomizations) {
    if (k.render == nullptr) continue;
    reached_dirs.insert(k.dir);
    for (const auto& [path, id] : k.render->closure) {
      if (id.empty()) continue;
      rendered.insert(path);
      if (IsKustomizationFileName(BaseName(path))) reached_dirs.insert(DirOf(path));
    }
  }

  // Kustomize roots under the linted paths that no Flux render reaches.
  std::vector<std::string> candidates;
  for (const auto& f : snapshot.files_) {
    if (f->file == nullptr || !IsKustomizationFileName(BaseName(f->file->path))) continue;
    std::string dir = DirOf(f->file->path);
    if (reached_dirs.count(dir)) continue;
    const yaml::Node* doc = nullptr;
    for (const yaml::Document& d : f->documents) {
      if (!d.empty) {
        doc = &d.root;
        break;
      }
    }
    if (doc != nullptr && doc->IsMapping() && doc->GetString("kind") == "Component") continue;
    candidates.push_back(dir);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::shared_ptr<const kustomize::BuildResult>> results(candidates.size());
  ParallelFor(candidates.size(), jobs, [&](size_t i) {
    if (options.reuse != nullptr) results[i] = options.reuse->FindKustomize(candidates[i], tree);
    if (results[i] == nullptr) {
      results[i] =
          std::make_shared<kustomize::BuildResult>(kustomize::Build(tree, candidates[i], cache));
    }
  });
  std::set<std::string> included;  // kustomization dirs another candidate reads
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (const auto& [path, id] : results[i]->closure) {
      if (id.empty() || !IsKustomizationFileName(BaseName(path))) continue;
      std::string dir = DirOf(path);
      if (dir != candidates[i]) included.insert(dir);
    }
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (included.count(candidates[i])) continue;
    for (const auto& [path, id] : results[i]->closure) {
      if (!id.empty()) rendered.insert(path);
    }
    snapshot.renders_->AddKustomize(candidates[i], results[i]);
    snapshot.kustomize_roots_.push_back({candidates[i], std::move(results[i])});
  }
  snapshot.rendered_paths_.assign(rendered.begin(), rendered.end());
  return snapshot;
}

}  // namespace fluxlint::model
