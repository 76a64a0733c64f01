#ifndef FLUXLINT_SOURCE_PATH_RESOLVER_H_
#define FLUXLINT_SOURCE_PATH_RESOLVER_H_

// Internal to src/source/: the symlink resolution and error messages shared by every Tree, so
// that all implementations behave (and word their errors) the same way.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "source/tree.h"
#include "util/status.h"

namespace fluxlint::source {

/// More symlinks than this in one resolution is reported as a loop (Linux uses the same limit).
inline constexpr int kMaxSymlinkHops = 40;

/// What a tree stores at one path, without following a symlink there.
struct RawEntry {
  EntryKind kind = EntryKind::kOther;
  std::string target;  ///< the link text, for kSymlink only
};

/// Looks up one normalised path (no ".", "..", or leading/trailing '/') whose parent
/// directories are real directories of the tree (never symlinks). "" is the root. Returns
/// kNotFound when nothing is stored there; any other error is passed through.
using LookupFn = std::function<Result<RawEntry>(const std::string& path)>;

struct ResolvedPath {
  std::string path;  ///< normalised, every component a real entry (no symlinks)
  EntryKind kind;    ///< never kSymlink
};

/// Normalises `path` and follows symlinks component by component (a link in the middle of the
/// path too). A link target is relative to the link's directory. An absolute target or one that
/// leaves the root is kOutsideRoot; more than kMaxSymlinkHops links is kSymlinkLoop; a missing
/// component is kNotFound. Never leaves the root and always terminates.
Result<ResolvedPath> ResolvePath(std::string_view path, const LookupFn& lookup);

/// kNotAFile unless `kind` is a regular file: "path 'x' is a directory", "… is a submodule",
/// "… is not a regular file".
Status CheckIsFile(std::string_view path, EntryKind kind);

/// kNotFound unless `kind` is a directory (for List).
Status CheckIsDirectory(std::string_view path, EntryKind kind);

/// kTooLarge "file 'x' is N bytes, larger than the limit of M bytes".
Status TooLargeError(std::string_view path, size_t size, size_t max_bytes);

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_PATH_RESOLVER_H_
