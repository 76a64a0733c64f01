#ifndef FLUXLINT_SOURCE_SNAPSHOT_TREE_H_
#define FLUXLINT_SOURCE_SNAPSHOT_TREE_H_

// Internal to src/source/: a Tree over a fixed set of git entries (the index, or the tree of a
// commit), with blobs read from the object database.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/git_util.h"
#include "source/path_resolver.h"
#include "source/tree.h"

namespace fluxlint::source {

/// All paths are indexed once at construction (path → kind and oid, directory → sorted
/// children), so Stat and List cost a hash lookup per path component and never touch libgit2.
/// Blobs are read by oid under a mutex (libgit2 handles are not shared across threads).
class SnapshotTree : public Tree {
 public:
  /// Every entry of `tree` (recursively). `repo` supplies the object database.
  static Result<std::unique_ptr<Tree>> FromGitTree(GitRepositoryPtr repo, const git_tree* tree,
                                                   std::string description);
  /// Every stage-0 entry of `index` (stage 2, "ours", for a conflicted path; intent-to-add
  /// entries are left out, as git leaves them out of a commit).
  static Result<std::unique_ptr<Tree>> FromIndex(GitRepositoryPtr repo, git_index* index,
                                                 std::string description);

  std::string Describe() const override { return description_; }
  Result<EntryKind> Stat(std::string_view path) const override;
  Result<std::vector<DirEntry>> List(std::string_view path) const override;
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override;
  Result<std::string> Id(std::string_view path) const override;

  /// Number of entries (files, symlinks, submodules and directories); for tests.
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    EntryKind kind;
    git_oid oid;  // zero for directories implied by index paths
  };
  SnapshotTree(GitRepositoryPtr repo, GitOdbPtr odb, std::string description);

  /// Adds `path` and, as directories, any of its parents not yet present.
  void Add(const std::string& path, EntryKind kind, const git_oid& oid);
  void SortChildren();
  Result<RawEntry> Lookup(const std::string& path) const;
  /// ResolvePath over Lookup, with a direct lookup first when the tree has no symlink.
  Result<ResolvedPath> Resolve(std::string_view path) const;
  Result<const Entry*> ResolveFile(std::string_view path) const;
  Result<std::string> ReadBlob(const git_oid& oid, std::string_view path, size_t max_bytes) const;

  std::string description_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, std::vector<DirEntry>> children_;  // "" is the root
  bool has_symlinks_ = false;
  mutable std::mutex mu_;  // guards repo_ and odb_
  GitRepositoryPtr repo_;
  GitOdbPtr odb_;
};

/// EntryKind of a git file mode (040000 directory, 100644/100755 file, 120000 symlink,
/// 160000 submodule).
EntryKind KindOfGitMode(uint32_t mode);

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_SNAPSHOT_TREE_H_
