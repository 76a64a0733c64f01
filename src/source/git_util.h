#ifndef FLUXLINT_SOURCE_GIT_UTIL_H_
#define FLUXLINT_SOURCE_GIT_UTIL_H_

// Internal to src/source/: small helpers around libgit2. Nothing outside this directory may
// include <git2.h>.

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

#include "util/status.h"

namespace fluxlint::source {

/// Calls git_libgit2_init exactly once per process (thread-safe). Every entry point into libgit2
/// in this directory calls it first. libgit2 is never shut down.
void EnsureGitInitialized();

/// A kGit status "<what>: <libgit2's last error message>".
Status GitError(std::string_view what);

/// Owning handles for libgit2 objects.
struct GitRepositoryDeleter {
  void operator()(git_repository* r) const { git_repository_free(r); }
};
struct GitObjectDeleter {
  void operator()(git_object* o) const { git_object_free(o); }
};
struct GitIndexDeleter {
  void operator()(git_index* i) const { git_index_free(i); }
};
struct GitOdbDeleter {
  void operator()(git_odb* o) const { git_odb_free(o); }
};
struct GitOdbObjectDeleter {
  void operator()(git_odb_object* o) const { git_odb_object_free(o); }
};
using GitRepositoryPtr = std::unique_ptr<git_repository, GitRepositoryDeleter>;
using GitObjectPtr = std::unique_ptr<git_object, GitObjectDeleter>;
using GitIndexPtr = std::unique_ptr<git_index, GitIndexDeleter>;
using GitOdbPtr = std::unique_ptr<git_odb, GitOdbDeleter>;
using GitOdbObjectPtr = std::unique_ptr<git_odb_object, GitOdbObjectDeleter>;

/// The 40 lowercase hex digits of `oid`.
std::string OidHex(const git_oid& oid);

}  // namespace fluxlint::source

#endif  // FLUXLINT_SOURCE_GIT_UTIL_H_
