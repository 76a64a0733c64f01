#ifndef FLUXLINT_UTIL_GLOB_H_
#define FLUXLINT_UTIL_GLOB_H_

#include <string_view>

namespace fluxlint {

/// Matches `text` against a glob: `*` any run of characters except '/', `**` any run including
/// '/', `?` one character except '/'. Other characters match themselves. Rule ids have no '/',
/// so for them `*` and `**` are the same.
bool GlobMatch(std::string_view pattern, std::string_view text);

/// A path glob: like GlobMatch, but a pattern without '/' matches the last path component
/// (like .gitignore), and a pattern ending in "/" or naming a directory matches everything below it.
bool PathGlobMatch(std::string_view pattern, std::string_view path);

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_GLOB_H_
