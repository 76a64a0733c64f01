#include "diff/field_path.h"

#include <cctype>

#include "util/glob.h"

namespace fluxlint::diff {
namespace {

bool IsPlainKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '$')) {
      return false;
    }
  }
  return true;
}

Status PathError(std::string_view text, size_t at, std::string_view what) {
  return Status(ErrorCode::kInvalidArgument, "field path '" + std::string(text) +
                                                 "': " + std::string(what) + " at character " +
                                                 std::to_string(at + 1));
}

}  // namespace

Result<FieldPath> ParseFieldPath(std::string_view text) {
  FieldPath out;
  size_t i = 0;
  bool expect_key = true;  // at the start and after '.'
  if (text.empty()) return PathError(text, 0, "empty path");
  while (i < text.size()) {
    char c = text[i];
    if (c == '[') {
      if (out.empty()) return PathError(text, i, "a list item needs a field before it");
      size_t close = text.find(']', i);
      if (close == std::string_view::npos) return PathError(text, i, "unclosed '['");
      std::string_view inside = text.substr(i + 1, close - i - 1);
      if (inside == "*") {
        out.push_back(PathSegment::AnyItem());
      } else if (!inside.empty() &&
                 inside.find_first_not_of("0123456789") == std::string_view::npos &&
                 inside.size() < 9) {
        out.push_back(PathSegment::Item(std::stoul(std::string(inside))));
      } else {
        return PathError(text, i, "expected [*] or [N]");
      }
      i = close + 1;
      expect_key = false;
      continue;
    }
    if (c == '.') {
      if (expect_key) return PathError(text, i, "empty field name");
      expect_key = true;
      ++i;
      continue;
    }
    if (!expect_key) return PathError(text, i, "expected '.' or '['");
    if (c == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos) return PathError(text, i, "unclosed '\"'");
      if (close == i + 1) return PathError(text, i, "empty field name");
      out.push_back(PathSegment::Key(std::string(text.substr(i + 1, close - i - 1))));
      i = close + 1;
    } else {
      size_t end = text.find_first_of(".[\"", i);
      if (end == std::string_view::npos) end = text.size();
      out.push_back(PathSegment::Key(std::string(text.substr(i, end - i))));
      i = end;
    }
    expect_key = false;
  }
  if (expect_key) return PathError(text, text.size() - 1, "empty field name");
  return out;
}

std::string FormatFieldPath(const FieldPath& path) {
  std::string out;
  for (const PathSegment& s : path) {
    if (s.item) {
      out += s.any_item ? "[*]" : "[" + std::to_string(s.position) + "]";
    } else if (IsPlainKey(s.key) || s.key == "*") {
      if (!out.empty()) out += '.';
      out += s.key;
    } else {
      if (out.empty())
        out += s.key;  // a root key that is not an identifier: print it as is
      else
        out += "[" + s.key + "]";
    }
  }
  return out;
}

bool SegmentMatches(const PathSegment& pattern, const PathSegment& concrete) {
  if (pattern.item != concrete.item) return false;
  if (pattern.item) return pattern.any_item || pattern.position == concrete.position;
  if (pattern.key == "*") return true;
  if (pattern.key.find_first_of("*?") != std::string::npos) {
    return GlobMatch(pattern.key, concrete.key);
  }
  return pattern.key == concrete.key;
}

bool PatternCovers(const FieldPath& pattern, const FieldPath& path) {
  if (pattern.size() > path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (!SegmentMatches(pattern[i], path[i])) return false;
  }
  return true;
}

bool PathAbovePattern(const FieldPath& path, const FieldPath& pattern) {
  if (path.size() >= pattern.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (!SegmentMatches(pattern[i], path[i])) return false;
  }
  return true;
}

namespace {

void ResolveFrom(const yaml::Node& node, const FieldPath& pattern, size_t depth, FieldPath* path,
                 std::vector<Located>* out) {
  if (depth == pattern.size()) {
    out->push_back({*path, &node});
    return;
  }
  const PathSegment& seg = pattern[depth];
  if (seg.item) {
    if (!node.IsSequence()) return;
    for (size_t i = 0; i < node.ItemCount(); ++i) {
      if (!seg.any_item && seg.position != i) continue;
      path->push_back(PathSegment::Item(i));
      ResolveFrom(node.children[i], pattern, depth + 1, path, out);
      path->pop_back();
    }
    return;
  }
  if (!node.IsMapping()) return;
  for (size_t i = 0; i < node.EntryCount(); ++i) {
    const yaml::Node& key = node.Key(i);
    if (!key.IsScalar()) continue;
    PathSegment concrete = PathSegment::Key(key.value);
    if (!SegmentMatches(seg, concrete)) continue;
    path->push_back(std::move(concrete));
    ResolveFrom(node.Value(i), pattern, depth + 1, path, out);
    path->pop_back();
  }
}

}  // namespace

std::vector<Located> Resolve(const yaml::Node& root, const FieldPath& pattern) {
  std::vector<Located> out;
  FieldPath path;
  ResolveFrom(root, pattern, 0, &path, &out);
  return out;
}

const yaml::Node* NodeAt(const yaml::Node& root, const FieldPath& path) {
  const yaml::Node* node = &root;
  for (const PathSegment& s : path) {
    if (s.item) {
      if (!node->IsSequence() || s.position >= node->ItemCount()) return nullptr;
      node = &node->children[s.position];
    } else {
      node = node->Get(s.key);
      if (node == nullptr) return nullptr;
    }
  }
  return node;
}

}  // namespace fluxlint::diff
