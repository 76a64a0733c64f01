#ifndef FLUXLINT_DIAG_SPAN_H_
#define FLUXLINT_DIAG_SPAN_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fluxlint {

/// One file's text at one revision. Owned by a SourceStore; everything else points at it.
struct SourceFile {
  std::string path;        ///< repository-relative, '/'-separated, no leading "./"
  std::string text;        ///< the bytes as read
  std::string content_id;  ///< git blob oid (40 hex digits); "" when unknown
  std::string revision;    ///< which tree it came from, e.g. "work tree", "index", "HEAD"
  std::vector<uint32_t> line_starts;  ///< byte offset of each line's first byte (line 1 at [0])

  /// Fills line_starts from text.
  void IndexLines();
  /// The text of 1-based line `line` without its line break; "" when out of range.
  std::string_view Line(uint32_t line) const;
  /// Number of lines (a final line without a newline counts).
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts.size()); }
};

/// A place in a file. line and column are 1-based; column counts Unicode code points
/// (as libyaml and SARIF "unicodeCodePoints" do). line == 0 means unknown.
struct Position {
  uint32_t offset = 0;  ///< byte offset from the start of the file
  uint32_t line = 0;
  uint32_t column = 0;
};

/// A range in one file: [begin, end). A span keeps provenance through rendering: a value
/// produced by a transformer carries the span of the entry that produced it.
struct Span {
  const SourceFile* file = nullptr;
  Position begin;
  Position end;

  bool valid() const { return file != nullptr; }
  std::string_view path() const { return file ? std::string_view(file->path) : ""; }
};

/// Owns SourceFiles for a whole run. Files are interned by (revision-independent) path and
/// content id, so the same blob at base and head is one SourceFile. Thread-safe.
class SourceStore {
 public:
  /// Returns the file with this path and content id, creating it (and indexing its lines) if new.
  /// When content_id is empty the file is never shared.
  const SourceFile* Add(std::string path, std::string text, std::string content_id,
                        std::string revision);

  /// The file already added with this path and (non-empty) content id, or nullptr: lets a
  /// caller that knows a blob's id skip reading it again.
  const SourceFile* Find(std::string_view path, std::string_view content_id);

 private:
  static std::string Key(std::string_view path, std::string_view content_id);

  std::mutex mu_;
  std::deque<SourceFile> files_;
  std::unordered_map<std::string, const SourceFile*> index_;  // Key(path, id) -> file
};

/// A span covering the whole first line of `file` (for file-level problems).
Span FileSpan(const SourceFile* file);

}  // namespace fluxlint

#endif  // FLUXLINT_DIAG_SPAN_H_
