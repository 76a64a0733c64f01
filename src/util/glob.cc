#include "util/glob.h"

#include <vector>

namespace fluxlint {

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with backtracking for the last star; `**` may also span '/'.
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  bool star_crosses = false;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_crosses = p + 1 < pattern.size() && pattern[p + 1] == '*';
      p += star_crosses ? 2 : 1;
      star_p = p;
      star_t = t;
      continue;
    }
    if (p < pattern.size() && (pattern[p] == text[t] || (pattern[p] == '?' && text[t] != '/'))) {
      ++p;
      ++t;
      continue;
    }
    if (star_p != std::string_view::npos && (star_crosses || text[star_t] != '/')) {
      p = star_p;
      t = ++star_t;
      continue;
    }
    return false;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool PathGlobMatch(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  if (pattern.empty()) return false;
  bool anchored = pattern.find('/') != std::string_view::npos;
  // Try the path itself and every ancestor directory, so "vendor" matches "vendor/a/b.yaml".
  std::vector<std::string_view> candidates;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') candidates.push_back(path.substr(0, i));
  }
  for (std::string_view c : candidates) {
    if (anchored) {
      if (GlobMatch(pattern, c)) return true;
    } else {
      size_t slash = c.rfind('/');
      std::string_view last = slash == std::string_view::npos ? c : c.substr(slash + 1);
      if (GlobMatch(pattern, last)) return true;
    }
  }
  return false;
}

}  // namespace fluxlint
