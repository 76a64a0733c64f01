#include "util/edit_distance.h"

#include <algorithm>
#include <numeric>

namespace fluxlint {

size_t EditDistance(std::string_view a, std::string_view b, size_t max) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent transpositions
  // ("infar" -> "infra") each cost 1.
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > max) return max + 1;
  const size_t w = a.size() + 1;
  std::vector<size_t> prev2(w), prev(w), row(w);
  std::iota(prev.begin(), prev.end(), 0);
  for (size_t j = 1; j <= b.size(); ++j) {
    row[0] = j;
    size_t best = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[i] = std::min({row[i - 1] + 1, prev[i] + 1, prev[i - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[i] = std::min(row[i], prev2[i - 2] + 1);
      }
      best = std::min(best, row[i]);
    }
    if (best > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[a.size()];
}

std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  size_t limit = std::max<size_t>(1, (name.size() + 2) / 3);
  size_t best = limit + 1;
  std::string match;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(name, c, limit);
    if (d < best) {
      best = d;
      match = c;
    }
  }
  return match;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string match = ClosestMatch(name, candidates);
  if (match.empty() || match == name) return "";
  return ", did you mean '" + match + "'?";
}

}  // namespace fluxlint
