#include "source/repository.h"

#include <stdlib.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "source/disk_tree.h"
#include "source/git_util.h"
#include "source/snapshot_tree.h"
#include "util/quote.h"

namespace fluxlint::source {
namespace {

std::string StripTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string RealPath(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  if (real == nullptr) return "";
  std::string out(real);
  free(real);
  return out;
}

// git's own GIT_INDEX_FILE, honoured only when it names a file inside this repository's git
// directory: git sets it for hooks during `git commit -a` and `git commit <path>` (the index
// being committed is then a lock file), and a stray value for another repository is ignored.
std::string IndexFileFromEnvironment(git_repository* repo) {
  const char* env = std::getenv("GIT_INDEX_FILE");
  if (env == nullptr || env[0] == '\0') return "";
  std::string index = RealPath(env);
  std::string gitdir = RealPath(git_repository_path(repo));
  std::string commondir = RealPath(git_repository_commondir(repo));
  auto inside = [&](const std::string& dir) {
    return !dir.empty() && StartsWith(index, StripTrailingSlash(dir) + "/");
  };
  if (index.empty() || !(inside(gitdir) || inside(commondir))) return "";
  return index;
}

Result<GitIndexPtr> LoadIndex(git_repository* repo) {
  git_index* index = nullptr;
  std::string path = IndexFileFromEnvironment(repo);
  if (!path.empty()) {
    if (git_index_open(&index, path.c_str()) != 0) return GitError("cannot read index " + path);
  } else if (git_repository_index(&index, repo) != 0) {
    return GitError("cannot read the index");
  }
  return GitIndexPtr(index);
}

// True when HEAD is unborn and no reference exists at all. (git_repository_is_empty also
// insists that HEAD names the default branch, which depends on configuration.)
bool HasNoCommits(git_repository* repo) {
  if (git_repository_head_unborn(repo) != 1) return false;
  git_reference_iterator* it = nullptr;
  if (git_reference_iterator_new(&it, repo) != 0) return false;
  git_reference* ref = nullptr;
  int rc = git_reference_next(&ref, it);
  if (rc == 0) git_reference_free(ref);
  git_reference_iterator_free(it);
  return rc == GIT_ITEROVER;
}

}  // namespace

struct Repository::Impl {
  std::string gitdir;  // as libgit2 reports it (absolute, with a trailing '/')

  /// A new handle on the repository: every Tree owns its own, so that trees never share
  /// libgit2 state across threads.
  Result<GitRepositoryPtr> Open() const {
    EnsureGitInitialized();
    git_repository* repo = nullptr;
    if (git_repository_open(&repo, gitdir.c_str()) != 0) {
      return GitError("cannot open the git repository at " + Quote(gitdir));
    }
    return GitRepositoryPtr(repo);
  }
};

Repository::Repository(std::unique_ptr<Impl> impl, std::string root)
    : impl_(std::move(impl)), root_(std::move(root)) {}

Repository::~Repository() = default;

Result<std::unique_ptr<Repository>> Repository::Discover(std::string_view start_dir) {
  EnsureGitInitialized();
  std::string start(start_dir);
  if (start.find('\0') != std::string::npos) {
    return Status(ErrorCode::kInvalidArgument, "path contains a NUL byte");
  }
  if (start.empty()) start = ".";
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, start.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) return Status(ErrorCode::kNotFound, "not a git repository: " + start);
  if (rc != 0) return GitError("cannot open the git repository at " + Quote(start));
  GitRepositoryPtr repo(raw);
  if (git_repository_is_bare(repo.get()) || git_repository_workdir(repo.get()) == nullptr) {
    return Status(ErrorCode::kInvalidArgument,
                  Quote(StripTrailingSlash(git_repository_path(repo.get()))) +
                      " is a bare repository; fluxlint needs a work tree");
  }
  auto impl = std::make_unique<Impl>();
  impl->gitdir = git_repository_path(repo.get());
  std::string root = StripTrailingSlash(git_repository_workdir(repo.get()));
  return std::unique_ptr<Repository>(new Repository(std::move(impl), std::move(root)));
}

Result<std::unique_ptr<Tree>> Repository::WorkTree() const {
  Result<GitRepositoryPtr> repo = impl_->Open();
  if (!repo.ok()) return repo.status();
  Result<GitIndexPtr> index = LoadIndex(repo->get());
  if (!index.ok()) return index.status();
  std::vector<std::string> tracked;
  size_t count = git_index_entrycount(index->get());
  tracked.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* e = git_index_get_byindex(index->get(), i);
    if (e != nullptr && e->path != nullptr) tracked.emplace_back(e->path);
  }
  return std::unique_ptr<Tree>(
      new DiskTree(root_, "work tree", std::move(repo).value(), std::move(tracked)));
}

Result<std::unique_ptr<Tree>> Repository::Index() const {
  Result<GitRepositoryPtr> repo = impl_->Open();
  if (!repo.ok()) return repo.status();
  Result<GitIndexPtr> index = LoadIndex(repo->get());
  if (!index.ok()) return index.status();
  return SnapshotTree::FromIndex(std::move(repo).value(), index->get(), "index");
}

Result<std::unique_ptr<Tree>> Repository::Revision(std::string_view revspec) const {
  std::string spec(revspec);
  if (spec.empty() || spec.find('\0') != std::string::npos) {
    return Status(ErrorCode::kInvalidArgument, "invalid revision " + Quote(spec));
  }
  Result<GitRepositoryPtr> opened = impl_->Open();
  if (!opened.ok()) return opened.status();
  GitRepositoryPtr repo = std::move(opened).value();

  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, repo.get(), spec.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
    if (HasNoCommits(repo.get())) {
      return Status(
          ErrorCode::kNotFound,
          "revision " + Quote(spec) + " does not exist (the repository has no commits yet)");
    }
    if (git_repository_head_unborn(repo.get()) == 1 &&
        (StartsWith(spec, "HEAD") || StartsWith(spec, "@"))) {
      return Status(ErrorCode::kNotFound, "revision " + Quote(spec) +
                                              " does not exist (the current branch has no commits "
                                              "yet)");
    }
    return Status(ErrorCode::kNotFound, "unknown revision " + Quote(spec));
  }
  if (rc == GIT_EAMBIGUOUS) {
    return Status(ErrorCode::kInvalidArgument, "ambiguous revision " + Quote(spec));
  }
  if (rc == GIT_EINVALIDSPEC) {
    return Status(ErrorCode::kInvalidArgument, "invalid revision " + Quote(spec));
  }
  if (rc != 0) return GitError("cannot resolve revision " + Quote(spec));
  GitObjectPtr object(raw);

  // The short id shown is the commit's when the revision is (or points at) a commit.
  git_object* peeled = nullptr;
  std::string id;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) == 0) {
    id = OidHex(*git_object_id(peeled));
    git_object_free(peeled);
  } else {
    id = OidHex(*git_object_id(object.get()));
  }
  peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_TREE) != 0) {
    return Status(ErrorCode::kInvalidArgument,
                  "revision " + Quote(spec) + " is not a commit or a tree");
  }
  GitObjectPtr tree(peeled);
  return SnapshotTree::FromGitTree(std::move(repo), reinterpret_cast<const git_tree*>(tree.get()),
                                   spec + " (" + id.substr(0, 7) + ")");
}

}  // namespace fluxlint::source
