#include "source/disk_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "source/repository.h"
#include "util/quote.h"

namespace fluxlint::source {
namespace {

std::string ErrnoText(int err) { return std::generic_category().message(err); }

// Lookup sees every prefix of a path, so checking the last component is enough.
bool EndsWithGitDir(std::string_view path) {
  size_t slash = path.rfind('/');
  return path.substr(slash == std::string_view::npos ? 0 : slash + 1) == ".git";
}

EntryKind KindOfMode(mode_t mode) {
  if (S_ISREG(mode)) return EntryKind::kFile;
  if (S_ISDIR(mode)) return EntryKind::kDirectory;
  if (S_ISLNK(mode)) return EntryKind::kSymlink;
  return EntryKind::kOther;
}

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

DiskTree::DiskTree(std::string root, std::string description, GitRepositoryPtr repo,
                   std::vector<std::string> tracked)
    : root_(std::move(root)),
      description_(std::move(description)),
      tracked_(std::move(tracked)),
      repo_(std::move(repo)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  if (root_.empty()) root_ = ".";
  std::sort(tracked_.begin(), tracked_.end());
}

std::string DiskTree::Full(const std::string& path) const {
  if (path.empty()) return root_;
  if (root_ == "/") return "/" + path;
  return root_ + "/" + path;
}

Result<RawEntry> DiskTree::Lookup(const std::string& path) const {
  if (EndsWithGitDir(path)) return Status(ErrorCode::kNotFound, "not found");
  std::string full = Full(path);
  struct stat st;
  // The root itself may be reached through a symlink (it is trusted); nothing below it is.
  int rc = path.empty() ? stat(full.c_str(), &st) : lstat(full.c_str(), &st);
  if (rc != 0) {
    int err = errno;
    if (err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG) {
      if (path.empty()) {
        return Status(ErrorCode::kNotFound, "directory " + Quote(root_) + " does not exist");
      }
      return Status(ErrorCode::kNotFound, "not found");
    }
    return Status(ErrorCode::kIo, "cannot read " + Quote(full) + ": " + ErrnoText(err));
  }
  RawEntry raw{KindOfMode(st.st_mode), ""};
  if (path.empty()) {
    if (raw.kind != EntryKind::kDirectory) {
      return Status(ErrorCode::kNotFound, Quote(root_) + " is not a directory");
    }
    return raw;
  }
  if (raw.kind == EntryKind::kSymlink) {
    std::string target(st.st_size > 0 ? static_cast<size_t>(st.st_size) + 1 : 256, '\0');
    while (true) {
      ssize_t n = readlink(full.c_str(), target.data(), target.size());
      if (n < 0) {
        return Status(ErrorCode::kIo,
                      "cannot read symlink " + Quote(path) + ": " + ErrnoText(errno));
      }
      if (static_cast<size_t>(n) < target.size()) {
        target.resize(static_cast<size_t>(n));
        break;
      }
      if (target.size() > (1u << 20)) {
        return Status(ErrorCode::kTooLarge, "symlink " + Quote(path) + " has a target too long");
      }
      target.resize(target.size() * 2);
    }
    raw.target = std::move(target);
  } else if (raw.kind == EntryKind::kDirectory && repo_ != nullptr) {
    struct stat git_st;
    if (lstat((full + "/.git").c_str(), &git_st) == 0) raw.kind = EntryKind::kSubmodule;
  }
  return raw;
}

Result<ResolvedPath> DiskTree::Resolve(std::string_view path) const {
  return ResolvePath(path, [this](const std::string& p) { return Lookup(p); });
}

bool DiskTree::IsTracked(const std::string& path, bool is_directory) const {
  if (!is_directory) return std::binary_search(tracked_.begin(), tracked_.end(), path);
  std::string prefix = path + "/";
  auto it = std::lower_bound(tracked_.begin(), tracked_.end(), prefix);
  return it != tracked_.end() && it->compare(0, prefix.size(), prefix) == 0;
}

Result<bool> DiskTree::IsIgnored(const std::string& path, bool is_directory) const {
  if (repo_ == nullptr) return false;
  if (IsTracked(path, is_directory)) return false;
  std::string query = is_directory ? path + "/" : path;
  int ignored = 0;
  std::lock_guard<std::mutex> lock(mu_);
  if (git_ignore_path_is_ignored(&ignored, repo_.get(), query.c_str()) != 0) {
    return GitError("cannot evaluate ignore rules for " + Quote(path));
  }
  return ignored != 0;
}

Result<EntryKind> DiskTree::Stat(std::string_view path) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  return resolved->kind;
}

Result<std::vector<DirEntry>> DiskTree::List(std::string_view path) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  if (Status s = CheckIsDirectory(path, resolved->kind); !s.ok()) return s;

  std::string full = Full(resolved->path);
  int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (resolved->path.empty() ? 0 : O_NOFOLLOW);
  int fd = open(full.c_str(), flags);
  if (fd < 0) {
    return Status(ErrorCode::kIo, "cannot list " + Quote(resolved->path.empty() ? root_ : full) +
                                      ": " + ErrnoText(errno));
  }
  DIR* dir = fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    close(fd);
    return Status(ErrorCode::kIo, "cannot list " + Quote(full) + ": " + ErrnoText(err));
  }
  struct DirCloser {
    void operator()(DIR* d) const { closedir(d); }
  };
  std::unique_ptr<DIR, DirCloser> dir_owner(dir);

  std::string prefix = resolved->path.empty() ? "" : resolved->path + "/";
  std::vector<DirEntry> out;
  while (true) {
    errno = 0;
    struct dirent* de = readdir(dir);  // a DIR stream per call: readdir is safe here
    if (de == nullptr) {
      if (errno != 0) {
        return Status(ErrorCode::kIo, "cannot list " + Quote(full) + ": " + ErrnoText(errno));
      }
      break;
    }
    std::string_view name = de->d_name;
    if (name == "." || name == ".." || name == ".git") continue;
    struct stat st;
    if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished
    EntryKind kind = KindOfMode(st.st_mode);
    if (kind == EntryKind::kDirectory && repo_ != nullptr) {
      struct stat git_st;
      std::string dotgit = std::string(name) + "/.git";
      if (fstatat(dirfd(dir), dotgit.c_str(), &git_st, AT_SYMLINK_NOFOLLOW) == 0) {
        kind = EntryKind::kSubmodule;
      }
    }
    std::string rel = prefix + std::string(name);
    Result<bool> ignored = IsIgnored(rel, kind == EntryKind::kDirectory);
    if (!ignored.ok()) return ignored.status();
    if (*ignored) continue;
    out.push_back(DirEntry{std::string(name), kind});
  }
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

Result<std::string> DiskTree::Read(std::string_view path, size_t max_bytes) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  if (Status s = CheckIsFile(path, resolved->kind); !s.ok()) return s;

  std::string full = Full(resolved->path);
  // O_NOFOLLOW: a file swapped for a symlink since Resolve is refused, not followed.
  // O_NONBLOCK: a file swapped for a FIFO does not block.
  Fd fd(open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    return Status(ErrorCode::kIo, "cannot open " + Quote(path) + ": " + ErrnoText(errno));
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) {
    return Status(ErrorCode::kIo, "cannot stat " + Quote(path) + ": " + ErrnoText(errno));
  }
  if (!S_ISREG(st.st_mode)) return CheckIsFile(path, KindOfMode(st.st_mode));
  size_t size = static_cast<size_t>(st.st_size);
  if (size > max_bytes) return TooLargeError(path, size, max_bytes);

  std::string content;
  content.resize(size + 1);  // room to see EOF without growing
  size_t have = 0;
  while (true) {
    if (have == content.size()) {
      // The file may have grown since fstat: keep reading, within the limit.
      if (have > max_bytes) return TooLargeError(path, have, max_bytes);
      content.resize(std::max<size_t>(content.size() * 2, 4096));
    }
    ssize_t n = ::read(fd.get(), content.data() + have, content.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(ErrorCode::kIo, "cannot read " + Quote(path) + ": " + ErrnoText(errno));
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  if (have > max_bytes) return TooLargeError(path, have, max_bytes);
  content.resize(have);
  return content;
}

Result<std::string> DiskTree::Id(std::string_view path) const {
  Result<ResolvedPath> resolved = Resolve(path);
  if (!resolved.ok()) return resolved.status();
  if (Status s = CheckIsFile(path, resolved->kind); !s.ok()) return s;
  EnsureGitInitialized();
  git_oid oid;
  // Streams the file through the hash: the size limit of Read does not apply to ids.
  if (git_odb_hashfile(&oid, Full(resolved->path).c_str(), GIT_OBJECT_BLOB) != 0) {
    Status err = GitError("cannot hash " + Quote(path));
    return Status(ErrorCode::kIo, err.message());
  }
  return OidHex(oid);
}

std::unique_ptr<Tree> OpenDirectoryTree(std::string root) {
  std::string description = "directory " + root;
  return std::make_unique<DiskTree>(std::move(root), std::move(description), nullptr,
                                    std::vector<std::string>{});
}

}  // namespace fluxlint::source
