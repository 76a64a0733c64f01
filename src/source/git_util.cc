#include "source/git_util.h"

#include <mutex>

namespace fluxlint::source {

void EnsureGitInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

Status GitError(std::string_view what) {
  const git_error* err = git_error_last();
  std::string message(what);
  if (err != nullptr && err->message != nullptr && err->message[0] != '\0') {
    message += ": ";
    message += err->message;
  }
  return Status(ErrorCode::kGit, std::move(message));
}

std::string OidHex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), &oid);
  return std::string(buf, GIT_OID_HEXSZ);
}

}  // namespace fluxlint::source
