#include "util/status.h"

namespace fluxlint {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kInvalidArgument: return "invalid-argument";
    case ErrorCode::kOutsideRoot: return "outside-root";
    case ErrorCode::kSymlinkLoop: return "symlink-loop";
    case ErrorCode::kNotAFile: return "not-a-file";
    case ErrorCode::kTooLarge: return "too-large";
    case ErrorCode::kBinary: return "binary";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kGit: return "git";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace fluxlint
