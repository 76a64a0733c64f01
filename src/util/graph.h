#ifndef FLUXLINT_UTIL_GRAPH_H_
#define FLUXLINT_UTIL_GRAPH_H_

#include <cstddef>
#include <vector>

namespace fluxlint {

/// Strongly connected components of a directed graph given as adjacency lists (node i has edges
/// to adjacency[i][*]). Returns the component of every node, numbered 0 … count-1 in the order
/// Tarjan's algorithm completes them (a component before any component that reaches it), and
/// sets *count. Iterative, so deep graphs cannot overflow the stack.
std::vector<int> StronglyConnectedComponents(const std::vector<std::vector<size_t>>& adjacency,
                                             int* count);

}  // namespace fluxlint

#endif  // FLUXLINT_UTIL_GRAPH_H_
