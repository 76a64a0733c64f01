#ifndef FLUXLINT_SOURCE_MEMORY_TREE_H_
#define FLUXLINT_SOURCE_MEMORY_TREE_H_

#include <map>
#include <string>
#include <string_view>

#include "source/path_resolver.h"
#include "source/tree.h"

namespace fluxlint::source {

/// An in-memory tree for tests and fixtures. Directories are implied by file paths; symlinks
/// are stored with their target text, as git stores them. Adding an entry replaces whatever
/// conflicts with it (a file where a directory was, or the reverse). A path that is absolute or
/// leaves the root is a bug in the caller and aborts. Const methods are safe to call from many
/// threads as long as nothing is added meanwhile.
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
  /// The entry stored at normalised `path` without following a symlink there.
  Result<RawEntry> Lookup(const std::string& path) const;
  /// Stores `entry` at normalised `path`, replacing what conflicts with it.
  void Put(std::string path, Entry entry);

  std::string description_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_MEMORY_TREE_H_
