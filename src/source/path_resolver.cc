#include "source/path_resolver.h"

#include <vector>

#include "util/quote.h"

namespace fluxlint::source {
namespace {

// Pushes the components of normalised `path` onto `stack` so that the first one is on top.
void PushComponents(std::string_view path, std::vector<std::string>& stack) {
  if (path.empty()) return;
  size_t end = path.size();
  while (true) {
    size_t slash = path.rfind('/', end - 1);
    size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
    stack.emplace_back(path.substr(begin, end - begin));
    if (slash == std::string_view::npos) break;
    end = slash;
  }
}

}  // namespace

Result<ResolvedPath> ResolvePath(std::string_view path, const LookupFn& lookup) {
  Result<std::string> normal = JoinPath("", path);
  if (!normal.ok()) return normal.status();
  const std::string& requested = *normal;

  std::vector<std::string> pending;  // components still to walk, next one last
  PushComponents(requested, pending);
  if (pending.empty()) {
    Result<RawEntry> root = lookup("");
    if (!root.ok()) return root.status();
    return ResolvedPath{"", root->kind};
  }

  std::string resolved;  // real path walked so far
  EntryKind kind = EntryKind::kDirectory;
  int hops = 0;
  std::string first_link;
  std::string last_link;
  std::string last_target;
  while (!pending.empty()) {
    std::string component = std::move(pending.back());
    pending.pop_back();
    std::string candidate = resolved.empty() ? component : resolved + "/" + component;
    Result<RawEntry> entry = lookup(candidate);
    if (!entry.ok()) {
      if (entry.status().code() != ErrorCode::kNotFound) return entry.status();
      std::string message = "path " + Quote(requested) + " does not exist";
      if (hops > 0) {
        message += " (symlink " + Quote(last_link) + " points to " + Quote(last_target) + ")";
      }
      return Status(ErrorCode::kNotFound, std::move(message));
    }
    if (entry->kind == EntryKind::kSymlink) {
      if (first_link.empty()) first_link = candidate;
      if (++hops > kMaxSymlinkHops) {
        return Status(ErrorCode::kSymlinkLoop, "symlink loop at " + Quote(first_link));
      }
      const std::string& target = entry->target;
      std::string outside =
          "symlink " + Quote(candidate) + " points outside the repository (" + Quote(target) + ")";
      if (target.empty()) {
        return Status(ErrorCode::kNotFound, "symlink " + Quote(candidate) + " has an empty target");
      }
      if (target.front() == '/') return Status(ErrorCode::kOutsideRoot, std::move(outside));
      Result<std::string> joined = JoinPath(resolved, target);
      if (!joined.ok()) {
        if (joined.status().code() == ErrorCode::kOutsideRoot) {
          return Status(ErrorCode::kOutsideRoot, std::move(outside));
        }
        return Status(joined.status().code(),
                      "symlink " + Quote(candidate) + ": " + joined.status().message());
      }
      last_link = candidate;
      last_target = target;
      PushComponents(*joined, pending);
      resolved.clear();
      kind = EntryKind::kDirectory;
      continue;
    }
    if (!pending.empty() && entry->kind != EntryKind::kDirectory) {
      if (entry->kind == EntryKind::kSubmodule) {
        return Status(ErrorCode::kNotFound,
                      "path " + Quote(requested) + " is inside submodule " + Quote(candidate));
      }
      return Status(ErrorCode::kNotFound, "path " + Quote(requested) + " does not exist (" +
                                              Quote(candidate) + " is not a directory)");
    }
    resolved = std::move(candidate);
    kind = entry->kind;
  }
  return ResolvedPath{std::move(resolved), kind};
}

Status CheckIsFile(std::string_view path, EntryKind kind) {
  switch (kind) {
    case EntryKind::kFile:
      return Status();
    case EntryKind::kDirectory:
      return Status(ErrorCode::kNotAFile, "path " + Quote(path) + " is a directory");
    case EntryKind::kSubmodule:
      return Status(ErrorCode::kNotAFile, "path " + Quote(path) + " is a submodule");
    case EntryKind::kSymlink:
    case EntryKind::kOther:
      break;
  }
  return Status(ErrorCode::kNotAFile, "path " + Quote(path) + " is not a regular file");
}

Status CheckIsDirectory(std::string_view path, EntryKind kind) {
  if (kind == EntryKind::kDirectory) return Status();
  if (kind == EntryKind::kSubmodule) {
    return Status(ErrorCode::kNotFound,
                  "path " + Quote(path) + " is a submodule; its content is not in this tree");
  }
  return Status(ErrorCode::kNotFound, "path " + Quote(path) + " is not a directory");
}

Status TooLargeError(std::string_view path, size_t size, size_t max_bytes) {
  return Status(ErrorCode::kTooLarge, "file " + Quote(path) + " is " + std::to_string(size) +
                                          " bytes, larger than the limit of " +
                                          std::to_string(max_bytes) + " bytes");
}

}  // namespace fluxlint::source
