#include "diag/span.h"

#include <cstring>

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

std::string SourceStore::Key(std::string_view path, std::string_view content_id) {
  std::string key;
  key.reserve(path.size() + 1 + content_id.size());
  key.append(path).push_back('\0');
  key.append(content_id);
  return key;
}

const SourceFile* SourceStore::Add(std::string path, std::string text, std::string content_id,
                                   std::string revision) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string key;
  if (!content_id.empty()) {
    key = Key(path, content_id);
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
  }
  SourceFile& file = files_.emplace_back();
  file.path = std::move(path);
  file.text = std::move(text);
  file.content_id = std::move(content_id);
  file.revision = std::move(revision);
  file.IndexLines();
  if (!key.empty()) index_.emplace(std::move(key), &file);
  return &file;
}

const SourceFile* SourceStore::Find(std::string_view path, std::string_view content_id) {
  if (content_id.empty()) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(Key(path, content_id));
  return it == index_.end() ? nullptr : it->second;
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
