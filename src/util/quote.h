#ifndef FLUXLINT_UTIL_QUOTE_H_
#define FLUXLINT_UTIL_QUOTE_H_

#include <string>
#include <string_view>

namespace fluxlint {

/// `s` in single quotes, as messages name paths, keys and values: 'apps/base'.
inline std::string Quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_QUOTE_H_
