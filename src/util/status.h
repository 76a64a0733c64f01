#ifndef FLUXLINT_UTIL_STATUS_H_
#define FLUXLINT_UTIL_STATUS_H_

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace fluxlint {

/// What went wrong, as a value. Errors never cross module boundaries as exceptions.
enum class ErrorCode {
  kOk = 0,
  kNotFound,         ///< the path, revision or object does not exist
  kInvalidArgument,  ///< bad input from the user (a flag, a config value, a rev-spec)
  kOutsideRoot,      ///< a path or symlink that leaves the repository root
  kSymlinkLoop,      ///< symlinks that point at each other
  kNotAFile,         ///< a directory, submodule or special file where a file was expected
  kTooLarge,         ///< a file or structure above a configured limit
  kBinary,           ///< a file that is not text
  kIo,               ///< the operating system failed
  kGit,              ///< libgit2 failed
  kParse,            ///< input that does not parse
  kInternal,         ///< a bug in fluxlint
};

/// Short stable name of a code ("not-found"), used in messages and JSON.
std::string_view ErrorCodeName(ErrorCode code);

/// An error code with a message that names the thing involved (a path, a rev-spec, a key).
class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  /// "<message>" for display; "ok" when ok().
  std::string ToString() const { return ok() ? std::string("ok") : message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

/// Either a value or a non-ok Status (like absl::StatusOr).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design
  Result(ErrorCode code, std::string message) : v_(Status(code, std::move(message))) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_STATUS_H_
