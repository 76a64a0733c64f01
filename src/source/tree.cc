#include "source/tree.h"

#include <cstdio>
#include <cstdlib>

#include "source/git_util.h"

namespace fluxlint::source {
namespace {

// Applies the components of `path` to `parts`. Returns false when ".." leaves the root.
bool Apply(std::string_view path, std::vector<std::string_view>& parts) {
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(pos, slash - pos);
    pos = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  return true;
}

}  // namespace

Result<std::string> JoinPath(std::string_view base, std::string_view rel) {
  std::string shown;
  if (base.empty() || rel.empty()) {
    shown = std::string(base.empty() ? rel : base);
  } else {
    shown = std::string(base) + "/" + std::string(rel);
  }
  if (base.find('\0') != std::string_view::npos || rel.find('\0') != std::string_view::npos) {
    return Status(ErrorCode::kInvalidArgument, "path contains a NUL byte");
  }
  if (!rel.empty() && rel.front() == '/') {
    return Status(ErrorCode::kOutsideRoot,
                  "path '" + std::string(rel) + "' is absolute; it must be relative");
  }
  std::vector<std::string_view> parts;
  if (!Apply(base, parts) || !Apply(rel, parts)) {
    return Status(ErrorCode::kOutsideRoot, "path '" + shown + "' leaves the repository root");
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string BlobId(std::string_view content) {
  EnsureGitInitialized();
  git_oid oid;
  if (git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB) != 0) {
    // Only fails for an invalid object type: a bug here, not bad input.
    std::fprintf(stderr, "fluxlint: internal error: git_odb_hash failed\n");
    std::abort();
  }
  return OidHex(oid);
}

}  // namespace fluxlint::source
