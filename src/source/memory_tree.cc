#include "source/memory_tree.h"

#include <cstdio>
#include <cstdlib>

#include "source/path_resolver.h"

namespace fluxlint::source {
namespace {

// Fixture paths are written by tests; a bad one is a bug in the test, not input.
std::string NormaliseOrDie(std::string_view path) {
  Result<std::string> normal = JoinPath("", path);
  if (!normal.ok() || normal->empty()) {
    std::fprintf(stderr, "fluxlint: MemoryTree: bad fixture path '%.*s'\n",
                 static_cast<int>(path.size()), path.data());
    std::abort();
  }
  return std::move(normal).value();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

void MemoryTree::AddFile(std::string_view path, std::string content) {
  Put(NormaliseOrDie(path), Entry{EntryKind::kFile, std::move(content)});
}

void MemoryTree::AddSymlink(std::string_view path, std::string target) {
  Put(NormaliseOrDie(path), Entry{EntryKind::kSymlink, std::move(target)});
}

void MemoryTree::AddDirectory(std::string_view path) {
  std::string normal = NormaliseOrDie(path);
  auto it = entries_.find(normal);
  if (it != entries_.end() && it->second.kind == EntryKind::kDirectory) return;
  Put(std::move(normal), Entry{EntryKind::kDirectory, ""});
}

void MemoryTree::Put(std::string path, Entry entry) {
  // An ancestor that is not a directory becomes one (implied by this entry).
  for (size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    auto it = entries_.find(std::string_view(path).substr(0, slash));
    if (it != entries_.end() && it->second.kind != EntryKind::kDirectory) entries_.erase(it);
  }
  // Anything below a path that stops being a directory goes away.
  if (entry.kind != EntryKind::kDirectory) {
    std::string prefix = path + "/";
    auto it = entries_.lower_bound(prefix);
    while (it != entries_.end() && StartsWith(it->first, prefix)) it = entries_.erase(it);
  }
  entries_[std::move(path)] = std::move(entry);
}

Result<std::string> MemoryTree::Resolve(std::string_view path) const {
  Result<ResolvedPath> resolved =
      ResolvePath(path, [this](const std::string& p) { return Lookup(p); });
  if (!resolved.ok()) return resolved.status();
  return std::move(resolved->path);
}

Result<RawEntry> MemoryTree::Lookup(const std::string& path) const {
  if (path.empty()) return RawEntry{EntryKind::kDirectory, ""};
  auto it = entries_.find(path);
  if (it != entries_.end()) {
    RawEntry raw{it->second.kind, ""};
    if (it->second.kind == EntryKind::kSymlink) raw.target = it->second.data;
    return raw;
  }
  std::string prefix = path + "/";
  it = entries_.lower_bound(prefix);
  if (it != entries_.end() && StartsWith(it->first, prefix)) {
    return RawEntry{EntryKind::kDirectory, ""};
  }
  return Status(ErrorCode::kNotFound, "not found");
}

Result<EntryKind> MemoryTree::Stat(std::string_view path) const {
  Result<std::string> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  Result<RawEntry> raw = Lookup(*resolved);
  if (!raw.ok()) return raw.status();
  return raw->kind;
}

Result<std::vector<DirEntry>> MemoryTree::List(std::string_view path) const {
  Result<std::string> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  Result<RawEntry> raw = Lookup(*resolved);
  if (!raw.ok()) return raw.status();
  if (Status s = CheckIsDirectory(path, raw->kind); !s.ok()) return s;

  std::string prefix = resolved->empty() ? "" : *resolved + "/";
  std::map<std::string, EntryKind, std::less<>> children;
  for (auto it = entries_.lower_bound(prefix); it != entries_.end(); ++it) {
    std::string_view rest = it->first;
    if (!StartsWith(rest, prefix)) break;
    rest.remove_prefix(prefix.size());
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
      children[std::string(rest)] = it->second.kind;
    } else {
      children[std::string(rest.substr(0, slash))] = EntryKind::kDirectory;
    }
  }
  std::vector<DirEntry> out;
  out.reserve(children.size());
  for (auto& [name, kind] : children) out.push_back(DirEntry{name, kind});
  return out;
}

Result<std::string> MemoryTree::Read(std::string_view path, size_t max_bytes) const {
  Result<std::string> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  auto it = entries_.find(*resolved);
  EntryKind kind = it == entries_.end() ? EntryKind::kDirectory : it->second.kind;
  if (Status s = CheckIsFile(path, kind); !s.ok()) return s;
  if (it->second.data.size() > max_bytes) {
    return TooLargeError(path, it->second.data.size(), max_bytes);
  }
  return it->second.data;
}

Result<std::string> MemoryTree::Id(std::string_view path) const {
  Result<std::string> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  auto it = entries_.find(*resolved);
  EntryKind kind = it == entries_.end() ? EntryKind::kDirectory : it->second.kind;
  if (Status s = CheckIsFile(path, kind); !s.ok()) return s;
  return BlobId(it->second.data);
}

}  // namespace fluxlint::source
