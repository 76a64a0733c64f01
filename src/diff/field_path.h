#ifndef FLUXLINT_DIFF_FIELD_PATH_H_
#define FLUXLINT_DIFF_FIELD_PATH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"
#include "yaml/node.h"

namespace fluxlint::diff {

/// One step of a field path: a mapping key or a list item.
///
/// In a concrete path (where a change is) a key is the key as written and an item has its
/// position. In a pattern (what the catalog names) a key may be a glob (`*` any key,
/// `app.kubernetes.io/*`) and an item may be any item (`[*]`).
struct PathSegment {
  std::string key;
  bool item = false;
  bool any_item = false;  ///< pattern `[*]`
  size_t position = 0;    ///< concrete item position, or a pattern `[N]`

  static PathSegment Key(std::string key) { return {std::move(key), false, false, 0}; }
  static PathSegment Item(size_t position) { return {"", true, false, position}; }
  static PathSegment AnyItem() { return {"", true, true, 0}; }
  bool operator==(const PathSegment&) const = default;
};

using FieldPath = std::vector<PathSegment>;

/// Parses a pattern: dotted keys from the object root, `[*]` or `[N]` after a key for list
/// items, and a "double-quoted" segment for a key that holds dots
/// (`metadata.annotations."example.com/owner"`). Errors name the offending character.
Result<FieldPath> ParseFieldPath(std::string_view text);

/// Formats a path the way Kubernetes field errors print them: `spec.selector.matchLabels.team`,
/// `spec.containers[0].image`, and keys that are not plain identifiers in brackets:
/// `metadata.labels[app.kubernetes.io/name]`.
std::string FormatFieldPath(const FieldPath& path);

/// Whether the pattern segment matches the concrete segment.
bool SegmentMatches(const PathSegment& pattern, const PathSegment& concrete);

/// Whether `pattern` matches the first pattern.size() segments of `path` (the path is at or
/// below what the pattern names).
bool PatternCovers(const FieldPath& pattern, const FieldPath& path);

/// Whether `path` matches the first path.size() segments of `pattern` and is shorter (the path
/// is above what the pattern names).
bool PathAbovePattern(const FieldPath& path, const FieldPath& pattern);

/// Every node at `pattern` below `root` (wildcards expanded), with its concrete path.
struct Located {
  FieldPath path;
  const yaml::Node* node;
};
std::vector<Located> Resolve(const yaml::Node& root, const FieldPath& pattern);

/// The node at a concrete path, or nullptr.
const yaml::Node* NodeAt(const yaml::Node& root, const FieldPath& path);

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_FIELD_PATH_H_
