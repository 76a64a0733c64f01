#ifndef FLUXLINT_SOURCE_DISK_TREE_H_
#define FLUXLINT_SOURCE_DISK_TREE_H_

// Internal to src/source/: a Tree over files on disk (the work tree of a repository, or a plain
// directory).

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "source/git_util.h"
#include "source/path_resolver.h"
#include "source/tree.h"

namespace fluxlint::source {

/// Reads files under `root` with lstat/readlink, resolving symlinks itself (the OS never follows
/// a link inside the tree), so nothing outside `root` is ever read. ".git" is never listed or
/// read. With a repository (`repo` not null), List leaves out untracked paths git ignores
/// (`tracked` is the sorted list of index paths; tracked files are kept even when a pattern
/// matches them, as git does) and a directory holding a ".git" (a submodule or a nested
/// repository) is kSubmodule.
class DiskTree : public Tree {
 public:
  DiskTree(std::string root, std::string description, GitRepositoryPtr repo,
           std::vector<std::string> tracked);

  std::string Describe() const override { return description_; }
  Result<EntryKind> Stat(std::string_view path) const override;
  Result<std::vector<DirEntry>> List(std::string_view path) const override;
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override;
  Result<std::string> Id(std::string_view path) const override;

 private:
  std::string Full(const std::string& path) const;
  Result<RawEntry> Lookup(const std::string& path) const;
  Result<ResolvedPath> Resolve(std::string_view path) const;
  bool IsTracked(const std::string& path, bool is_directory) const;
  Result<bool> IsIgnored(const std::string& path, bool is_directory) const;

  std::string root_;
  std::string description_;
  std::vector<std::string> tracked_;
  mutable std::mutex mu_;  // guards repo_
  GitRepositoryPtr repo_;
};

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_DISK_TREE_H_
