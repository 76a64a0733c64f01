#include "source/snapshot_tree.h"

#include <algorithm>

namespace fluxlint::source {
namespace {

// Symlink blobs hold a path; anything longer is not a usable target.
constexpr size_t kMaxSymlinkTarget = 4096;

struct WalkEntry {
  std::string path;
  EntryKind kind;
  git_oid oid;
};

// Called by libgit2 (C frames): must not throw.
int CollectEntry(const char* root, const git_tree_entry* entry, void* payload) noexcept {
  auto* out = static_cast<std::vector<WalkEntry>*>(payload);
  try {
    std::string path(root);
    path += git_tree_entry_name(entry);
    out->push_back(WalkEntry{std::move(path), KindOfGitMode(git_tree_entry_filemode(entry)),
                             *git_tree_entry_id(entry)});
  } catch (...) {
    return -1;
  }
  return 0;
}

}  // namespace

EntryKind KindOfGitMode(uint32_t mode) {
  switch (mode & 0170000) {
    case 0040000:
      return EntryKind::kDirectory;
    case 0100000:
      return EntryKind::kFile;
    case 0120000:
      return EntryKind::kSymlink;
    case 0160000:
      return EntryKind::kSubmodule;
    default:
      return EntryKind::kOther;
  }
}

SnapshotTree::SnapshotTree(GitRepositoryPtr repo, GitOdbPtr odb, std::string description)
    : description_(std::move(description)), repo_(std::move(repo)), odb_(std::move(odb)) {}

Result<std::unique_ptr<Tree>> SnapshotTree::FromGitTree(GitRepositoryPtr repo, const git_tree* tree,
                                                        std::string description) {
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo.get()) != 0) return GitError("cannot open object database");
  std::unique_ptr<SnapshotTree> out(
      new SnapshotTree(std::move(repo), GitOdbPtr(odb), std::move(description)));
  std::vector<WalkEntry> walked;
  walked.reserve(git_tree_entrycount(tree));
  if (git_tree_walk(tree, GIT_TREEWALK_PRE, CollectEntry, &walked) != 0) {
    return GitError("cannot read tree of " + out->description_);
  }
  out->entries_.reserve(walked.size());
  for (const WalkEntry& e : walked) out->Add(e.path, e.kind, e.oid);
  out->SortChildren();
  return std::unique_ptr<Tree>(std::move(out));
}

Result<std::unique_ptr<Tree>> SnapshotTree::FromIndex(GitRepositoryPtr repo, git_index* index,
                                                      std::string description) {
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo.get()) != 0) return GitError("cannot open object database");
  std::unique_ptr<SnapshotTree> out(
      new SnapshotTree(std::move(repo), GitOdbPtr(odb), std::move(description)));
  size_t count = git_index_entrycount(index);
  out->entries_.reserve(count + count / 4);
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    if (e == nullptr || e->path == nullptr) continue;
    int stage = GIT_INDEX_ENTRY_STAGE(e);
    if (stage != 0 && stage != 2) continue;
    if ((e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) != 0) continue;
    out->Add(e->path, KindOfGitMode(e->mode), e->id);
  }
  out->SortChildren();
  return std::unique_ptr<Tree>(std::move(out));
}

void SnapshotTree::Add(const std::string& path, EntryKind kind, const git_oid& oid) {
  if (path.empty()) return;
  if (!entries_.emplace(path, Entry{kind, oid}).second) return;  // first one wins
  if (kind == EntryKind::kSymlink) has_symlinks_ = true;
  size_t slash = path.rfind('/');
  std::string parent = slash == std::string::npos ? "" : path.substr(0, slash);
  children_[parent].push_back(
      DirEntry{slash == std::string::npos ? path : path.substr(slash + 1), kind});
  if (!parent.empty() && entries_.find(parent) == entries_.end()) {
    git_oid zero{};
    Add(parent, EntryKind::kDirectory, zero);
  }
}

void SnapshotTree::SortChildren() {
  for (auto& [dir, list] : children_) {
    std::sort(list.begin(), list.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  }
}

Result<RawEntry> SnapshotTree::Lookup(const std::string& path) const {
  if (path.empty()) return RawEntry{EntryKind::kDirectory, ""};
  auto it = entries_.find(path);
  if (it == entries_.end()) return Status(ErrorCode::kNotFound, "not found");
  RawEntry raw{it->second.kind, ""};
  if (raw.kind == EntryKind::kSymlink) {
    Result<std::string> target = ReadBlob(it->second.oid, path, kMaxSymlinkTarget);
    if (!target.ok()) return target.status();
    raw.target = std::move(target).value();
  }
  return raw;
}

Result<ResolvedPath> SnapshotTree::Resolve(std::string_view path) const {
  if (!has_symlinks_) {
    // Without symlinks a path is where it says: one lookup instead of one per component.
    Result<std::string> normal = JoinPath("", path);
    if (normal.ok()) {
      if (normal->empty()) return ResolvedPath{"", EntryKind::kDirectory};
      auto it = entries_.find(*normal);
      if (it != entries_.end()) return ResolvedPath{std::move(normal).value(), it->second.kind};
    }
    // Not there (or not a valid path): the walk below says why, in its words.
  }
  return ResolvePath(path, [this](const std::string& p) { return Lookup(p); });
}

Result<EntryKind> SnapshotTree::Stat(std::string_view path) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  return resolved->kind;
}

Result<std::vector<DirEntry>> SnapshotTree::List(std::string_view path) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  if (Status s = CheckIsDirectory(path, resolved->kind); !s.ok()) return s;
  auto it = children_.find(resolved->path);
  if (it == children_.end()) return std::vector<DirEntry>{};
  return it->second;
}

Result<const SnapshotTree::Entry*> SnapshotTree::ResolveFile(std::string_view path) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  if (Status s = CheckIsFile(path, resolved->kind); !s.ok()) return s;
  return &entries_.at(resolved->path);
}

Result<std::string> SnapshotTree::Read(std::string_view path, size_t max_bytes) const {
  Result<const Entry*> entry = ResolveFile(path);
  if (!entry.ok()) return entry.status();
  return ReadBlob((*entry)->oid, path, max_bytes);
}

Result<std::string> SnapshotTree::Id(std::string_view path) const {
  Result<const Entry*> entry = ResolveFile(path);
  if (!entry.ok()) return entry.status();
  return OidHex((*entry)->oid);
}

Result<std::string> SnapshotTree::ReadBlob(const git_oid& oid, std::string_view path,
                                           size_t max_bytes) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb_.get(), &oid) != 0) {
    return GitError("cannot read blob " + OidHex(oid) + " of '" + std::string(path) + "' in " +
                    description_);
  }
  if (type != GIT_OBJECT_BLOB) {
    return Status(ErrorCode::kGit, "object " + OidHex(oid) + " of '" + std::string(path) + "' in " +
                                       description_ + " is not a blob");
  }
  if (size > max_bytes) return TooLargeError(path, size, max_bytes);
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, odb_.get(), &oid) != 0) {
    return GitError("cannot read blob " + OidHex(oid) + " of '" + std::string(path) + "' in " +
                    description_);
  }
  GitOdbObjectPtr object(raw);
  return std::string(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
}

}  // namespace fluxlint::source
