#ifndef FLUXLINT_SOURCE_MEMORY_TREE_H_
#define FLUXLINT_SOURCE_MEMORY_TREE_H_

#include <map>
#include <string>
#include <string_view>

#include "source/tree.h"

namespace fluxlint::source {

/// An in-memory tree for tests and fixtures. Directories are implied by file paths; symlinks
/// are stored with their target text, as git stores them.
class MemoryTree : public Tree {
 public:
  explicit MemoryTree(std::string description = "memory") : description_(std::move(description)) {}

  /// Adds or replaces the file at `path` (parent directories are implied).
  void AddFile(std::string_view path, std::string content);
  /// Adds a symlink at `path` pointing at `target` (relative to the link's directory, or absolute).
  void AddSymlink(std::string_view path, std::string target);
  /// Adds an empty directory.
  void AddDirectory(std::string_view path);

  std::string Describe() const override { return description_; }
  Result<EntryKind> Stat(std::string_view path) const override;
  Result<std::vector<DirEntry>> List(std::string_view path) const override;
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override;
  Result<std::string> Id(std::string_view path) const override;

 private:
  struct Entry {
    EntryKind kind;
    std::string data;  // file content or symlink target
  };
  Result<std::string> Resolve(std::string_view path) const;

  std::string description_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_MEMORY_TREE_H_
