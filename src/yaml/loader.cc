// YAML loader: libyaml's event parser feeding the Node tree.
//
// While libyaml reads a document, each node becomes a small Record (scalar text goes to one
// shared buffer); when a collection ends, its `children` are allocated at their final size and
// fetched into the cache. When the document ends, its tree is built from the records: every
// node is written once, where it stays, and duplicate keys, merge keys and anchors are handled
// as each collection is completed, in the order the collections ended. Aliases are checked
// while reading (unknown or unfinished anchor, expansion budget by node count, nesting budget
// by height), so an alias bomb fails before any large copy is made; an alias then copies the
// anchored node as built.

#include "yaml/loader.h"

#include <yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace fluxlint::yaml {
namespace {

constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";
constexpr size_t kHashedKeyThreshold = 16;

// --- libyaml RAII -------------------------------------------------------------------------

class LibyamlParser {
 public:
  LibyamlParser() { ok_ = yaml_parser_initialize(&parser_) != 0; }
  ~LibyamlParser() { yaml_parser_delete(&parser_); }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;

  bool ok() const { return ok_; }
  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_;
  bool ok_ = false;
};

class LibyamlEvent {
 public:
  LibyamlEvent() { std::memset(&event_, 0, sizeof(event_)); }
  ~LibyamlEvent() { Reset(); }
  LibyamlEvent(const LibyamlEvent&) = delete;
  LibyamlEvent& operator=(const LibyamlEvent&) = delete;

  /// Frees the previous event's memory; the next yaml_parser_parse fills `get()`.
  void Reset() {
    if (filled_) yaml_event_delete(&event_);
    filled_ = false;
  }
  yaml_event_t* Fill() {
    Reset();
    filled_ = true;
    return &event_;
  }
  const yaml_event_t& operator*() const { return event_; }
  const yaml_event_t* operator->() const { return &event_; }

 private:
  yaml_event_t event_;
  bool filled_ = false;
};

// --- positions ------------------------------------------------------------------------------

inline size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

/// What the loader needs to know of a file's bytes before parsing, found in one pass.
struct TextFacts {
  size_t first_nul = std::string_view::npos;  // the first NUL byte; the rest is then unknown
  bool ascii = true;
  bool has_cr = false;
};

TextFacts ScanText(std::string_view text) {
  // Whole blocks first, with word tricks the compiler vectorizes: a word w has a zero byte
  // exactly when (w - 0x01..01) & ~w & 0x80..80 is not zero (and a '\r' when w ^ 0x0D..0D
  // has a zero byte); a byte of 0x80 or more sets its high bit.
  constexpr size_t kBlock = 1024;
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  constexpr uint64_t kCarriageReturns = kOnes * '\r';
  TextFacts facts;
  const char* data = text.data();
  size_t i = 0;
  uint64_t high = 0;
  uint64_t cr = 0;
  for (; i + kBlock <= text.size(); i += kBlock) {
    uint64_t zero = 0;
    uint64_t block_cr = 0;
    uint64_t block_high = 0;
    for (size_t k = 0; k < kBlock; k += sizeof(uint64_t)) {
      uint64_t w;
      std::memcpy(&w, data + i + k, sizeof(w));
      uint64_t x = w ^ kCarriageReturns;
      zero |= (w - kOnes) & ~w;
      block_cr |= (x - kOnes) & ~x;
      block_high |= w;
    }
    if ((zero & kHighBits) != 0) break;  // a NUL in this block: found below
    cr |= block_cr;
    high |= block_high;
  }
  facts.ascii = (high & kHighBits) == 0;
  facts.has_cr = (cr & kHighBits) != 0;
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c == 0) {
      facts.first_nul = i;
      break;
    }
    if (c >= 0x80) facts.ascii = false;
    if (c == '\r') facts.has_cr = true;
  }
  return facts;
}

/// Turns libyaml marks (whose `index` counts characters) into Positions: byte offset, 1-based
/// line and 1-based code-point column. Lines are counted on '\n' only, as SourceFile does, so
/// a position always points into SourceFile::Line(line). A cursor remembers the last mark:
/// marks mostly move forward, so the walk over the text is linear overall.
class PositionMapper {
 public:
  PositionMapper(const SourceFile& file, const TextFacts& facts)
      : file_(file),
        text_(file.text),
        ascii_(facts.ascii),
        bom_(text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0) {
    byte_ = bom_;
    libyaml_lines_ = !HasOtherLineBreaks(text_, facts);
    if (file.line_starts.empty() && !file.text.empty()) {
      // The caller did not call IndexLines(): index a private copy.
      SourceFile copy;
      copy.text = file.text;
      copy.IndexLines();
      own_starts_ = std::move(copy.line_starts);
      starts_ = &own_starts_;
    }
  }

  [[gnu::always_inline]] Position FromMark(const yaml_mark_t& mark) {
    if (libyaml_lines_ && ascii_) {
      // The common case: libyaml's line and column are ours, the index is the byte offset.
      return Position{static_cast<uint32_t>(std::min<size_t>(mark.index, text_.size())),
                      static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)};
    }
    return FromMarkSlow(mark);
  }

  [[gnu::noinline]] Position FromMarkSlow(const yaml_mark_t& mark) {
    size_t target = mark.index;
    if (libyaml_lines_) {
      // libyaml's line and column are ours; only the byte offset needs work.
      return Position{static_cast<uint32_t>(ByteOfIndex(target)),
                      static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)};
    }
    if (ascii_) {
      size_t byte = std::min(target, text_.size());
      MoveLineTo(byte);
      byte_ = byte;
      index_ = target;
      return Make(byte, static_cast<uint32_t>(byte - LineStart(line_)));
    }
    if (target >= index_) {
      while (index_ < target && byte_ < text_.size()) {
        unsigned char c = static_cast<unsigned char>(text_[byte_]);
        if (c == '\n') {
          ++byte_;
          MoveLineTo(byte_);
          column_ = 0;
        } else {
          byte_ = std::min(text_.size(), byte_ + Utf8Length(c));
          ++column_;
        }
        ++index_;
      }
    } else {
      bool column_known = true;
      while (index_ > target && byte_ > bom_) {
        --byte_;
        while (byte_ > bom_ && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) --byte_;
        if (text_[byte_] == '\n') {
          column_known = false;
        } else if (column_known) {
          --column_;
        }
        --index_;
      }
      index_ = target;
      MoveLineTo(byte_);
      if (!column_known) column_ = CountColumns(LineStart(line_), byte_);
    }
    return Make(byte_, column_);
  }

  /// Moves the cursor to character `target` counting code points only (libyaml_lines_ mode).
  size_t ByteOfIndex(size_t target) {
    const unsigned char* text = reinterpret_cast<const unsigned char*>(text_.data());
    size_t size = text_.size();
    if (target >= index_) {
      while (index_ < target && byte_ < size) {
        byte_ += Utf8Length(text[byte_]);
        ++index_;
      }
      byte_ = std::min(byte_, size);
    } else {
      while (index_ > target && byte_ > bom_) {
        --byte_;
        while (byte_ > bom_ && (text[byte_] & 0xC0) == 0x80) --byte_;
        --index_;
      }
    }
    index_ = target;
    return byte_;
  }

  /// A position from a byte offset (NUL bytes, reader errors). Independent of the cursor.
  Position FromByte(size_t byte) const {
    byte = std::min(byte, text_.size());
    const std::vector<uint32_t>& starts = *starts_;
    size_t line = 0;
    if (!starts.empty()) {
      auto it = std::upper_bound(starts.begin(), starts.end(), static_cast<uint32_t>(byte));
      line = static_cast<size_t>(it - starts.begin()) - 1;
    }
    return Make(byte, CountColumns(LineStart(line), byte), line);
  }

 private:
  size_t LineStart(size_t line) const {
    size_t start = starts_->empty() ? 0 : (*starts_)[line];
    return line == 0 ? std::max(start, bom_) : start;
  }

  void MoveLineTo(size_t byte) {
    const std::vector<uint32_t>& starts = *starts_;
    if (starts.empty()) return;
    while (line_ + 1 < starts.size() && starts[line_ + 1] <= byte) ++line_;
    while (line_ > 0 && starts[line_] > byte) --line_;
  }

  uint32_t CountColumns(size_t from, size_t to) const {
    uint32_t n = 0;
    for (size_t i = from; i < to; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++n;
    }
    return n;
  }

  Position Make(size_t byte, uint32_t column0) const { return Make(byte, column0, line_); }

  Position Make(size_t byte, uint32_t column0, size_t line) const {
    // The end of a file that ends with a line break is the start of the line after it.
    if (byte == text_.size() && !text_.empty() && text_.back() == '\n') {
      return Position{static_cast<uint32_t>(byte), static_cast<uint32_t>(starts_->size() + 1), 1};
    }
    return Position{static_cast<uint32_t>(byte), static_cast<uint32_t>(line + 1), column0 + 1};
  }

  /// Whether the text has line breaks other than '\n' that libyaml counts as lines: '\r'
  /// (alone or in "\r\n"), NEL (U+0085), LS (U+2028), PS (U+2029).
  static bool HasOtherLineBreaks(std::string_view text, const TextFacts& facts) {
    if (facts.has_cr) return true;
    if (facts.ascii) return false;
    return text.find("\xC2\x85") != std::string_view::npos ||
           text.find("\xE2\x80\xA8") != std::string_view::npos ||
           text.find("\xE2\x80\xA9") != std::string_view::npos;
  }

  const SourceFile& file_;
  /// No line breaks but '\n': libyaml's 0-based line and code-point column are exactly the
  /// SourceFile's, so marks map without looking at lines at all.
  bool libyaml_lines_ = false;
  const std::vector<uint32_t>* starts_ = &file_.line_starts;
  std::vector<uint32_t> own_starts_;
  std::string_view text_;
  bool ascii_;
  size_t bom_;
  // Cursor: character index `index_` is at byte `byte_`, on line `line_` (0-based), column
  // `column_` (0-based code points).
  size_t index_ = 0;
  size_t byte_ = 0;
  size_t line_ = 0;
  uint32_t column_ = 0;
};

/// Asks for the cache lines of a block that is about to be written: its first few KiB (the
/// hardware prefetcher keeps up with longer sequential writes), and `ahead` bytes after its
/// end, where the allocator usually puts the next blocks (it splits them off one free region
/// in turn). A prefetch of memory that is not ours does no harm.
void PrefetchForWrite(const void* data, size_t size, size_t ahead) {
  constexpr size_t kCacheLine = 64;
  constexpr size_t kMaxBytes = 4096;
  if (size == 0) return;
  auto prefetch = [](uintptr_t address) {
    __builtin_prefetch(reinterpret_cast<const void*>(address), /*rw=*/1, /*locality=*/3);
  };
  uintptr_t begin = reinterpret_cast<uintptr_t>(data);
  for (size_t offset = 0; offset < std::min(size, kMaxBytes); offset += kCacheLine) {
    prefetch(begin + offset);
  }
  for (size_t offset = 0; offset < ahead; offset += kCacheLine) prefetch(begin + size + offset);
}

// --- keys -----------------------------------------------------------------------------------

bool IsMergeKey(const Node& key) {
  if (key.kind != NodeKind::kScalar) return false;
  if (key.value.size() != 2 || key.value[0] != '<' || key.value[1] != '<') return false;
  if (key.tag().empty()) return key.style == ScalarStyle::kPlain;
  return key.tag() == kMergeTag;
}

/// Two scalar keys are the same key when their text is the same: go-yaml v3's duplicate check
/// ("mapping key already defined") compares node kind and value, so `1` and "1" collide too.
bool SameScalarKey(const Node& a, const Node& b) { return a.value == b.value; }

/// The first (up to) 8 bytes of `text`, zero-padded: keys that differ there differ.
uint64_t Head(std::string_view text) {
  uint64_t head = 0;
  if (text.size() >= sizeof(head)) {
    std::memcpy(&head, text.data(), sizeof(head));
  } else {
    for (size_t i = 0; i < text.size(); ++i) {
      head |= static_cast<uint64_t>(static_cast<unsigned char>(text[i])) << (8 * i);
    }
  }
  return head;
}

/// Whether a mapping of at most kHashedKeyThreshold entries has two scalar keys with the same
/// text (two `<<` merge keys count; the exact check tells them apart). Ordinary mappings have
/// none, and most keys differ in length or in their first bytes, so this rarely reads a key's
/// text twice.
bool HasEqualScalarKeys(const std::vector<Node>& entries) {
  std::array<uint64_t, kHashedKeyThreshold> heads;
  std::array<const std::string*, kHashedKeyThreshold> texts;
  size_t count = 0;
  for (size_t i = 0; i + 1 < entries.size(); i += 2) {
    const Node& key = entries[i];
    if (key.kind != NodeKind::kScalar) continue;
    uint64_t head = Head(key.value);
    for (size_t j = 0; j < count; ++j) {
      if (heads[j] == head && texts[j]->size() == key.value.size() &&
          (key.value.size() <= sizeof(head) || *texts[j] == key.value)) {
        return true;
      }
    }
    heads[count] = head;
    texts[count] = &key.value;
    ++count;
  }
  return false;
}

/// Finds earlier entries with the same scalar key among the keys added so far. Small
/// mappings scan linearly; large ones use a hash on the key text.
class KeyIndex {
 public:
  explicit KeyIndex(const std::vector<Node>& entries) : entries_(entries) {}

  /// The index (into entries_) of an earlier key equal to entries_[i]; -1 if none. Adds i.
  ptrdiff_t FindOrAdd(size_t i) {
    const Node& key = entries_[i];
    if (key.kind != NodeKind::kScalar) return -1;
    if (!hashed_) {
      for (size_t k = 0; k < small_count_; ++k) {
        if (SameScalarKey(entries_[small_[k]], key)) return static_cast<ptrdiff_t>(small_[k]);
      }
      if (small_count_ < small_.size()) {
        small_[small_count_++] = i;
        return -1;
      }
      hashed_ = true;
      for (size_t j : small_) by_text_.emplace(entries_[j].value, j);
    }
    auto [it, inserted] = by_text_.emplace(key.value, i);
    return inserted ? -1 : static_cast<ptrdiff_t>(it->second);
  }

 private:
  const std::vector<Node>& entries_;
  // Keys added so far: a fixed array (no allocation for ordinary mappings), then a hash.
  std::array<size_t, kHashedKeyThreshold> small_;
  size_t small_count_ = 0;
  bool hashed_ = false;
  std::unordered_map<std::string_view, size_t> by_text_;
};

/// go-yaml v3's guard against alias bombs (decode.go, allowedAliasRatio), applied to the
/// nodes of one document: once more than 1,000 nodes were made and more than 100 of them
/// came from aliases, at most 99% may come from aliases up to 400,000 nodes, falling
/// linearly to 10% at 4,000,000. A document kustomize or Flux would reject as "excessive
/// aliasing" is rejected here too, long before the absolute max_alias_nodes budget is spent.
bool ExcessiveAliasing(size_t alias_nodes, size_t total_nodes) {
  if (alias_nodes <= 100 || total_nodes <= 1000) return false;
  constexpr double kLow = 400'000;
  constexpr double kHigh = 4'000'000;
  double total = static_cast<double>(total_nodes);
  double allowed;
  if (total <= kLow) {
    allowed = 0.99;
  } else if (total >= kHigh) {
    allowed = 0.10;
  } else {
    allowed = 0.99 - 0.89 * ((total - kLow) / (kHigh - kLow));
  }
  return static_cast<double>(alias_nodes) / total > allowed;
}

// --- document records ---------------------------------------------------------------------

constexpr uint32_t kNoIndex = UINT32_MAX;

enum class RecordKind : uint8_t { kScalar, kMapping, kSequence, kAlias };

/// One node of the document being read, in document order (a collection before its
/// descendants). The tree is built from the records when the document ends: every collection's
/// size is known by then, so each `children` is allocated once, early (when the collection
/// ends, and fetched into the cache while libyaml reads on), and each node is written once,
/// where it stays.
struct Record {
  Position begin;
  Position end;
  RecordKind kind = RecordKind::kScalar;
  ScalarStyle style = ScalarStyle::kPlain;  // scalars
  bool flow = false;                        // collections
  bool closed = false;                      // collections: their end was read
  uint32_t text_begin = 0;  // the value is text_[text_begin, +value_size), the tag follows it
  uint32_t value_size = 0;
  uint32_t tag_size = 0;
  uint32_t children = 0;       // closed collections: direct children
  uint32_t next = 0;           // closed collections: the record after their last descendant
  uint32_t anchor = kNoIndex;  // the anchor definition the node makes, or that an alias copies
  uint32_t array = kNoIndex;   // closed collections: their allocated children, in arrays_
};

bool IsCollection(RecordKind kind) {
  return kind == RecordKind::kMapping || kind == RecordKind::kSequence;
}

// --- builder ------------------------------------------------------------------------------

/// A collection being read.
struct Frame {
  uint32_t record = 0;
  uint32_t children = 0;   // so far
  size_t nodes_begin = 0;  // nodes_created_ when it started (for anchor sizes)
  uint32_t max_child_height = 0;
  std::string anchor;  // "" when not anchored
};

/// What is known of an anchor while reading: enough to check an alias before it is expanded.
struct Anchor {
  bool complete = false;
  size_t node_count = 0;
  uint32_t height = 0;             // collection levels in the node (0 for a scalar)
  uint32_t definition = kNoIndex;  // index into Loader::definitions_
};

/// A collection whose children are being built.
struct BuildFrame {
  Node* node = nullptr;
  uint32_t record = 0;
  uint32_t next_child = 0;
  bool has_merge = false;
};

class Loader {
 public:
  /// Parses the first `input_size` bytes of the file (all of it unless re-parsing the part
  /// before a reader error).
  Loader(const SourceFile& file, const LoadOptions& options, size_t input_size)
      : file_(file),
        options_(options),
        facts_(ScanText(file.text)),
        mapper_(file, facts_),
        input_size_(input_size) {
    result_.file = &file;
  }

  /// Byte offset of libyaml's reader error (bad UTF-8, control character), if that is how
  /// Run() stopped.
  bool reader_error() const { return reader_error_; }
  size_t reader_error_offset() const { return reader_error_offset_; }

  LoadedFile Run();

 private:
  Span MakeSpan(const yaml_mark_t& begin, const yaml_mark_t& end) {
    Span span;
    span.file = &file_;
    span.begin = mapper_.FromMark(begin);
    span.end = mapper_.FromMark(end);
    return span;
  }

  Span PointSpan(Position p) const {
    Span span;
    span.file = &file_;
    span.begin = p;
    span.end = p;
    return span;
  }

  /// Records an error that stops loading.
  void Fail(LoadErrorKind kind, std::string message, Span span) {
    LoadError error;
    error.kind = kind;
    error.message = std::move(message);
    error.span = span;
    fatal_error_ = result_.errors.size();
    result_.errors.push_back(std::move(error));
    failed_ = true;
  }

  void FailFromParser(yaml_parser_t* parser);

  bool HandleEvent(const yaml_event_t& event);
  void StartDocument(const yaml_event_t& event);
  bool EndDocument(const yaml_event_t& event);
  bool StartCollection(const yaml_event_t& event, NodeKind kind);
  void EndCollection(const yaml_event_t& event);
  bool AddScalar(const yaml_event_t& event);
  bool AddAlias(const yaml_event_t& event);

  /// Appends a record for the next node; false (after failing) when the document has too many.
  bool NewRecord() {
    if (records_.size() >= kNoIndex - 1) [[unlikely]] {
      return FailTooLarge("a document with more than 4294967294 nodes");
    }
    records_.emplace_back();
    return true;
  }
  /// Keeps `text` for the record being made; false (after failing) past 4 GiB per document.
  bool AppendText(std::string_view text) {
    if (text.size() > UINT32_MAX - text_.size()) [[unlikely]] {
      return FailTooLarge("a document with more than 4 GiB of text");
    }
    text_.append(text);
    return true;
  }
  [[gnu::noinline]] bool FailTooLarge(const char* what) {
    Fail(LoadErrorKind::kLimit, what, document_start_);
    return false;
  }
  /// Bookkeeping for the open collection after a child of `height` was added.
  void ChildAdded(uint32_t height) {
    if (frames_.empty()) return;
    Frame& top = frames_.back();
    ++top.children;
    top.max_child_height = std::max(top.max_child_height, height);
  }
  uint32_t NewDefinition() {
    definitions_.emplace_back();
    return static_cast<uint32_t>(definitions_.size() - 1);
  }

  std::string_view ValueOf(const Record& r) const {
    return std::string_view(text_).substr(r.text_begin, r.value_size);
  }
  std::string_view TagOf(const Record& r) const {
    return std::string_view(text_).substr(r.text_begin + r.value_size, r.tag_size);
  }
  Span SpanOf(const Record& r) const { return Span{&file_, r.begin, r.end}; }

  /// Builds the node of records_[index] and its descendants into `out` (duplicate keys,
  /// merges, anchor definitions). False when a merge fails.
  bool Build(uint32_t index, Node& out);
  /// Starts building the collection of records_[index] in `node`.
  void OpenForBuild(uint32_t index, Node& node);
  /// After a fatal error inside a document: builds (and drops) the collections that had
  /// ended, so that their duplicate keys are reported, and a bad merge among them is the
  /// error that stopped loading, as when they are built as they end. False on a bad merge.
  bool BuildEndedCollections();

  void CheckDuplicates(Node& mapping);
  bool ResolveMerges(Node& mapping);

  const SourceFile& file_;
  const LoadOptions& options_;
  TextFacts facts_;  // before mapper_, which uses it
  PositionMapper mapper_;
  LoadedFile result_;
  bool failed_ = false;
  size_t fatal_error_ = 0;  // index in result_.errors of the error that stopped loading

  // The document being read.
  bool in_document_ = false;
  std::vector<Record> records_;
  std::string text_;                       // scalar values and tags of records_
  std::vector<std::vector<Node>> arrays_;  // children of the ended collections, allocated
  std::vector<Node> definitions_;          // anchored nodes, as built
  std::vector<Frame> frames_;              // open collections
  std::vector<BuildFrame> building_;
  bool root_anchored_ = false;
  Span document_start_;
  std::unordered_map<std::string, Anchor> anchors_;

  size_t input_size_;
  bool reader_error_ = false;
  size_t reader_error_offset_ = 0;
  size_t nodes_created_ = 0;
  size_t alias_nodes_ = 0;
  size_t document_nodes_begin_ = 0;  // nodes_created_ when the document started
  size_t document_alias_nodes_ = 0;
};

LoadedFile Loader::Run() {
  const std::string& text = file_.text;
  // Positions hold 32-bit byte offsets, whatever the configured limit.
  size_t max_bytes = std::min<size_t>(options_.max_file_bytes, UINT32_MAX);
  if (text.size() > max_bytes) {
    Fail(LoadErrorKind::kLimit,
         "file is " + std::to_string(text.size()) + " bytes, larger than the limit of " +
             std::to_string(max_bytes) + " bytes",
         PointSpan(Position{0, 1, 1}));
    return std::move(result_);
  }
  if (facts_.first_nul != std::string_view::npos) {
    Fail(LoadErrorKind::kBinary, "file is binary (contains a NUL byte)",
         PointSpan(mapper_.FromByte(facts_.first_nul)));
    return std::move(result_);
  }

  LibyamlParser parser;
  if (!parser.ok()) {
    Fail(LoadErrorKind::kSyntax, "out of memory", PointSpan(Position{0, 1, 1}));
    return std::move(result_);
  }
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               std::min(input_size_, text.size()));

  frames_.reserve(32);
  LibyamlEvent event;
  while (!failed_) {
    if (!yaml_parser_parse(parser.get(), event.Fill())) {
      FailFromParser(parser.get());
      break;
    }
    if (event->type == YAML_STREAM_END_EVENT) break;
    if (!HandleEvent(*event)) break;
  }
  if (failed_ && in_document_) {
    size_t stopped_by = fatal_error_;
    if (!BuildEndedCollections()) {
      // A bad merge came first: it is what stops loading, not what was read after it.
      result_.errors.erase(result_.errors.begin() + static_cast<ptrdiff_t>(stopped_by));
      reader_error_ = false;
    }
  }
  std::stable_sort(result_.errors.begin(), result_.errors.end(),
                   [](const LoadError& a, const LoadError& b) {
                     return a.span.begin.offset < b.span.begin.offset;
                   });
  return std::move(result_);
}

void Loader::FailFromParser(yaml_parser_t* parser) {
  LoadError error;
  error.kind = LoadErrorKind::kSyntax;
  if (parser->error == YAML_MEMORY_ERROR) {
    error.message = "out of memory";
    error.span = PointSpan(Position{0, 1, 1});
  } else if (parser->error == YAML_READER_ERROR) {
    error.message = parser->problem != nullptr ? parser->problem : "cannot read the input";
    error.span = PointSpan(mapper_.FromByte(parser->problem_offset));
    reader_error_ = true;
    reader_error_offset_ = parser->problem_offset;
  } else {
    error.message = parser->problem != nullptr ? parser->problem : "syntax error";
    error.span = PointSpan(mapper_.FromMark(parser->problem_mark));
    if (parser->context != nullptr) {
      error.context = parser->context;
      error.context_span = PointSpan(mapper_.FromMark(parser->context_mark));
    }
  }
  fatal_error_ = result_.errors.size();
  result_.errors.push_back(std::move(error));
  failed_ = true;
}

bool Loader::HandleEvent(const yaml_event_t& event) {
  switch (event.type) {
    case YAML_SCALAR_EVENT:
      return AddScalar(event);
    case YAML_MAPPING_START_EVENT:
      return StartCollection(event, NodeKind::kMapping);
    case YAML_SEQUENCE_START_EVENT:
      return StartCollection(event, NodeKind::kSequence);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
      EndCollection(event);
      return true;
    case YAML_ALIAS_EVENT:
      return AddAlias(event);
    case YAML_DOCUMENT_START_EVENT:
      StartDocument(event);
      return true;
    case YAML_DOCUMENT_END_EVENT:
      return EndDocument(event);
    default:
      return true;
  }
}

void Loader::StartDocument(const yaml_event_t& event) {
  document_start_ = MakeSpan(event.start_mark, event.end_mark);
  document_nodes_begin_ = nodes_created_;
  document_alias_nodes_ = 0;
  if (!anchors_.empty()) anchors_.clear();
  root_anchored_ = false;
  in_document_ = true;
  records_.clear();
  text_.clear();
  arrays_.clear();
  definitions_.clear();
}

bool Loader::EndDocument(const yaml_event_t& event) {
  in_document_ = false;
  Document doc;
  if (records_.empty()) {
    doc.root = Node::Null(document_start_);
  } else if (!Build(0, doc.root)) {
    return false;
  }
  doc.span.file = &file_;
  doc.span.begin = document_start_.begin;
  doc.span.end = mapper_.FromMark(event.end_mark);
  const Node& r = doc.root;
  doc.empty = r.kind == NodeKind::kScalar && r.style == ScalarStyle::kPlain && r.tag().empty() &&
              r.value.empty() && !root_anchored_;
  result_.documents.push_back(std::move(doc));
  if (!anchors_.empty()) anchors_.clear();
  return true;
}

bool Loader::AddScalar(const yaml_event_t& event) {
  const auto& s = event.data.scalar;
  if (!NewRecord()) return false;
  Record& r = records_.back();
  switch (s.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      r.style = ScalarStyle::kSingleQuoted;
      break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      r.style = ScalarStyle::kDoubleQuoted;
      break;
    case YAML_LITERAL_SCALAR_STYLE:
      r.style = ScalarStyle::kLiteral;
      break;
    case YAML_FOLDED_SCALAR_STYLE:
      r.style = ScalarStyle::kFolded;
      break;
    default:
      r.style = ScalarStyle::kPlain;
      break;
  }
  r.begin = mapper_.FromMark(event.start_mark);
  r.end = mapper_.FromMark(event.end_mark);
  r.text_begin = static_cast<uint32_t>(text_.size());
  if (!AppendText(std::string_view(reinterpret_cast<const char*>(s.value), s.length))) {
    return false;
  }
  r.value_size = static_cast<uint32_t>(text_.size() - r.text_begin);
  if (s.tag != nullptr) {
    if (!AppendText(reinterpret_cast<const char*>(s.tag))) return false;
    r.tag_size = static_cast<uint32_t>(text_.size() - r.text_begin - r.value_size);
  }
  ++nodes_created_;
  if (s.anchor != nullptr) {
    if (frames_.empty()) root_anchored_ = true;
    uint32_t definition = NewDefinition();
    records_.back().anchor = definition;
    anchors_[reinterpret_cast<const char*>(s.anchor)] = Anchor{true, 1, 0, definition};
  }
  ChildAdded(0);
  return true;
}

bool Loader::StartCollection(const yaml_event_t& event, NodeKind kind) {
  if (frames_.size() + 1 > options_.max_depth) {
    Fail(LoadErrorKind::kLimit,
         "nesting is deeper than the limit of " + std::to_string(options_.max_depth) + " levels",
         MakeSpan(event.start_mark, event.end_mark));
    return false;
  }
  if (!NewRecord()) return false;
  uint32_t index = static_cast<uint32_t>(records_.size() - 1);
  Record& r = records_.back();
  const yaml_char_t* tag;
  const yaml_char_t* anchor;
  if (kind == NodeKind::kMapping) {
    r.kind = RecordKind::kMapping;
    r.flow = event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    tag = event.data.mapping_start.tag;
    anchor = event.data.mapping_start.anchor;
  } else {
    r.kind = RecordKind::kSequence;
    r.flow = event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    tag = event.data.sequence_start.tag;
    anchor = event.data.sequence_start.anchor;
  }
  r.begin = mapper_.FromMark(event.start_mark);
  r.end = mapper_.FromMark(event.end_mark);
  r.text_begin = static_cast<uint32_t>(text_.size());
  if (tag != nullptr) {
    if (!AppendText(reinterpret_cast<const char*>(tag))) return false;
    records_.back().tag_size = static_cast<uint32_t>(text_.size() - records_.back().text_begin);
  }
  ChildAdded(0);  // its height is added when it ends
  Frame& frame = frames_.emplace_back();
  frame.record = index;
  frame.nodes_begin = nodes_created_;
  ++nodes_created_;
  if (anchor != nullptr) {
    frame.anchor.assign(reinterpret_cast<const char*>(anchor));
    anchors_[frame.anchor] = Anchor();
  }
  return true;
}

void Loader::EndCollection(const yaml_event_t& event) {
  Frame& frame = frames_.back();
  Record& r = records_[frame.record];
  r.end = mapper_.FromMark(event.end_mark);
  r.closed = true;
  r.next = static_cast<uint32_t>(records_.size());
  // The memory for the children is usually not in the cache (the allocator hands out what
  // older trees used): allocate it now and ask for it, to be filled when the document ends;
  // and for what comes next, the next collection's children or a long scalar's text.
  constexpr size_t kPrefetchAhead = 512;
  r.array = static_cast<uint32_t>(arrays_.size());
  std::vector<Node>& children = arrays_.emplace_back();
  r.children = frame.children;
  children.reserve(r.children);
  PrefetchForWrite(children.data(), children.capacity() * sizeof(Node), kPrefetchAhead);
  uint32_t height = frame.max_child_height + 1;
  if (!frame.anchor.empty()) {
    r.anchor = NewDefinition();
    anchors_[frame.anchor] = Anchor{true, nodes_created_ - frame.nodes_begin, height, r.anchor};
    if (frames_.size() == 1) root_anchored_ = true;
  }
  frames_.pop_back();
  if (!frames_.empty()) {
    Frame& parent = frames_.back();
    parent.max_child_height = std::max(parent.max_child_height, height);
  }
}

bool Loader::AddAlias(const yaml_event_t& event) {
  const char* name = reinterpret_cast<const char*>(event.data.alias.anchor);
  Span span = MakeSpan(event.start_mark, event.end_mark);
  auto it = anchors_.find(name);
  if (it == anchors_.end()) {
    Fail(LoadErrorKind::kUnknownAlias, "unknown anchor '" + std::string(name) + "' referenced",
         span);
    return false;
  }
  const Anchor& anchor = it->second;
  if (!anchor.complete) {
    Fail(LoadErrorKind::kUnknownAlias, "anchor '" + std::string(name) + "' value contains itself",
         span);
    return false;
  }
  alias_nodes_ += anchor.node_count;
  document_alias_nodes_ += anchor.node_count;
  if (alias_nodes_ > options_.max_alias_nodes) {
    Fail(LoadErrorKind::kLimit,
         "alias expansion exceeds " + std::to_string(options_.max_alias_nodes) +
             " nodes (billion laughs?)",
         span);
    return false;
  }
  size_t document_nodes = nodes_created_ - document_nodes_begin_ + anchor.node_count;
  if (ExcessiveAliasing(document_alias_nodes_, document_nodes)) {
    Fail(LoadErrorKind::kLimit,
         "alias expansion makes " + std::to_string(document_alias_nodes_) + " of " +
             std::to_string(document_nodes) + " nodes in this document (billion laughs?)",
         span);
    return false;
  }
  if (frames_.size() + anchor.height > options_.max_depth) {
    Fail(LoadErrorKind::kLimit,
         "nesting is deeper than the limit of " + std::to_string(options_.max_depth) +
             " levels (through alias '" + std::string(name) + "')",
         span);
    return false;
  }
  uint32_t definition = anchor.definition;
  uint32_t height = anchor.height;
  nodes_created_ += anchor.node_count;
  if (!NewRecord()) return false;
  Record& r = records_.back();
  r.kind = RecordKind::kAlias;
  r.begin = span.begin;
  r.end = span.end;
  r.anchor = definition;
  ChildAdded(height);
  return true;
}

void Loader::OpenForBuild(uint32_t index, Node& node) {
  const Record& r = records_[index];
  node.kind = r.kind == RecordKind::kMapping ? NodeKind::kMapping : NodeKind::kSequence;
  node.flow = r.flow;
  if (r.tag_size != 0) node.set_tag(TagOf(r));
  node.span = SpanOf(r);
  node.children = std::move(arrays_[r.array]);
  BuildFrame& frame = building_.emplace_back();
  frame.node = &node;
  frame.record = index;
  frame.next_child = index + 1;
}

bool Loader::Build(uint32_t index, Node& out) {
  const Record& first = records_[index];
  if (first.kind == RecordKind::kScalar) {
    out = Node(ValueOf(first), SpanOf(first), first.style);
    if (first.tag_size != 0) out.set_tag(TagOf(first));
    if (first.anchor != kNoIndex) definitions_[first.anchor] = out;
    return true;
  }
  if (first.kind == RecordKind::kAlias) {
    out = definitions_[first.anchor];
    return true;
  }
  building_.clear();
  OpenForBuild(index, out);
  while (!building_.empty()) {
    BuildFrame& top = building_.back();
    const Record& parent = records_[top.record];
    Node& node = *top.node;
    if (top.next_child == parent.next) {
      // All its children are in place (`children` was allocated for exactly this many, so
      // the nodes of the frames below never moved).
      if (node.kind == NodeKind::kMapping) {
        CheckDuplicates(node);
        if (top.has_merge && !ResolveMerges(node)) return false;
      }
      if (parent.anchor != kNoIndex) definitions_[parent.anchor] = node;
      building_.pop_back();
      continue;
    }
    uint32_t child_index = top.next_child;
    const Record& child = records_[child_index];
    std::vector<Node>& children = node.children;
    switch (child.kind) {
      case RecordKind::kScalar: {
        Node& n = children.emplace_back(ValueOf(child), SpanOf(child), child.style);
        if (child.tag_size != 0) n.set_tag(TagOf(child));
        if (child.anchor != kNoIndex) definitions_[child.anchor] = n;
        top.next_child = child_index + 1;
        break;
      }
      case RecordKind::kAlias:
        children.push_back(definitions_[child.anchor]);
        top.next_child = child_index + 1;
        break;
      case RecordKind::kMapping:
      case RecordKind::kSequence:
        top.next_child = child.next;
        OpenForBuild(child_index, children.emplace_back());  // `top` is invalid after this
        continue;
    }
    if (node.kind == NodeKind::kMapping && !top.has_merge && children.size() % 2 == 1 &&
        IsMergeKey(children.back())) {
      top.has_merge = true;
    }
  }
  return true;
}

bool Loader::BuildEndedCollections() {
  // The open collections are the root and, each time, the last child of the one before:
  // walk their children, building the ended ones and skipping over them.
  uint32_t i = 0;
  while (i < records_.size()) {
    const Record& r = records_[i];
    if (IsCollection(r.kind) && !r.closed) {
      ++i;  // open: its children follow
    } else if (IsCollection(r.kind)) {
      Node dropped;
      if (!Build(i, dropped)) return false;
      i = r.next;
    } else {
      // A scalar child of an open collection: only its anchor matters (to later aliases).
      if (r.kind == RecordKind::kScalar && r.anchor != kNoIndex) {
        Node scalar;
        if (!Build(i, scalar)) return false;
      }
      ++i;
    }
  }
  return true;
}

void Loader::CheckDuplicates(Node& mapping) {
  std::vector<Node>& c = mapping.children;
  size_t entries = c.size() / 2;
  if (entries < 2) return;
  if (entries <= kHashedKeyThreshold && !HasEqualScalarKeys(c)) return;
  KeyIndex index(c);
  std::vector<bool> drop;
  for (size_t i = 0; i < entries; ++i) {
    const Node& key = c[2 * i];
    if (IsMergeKey(key)) continue;
    ptrdiff_t first = index.FindOrAdd(2 * i);
    if (first < 0) continue;
    LoadError error;
    error.kind = LoadErrorKind::kDuplicateKey;
    error.message = "duplicate key '" + key.value + "'";
    error.span = key.span;
    error.related = c[static_cast<size_t>(first)].span;
    result_.errors.push_back(std::move(error));
    if (drop.empty()) drop.resize(entries, false);
    drop[i] = true;
  }
  if (drop.empty()) return;
  size_t out = 0;
  for (size_t i = 0; i < entries; ++i) {
    if (drop[i]) continue;
    if (out != i) {
      c[2 * out] = std::move(c[2 * i]);
      c[2 * out + 1] = std::move(c[2 * i + 1]);
    }
    ++out;
  }
  c.resize(2 * out);
}

bool Loader::ResolveMerges(Node& mapping) {
  std::vector<Node> old = std::move(mapping.children);
  size_t capacity = 0;
  for (size_t i = 0; i + 1 < old.size(); i += 2) {
    if (!IsMergeKey(old[i])) {
      capacity += 2;
      continue;
    }
    Node& value = old[i + 1];
    if (value.kind == NodeKind::kMapping) {
      capacity += value.children.size();
    } else if (value.kind == NodeKind::kSequence) {
      for (const Node& item : value.children) {
        if (item.kind != NodeKind::kMapping) {
          Fail(LoadErrorKind::kSyntax, "map merge requires map or sequence of maps as the value",
               item.span);
          return false;
        }
        capacity += item.children.size();
      }
    } else {
      Fail(LoadErrorKind::kSyntax, "map merge requires map or sequence of maps as the value",
           value.span);
      return false;
    }
  }
  // Reserved up front: KeyIndex keeps string_views into these nodes.
  std::vector<Node>& out = mapping.children;
  out.clear();
  out.reserve(capacity);
  for (size_t i = 0; i + 1 < old.size(); i += 2) {
    if (IsMergeKey(old[i])) continue;
    out.push_back(std::move(old[i]));
    out.push_back(std::move(old[i + 1]));
  }
  KeyIndex index(out);
  for (size_t i = 0; i < out.size(); i += 2) index.FindOrAdd(i);
  auto merge_one = [&](Node& source) {
    for (size_t j = 0; j + 1 < source.children.size(); j += 2) {
      out.push_back(std::move(source.children[j]));
      out.push_back(std::move(source.children[j + 1]));
      if (index.FindOrAdd(out.size() - 2) >= 0) {
        out.pop_back();
        out.pop_back();
      }
    }
  };
  for (size_t i = 0; i + 1 < old.size(); i += 2) {
    if (!IsMergeKey(old[i])) continue;
    Node& value = old[i + 1];
    if (value.kind == NodeKind::kMapping) {
      merge_one(value);
    } else {
      for (Node& item : value.children) merge_one(item);
    }
  }
  return true;
}

}  // namespace

LoadedFile Load(const SourceFile& file, const LoadOptions& options) {
  Loader loader(file, options, file.text.size());
  LoadedFile result = loader.Run();
  if (!loader.reader_error() || loader.reader_error_offset() == 0) return result;
  // libyaml decodes input ahead of the parser, so bad UTF-8 or a control character can stop
  // it before the documents in front of the bad byte were delivered. Parse the text up to the
  // last ASCII byte before it again, and keep what lies wholly before that cut: documents
  // that ended there and the problems (duplicate keys, syntax) found there. Problems at the
  // cut itself come from the truncation and are dropped; the reader error is reported.
  const std::string& text = file.text;
  size_t cut = std::min(loader.reader_error_offset(), text.size());
  while (cut > 0 && (static_cast<unsigned char>(text[cut - 1]) & 0x80) != 0) --cut;
  Loader prefix(file, options, cut);
  LoadedFile before = prefix.Run();
  auto is_reader_error = [&loader](const LoadError& e) {
    return e.kind == LoadErrorKind::kSyntax && e.context.empty() &&
           e.span.begin.offset == std::min<size_t>(loader.reader_error_offset(), UINT32_MAX);
  };
  auto found = std::find_if(result.errors.begin(), result.errors.end(), is_reader_error);
  if (found == result.errors.end()) return result;
  LoadError reader_error = std::move(*found);
  result.documents.clear();
  result.errors.clear();
  for (Document& doc : before.documents) {
    if (doc.span.end.offset < cut) result.documents.push_back(std::move(doc));
  }
  for (LoadError& error : before.errors) {
    if (error.span.begin.offset < cut) result.errors.push_back(std::move(error));
  }
  // If the prefix stopped on a real problem before the cut, that is the first error; the
  // reader error still follows it.
  result.errors.push_back(std::move(reader_error));
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const LoadError& a, const LoadError& b) {
                     return a.span.begin.offset < b.span.begin.offset;
                   });
  return result;
}

}  // namespace fluxlint::yaml
