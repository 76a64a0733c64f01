#ifndef FLUXLINT_SOURCE_REPOSITORY_H_
#define FLUXLINT_SOURCE_REPOSITORY_H_

#include <memory>
#include <string>
#include <string_view>

#include "source/tree.h"
#include "util/status.h"

namespace fluxlint::source {

/// A git repository opened with libgit2. The only place (with the trees in src/source/)
/// that knows about libgit2. Every Tree it returns owns its own libgit2 handle, may outlive the
/// Repository, and is safe to read from many threads.
class Repository {
 public:
  ~Repository();
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  /// Finds the repository containing `start_dir` (walking up like git). kNotFound when there is
  /// none; a bare repository is kInvalidArgument.
  static Result<std::unique_ptr<Repository>> Discover(std::string_view start_dir);

  /// Absolute path of the work tree root, without a trailing '/'.
  const std::string& root() const { return root_; }

  /// The files on disk under root() (".git" and ignored files left out). List hides untracked
  /// paths that git ignores (tracked files stay, as in git); Stat/Read/Id still answer for an
  /// ignored path asked for by name. A directory holding a ".git" is a kSubmodule.
  Result<std::unique_ptr<Tree>> WorkTree() const;
  /// The staged content (the index), read once when the tree is made. Like git, honours
  /// GIT_INDEX_FILE (set for hooks by `git commit -a` / `git commit <path>`), but only when it
  /// names a file inside this repository's git directory. Conflicted paths show stage 2
  /// ("ours"); intent-to-add entries are left out.
  Result<std::unique_ptr<Tree>> Index() const;
  /// The tree of any rev-spec git understands ("HEAD", "main~2", a commit id). kNotFound when it
  /// does not resolve (for example "HEAD" in a repository without commits); kInvalidArgument
  /// for a malformed or ambiguous rev-spec or one that names a blob. Describe() gives
  /// "<revspec> (<7-hex commit id>)". Nothing is checked out: blobs come from the object database.
  Result<std::unique_ptr<Tree>> Revision(std::string_view revspec) const;

 private:
  struct Impl;
  explicit Repository(std::unique_ptr<Impl> impl, std::string root);
  std::unique_ptr<Impl> impl_;
  std::string root_;
};

/// A plain directory on disk (no git): used when `check` runs outside a repository. Only ".git"
/// is left out of listings. Describe() is "directory <root>". A missing root is reported by the
/// first call (kNotFound).
std::unique_ptr<Tree> OpenDirectoryTree(std::string root);

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_REPOSITORY_H_
