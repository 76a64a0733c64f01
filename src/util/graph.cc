#include "util/graph.h"

#include <algorithm>
#include <utility>

namespace fluxlint {

std::vector<int> StronglyConnectedComponents(const std::vector<std::vector<size_t>>& adjacency,
                                             int* count) {
  const size_t n = adjacency.size();
  std::vector<int> idx(n, -1), low(n, 0), comp(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  int counter = 0, comps = 0;
  for (size_t s = 0; s < n; ++s) {
    if (idx[s] != -1) continue;
    std::vector<std::pair<size_t, size_t>> work = {{s, 0}};  // (node, next edge)
    while (!work.empty()) {
      auto& [v, next] = work.back();
      if (next == 0 && idx[v] == -1) {
        idx[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (next < adjacency[v].size()) {
        size_t w = adjacency[v][next++];
        if (idx[w] == -1) {
          work.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], idx[w]);
        }
        continue;
      }
      if (low[v] == idx[v]) {
        while (true) {
          size_t w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = comps;
          if (w == v) break;
        }
        ++comps;
      }
      size_t done = v;
      work.pop_back();
      if (!work.empty()) {
        size_t parent = work.back().first;
        low[parent] = std::min(low[parent], low[done]);
      }
    }
  }
  *count = comps;
  return comp;
}

}  // namespace fluxlint
