#include "diag/span.h"

#include <algorithm>
#include <cstring>
#include <tuple>

namespace fluxlint {

void SourceFile::IndexLines() {
  line_starts.clear();
  line_starts.push_back(0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    if (p < end) line_starts.push_back(static_cast<uint32_t>(p - begin));
  }
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  size_t start = line_starts[line - 1];
  size_t stop = line < line_starts.size() ? line_starts[line] : text.size();
  std::string_view s(text.data() + start, stop - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

const SourceFile* SourceStore::Add(std::string path, std::string text, std::string content_id,
                                   std::string revision) {
  std::lock_guard<std::mutex> lock(mu_);
  auto less = [](const SourceFile* a, const std::pair<std::string_view, std::string_view>& key) {
    return std::make_pair(std::string_view(a->path), std::string_view(a->content_id)) < key;
  };
  auto key = std::make_pair(std::string_view(path), std::string_view(content_id));
  auto it = std::lower_bound(index_.begin(), index_.end(), key, less);
  if (!content_id.empty() && it != index_.end() && (*it)->path == path &&
      (*it)->content_id == content_id) {
    return *it;
  }
  SourceFile& file = files_.emplace_back();
  file.path = std::move(path);
  file.text = std::move(text);
  file.content_id = std::move(content_id);
  file.revision = std::move(revision);
  file.IndexLines();
  if (!file.content_id.empty()) index_.insert(it, &file);
  return &file;
}

Span FileSpan(const SourceFile* file) {
  Span span;
  span.file = file;
  span.begin = Position{0, 1, 1};
  uint32_t len = 0;
  if (file != nullptr) {
    std::string_view first = file->Line(1);
    len = static_cast<uint32_t>(first.size());
  }
  span.end = Position{len, 1, len + 1};
  return span;
}

}  // namespace fluxlint
