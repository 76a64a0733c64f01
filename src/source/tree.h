#ifndef FLUXLINT_SOURCE_TREE_H_
#define FLUXLINT_SOURCE_TREE_H_

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace fluxlint::source {

/// Kind of an entry as stored (symlinks are not followed by List).
enum class EntryKind { kFile, kDirectory, kSymlink, kSubmodule, kOther };

struct DirEntry {
  std::string name;  ///< a single path component
  EntryKind kind;
};

/// A read-only file tree at one revision: the work tree, the git index, a commit, or memory.
///
/// Paths are repository-relative and '/'-separated; "" is the root. Every method normalises
/// "." and ".." first; a path or symlink target that leaves the root gives kOutsideRoot, a
/// chain of symlinks that does not end gives kSymlinkLoop. Stat, Read and Id follow symlinks;
/// List does not (it reports kSymlink). Implementations are safe to call from many threads.
class Tree {
 public:
  virtual ~Tree() = default;

  /// Human-readable name of the revision, e.g. "work tree", "index", "HEAD (1a2b3c4)".
  virtual std::string Describe() const = 0;

  /// Kind of the entry at `path` after following symlinks (never kSymlink).
  virtual Result<EntryKind> Stat(std::string_view path) const = 0;

  /// Entries of the directory at `path` (symlinks followed to reach it), sorted by name.
  /// The work tree leaves out ".git" and files git ignores.
  virtual Result<std::vector<DirEntry>> List(std::string_view path) const = 0;

  /// The bytes of the file at `path`. kNotAFile for a directory; kTooLarge above `max_bytes`.
  virtual Result<std::string> Read(std::string_view path, size_t max_bytes) const = 0;

  /// The git blob oid (40 lowercase hex digits) of the file at `path`, computed when the file
  /// is not in the object database.
  virtual Result<std::string> Id(std::string_view path) const = 0;
};

/// Joins `base` (a directory) and `rel` and normalises "." and "..". Returns kOutsideRoot if the
/// result would leave the root; an absolute `rel` is an error too. Result has no leading or
/// trailing '/'.
Result<std::string> JoinPath(std::string_view base, std::string_view rel);

/// The git blob oid of `content` ("blob <size>\0" + content, SHA-1), as 40 hex digits.
std::string BlobId(std::string_view content);

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_TREE_H_
