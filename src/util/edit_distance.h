#ifndef FLUXLINT_UTIL_EDIT_DISTANCE_H_
#define FLUXLINT_UTIL_EDIT_DISTANCE_H_

#include <string>
#include <string_view>
#include <vector>

namespace fluxlint {

/// Levenshtein distance between a and b, giving up (returning max + 1) once it exceeds `max`.
size_t EditDistance(std::string_view a, std::string_view b, size_t max = 1000);

/// The candidate closest to `name` if it is close enough to be a likely typo (distance at most a
/// third of the name's length, at least 1), else "". Ties go to the first candidate.
std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates);

/// ", did you mean 'x'?" or "" — appended to "unknown …" messages.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_EDIT_DISTANCE_H_
