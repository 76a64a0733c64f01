#include "cli/paths.h"

#include <filesystem>

namespace fluxlint::cli {

Result<std::string> RepositoryRelative(std::string_view root, std::string_view cwd,
                                       std::string_view path) {
  namespace fs = std::filesystem;
  fs::path p(path);
  fs::path abs = (p.is_absolute() ? p : fs::path(cwd) / p).lexically_normal();
  fs::path rel = abs.lexically_relative(fs::path(root).lexically_normal());
  std::string s = rel.generic_string();
  if (s.empty() || s.starts_with("..") || rel.is_absolute()) {
    return Result<std::string>(ErrorCode::kOutsideRoot,
                               "path '" + std::string(path) + "' is outside the repository '" +
                                   std::string(root) + "'");
  }
  if (s == ".") return std::string();
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s.ends_with("/.")) s.resize(s.size() - 2);
  return s;
}

}  // namespace fluxlint::cli
