#include "flux/envsubst.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>

namespace fluxlint::flux {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 and character classes (what Go's utf8/unicode packages give the engine).

constexpr char32_t kRuneError = 0xFFFD;
/// The engine's scanner reads both the end of input and a NUL byte as rune 0.
constexpr char32_t kEof = 0;

struct Rune {
  char32_t r;
  size_t width;
};

bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

/// Decodes one rune at `pos` like Go's utf8.DecodeRuneInString: an invalid or truncated
/// sequence is (U+FFFD, 1). `pos` must be < s.size().
Rune DecodeRune(std::string_view s, size_t pos) {
  const auto at = [&](size_t i) -> unsigned char {
    return pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) : 0;
  };
  const unsigned char b0 = at(0);
  if (b0 < 0x80) return {b0, 1};
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (IsCont(at(1))) return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (at(1) & 0x3F)), 2};
    return {kRuneError, 1};
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    if (at(1) >= lo && at(1) <= hi && IsCont(at(2))) {
      return {static_cast<char32_t>(((b0 & 0x0F) << 12) | ((at(1) & 0x3F) << 6) | (at(2) & 0x3F)),
              3};
    }
    return {kRuneError, 1};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (at(1) >= lo && at(1) <= hi && IsCont(at(2)) && IsCont(at(3))) {
      return {static_cast<char32_t>(((b0 & 0x07) << 18) | ((at(1) & 0x3F) << 12) |
                                    ((at(2) & 0x3F) << 6) | (at(3) & 0x3F)),
              4};
    }
  }
  return {kRuneError, 1};
}

void AppendRune(std::string& out, char32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

std::vector<char32_t> ToRunes(std::string_view s) {
  std::vector<char32_t> runes;
  runes.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const Rune r = DecodeRune(s, i);
    runes.push_back(r.r);
    i += r.width;
  }
  return runes;
}

struct Range {
  char32_t lo;
  char32_t hi;
};

bool InRanges(char32_t r, const Range* ranges, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (r >= ranges[i].lo && r <= ranges[i].hi) return true;
  }
  return false;
}

// Letters of the common scripts (a subset of Unicode category L; see the header).
constexpr Range kLetters[] = {
    {0x41, 0x5A},     {0x61, 0x7A},     {0xAA, 0xAA},     {0xB5, 0xB5},     {0xBA, 0xBA},
    {0xC0, 0xD6},     {0xD8, 0xF6},     {0xF8, 0x2C1},    {0x370, 0x373},   {0x376, 0x377},
    {0x37B, 0x37D},   {0x37F, 0x37F},   {0x386, 0x386},   {0x388, 0x38A},   {0x38C, 0x38C},
    {0x38E, 0x3A1},   {0x3A3, 0x3F5},   {0x3F7, 0x481},   {0x48A, 0x52F},   {0x531, 0x556},
    {0x560, 0x588},   {0x5D0, 0x5EA},   {0x5EF, 0x5F2},   {0x620, 0x64A},   {0x671, 0x6D3},
    {0x904, 0x939},   {0x1E00, 0x1F15}, {0x3041, 0x3096}, {0x30A1, 0x30FA}, {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A},
};
// Decimal digits (a subset of Unicode category Nd).
constexpr Range kDigits[] = {
    {0x30, 0x39}, {0x660, 0x669}, {0x6F0, 0x6F9}, {0x966, 0x96F}, {0xFF10, 0xFF19},
};

bool IsLetterRune(char32_t r) { return InRanges(r, kLetters, std::size(kLetters)); }
bool IsDigitRune(char32_t r) { return InRanges(r, kDigits, std::size(kDigits)); }

/// Simple case mapping for the scripts named in the header. `upper` selects the direction.
char32_t MapCase(char32_t r, bool upper) {
  // Pairs where the upper and lower case letters sit at a fixed distance.
  struct Shift {
    char32_t lower_lo, lower_hi;
    int32_t delta;  // upper = lower + delta
  };
  static constexpr Shift kShifts[] = {
      {0x61, 0x7A, -32},   {0xE0, 0xF6, -32},   {0xF8, 0xFE, -32},
      {0x3B1, 0x3C1, -32}, {0x3C3, 0x3CB, -32}, {0x3AD, 0x3AF, -37},
      {0x3CD, 0x3CE, -63}, {0x430, 0x44F, -32}, {0x450, 0x45F, -80},
  };
  // Single pairs (lower, upper).
  static constexpr std::pair<char32_t, char32_t> kSingles[] = {
      {0xFF, 0x178}, {0x3AC, 0x386}, {0x3CC, 0x38C}, {0x3C2, 0x3A3}, {0x4CF, 0x4C0},
  };
  if (r < 0x80 && upper && !(r >= 'a' && r <= 'z')) return r;
  if (r < 0x80 && !upper && !(r >= 'A' && r <= 'Z')) return r;
  for (const Shift& s : kShifts) {
    if (upper && r >= s.lower_lo && r <= s.lower_hi) return static_cast<char32_t>(r + s.delta);
    if (!upper && r >= s.lower_lo + s.delta && r <= s.lower_hi + s.delta) {
      return static_cast<char32_t>(r - s.delta);
    }
  }
  for (const auto& [lower, up] : kSingles) {
    if (upper && r == lower) return up;
    if (!upper && r == up) return lower;
  }
  // One-way mappings.
  if (upper) {
    if (r == 0xB5) return 0x39C;  // micro sign -> capital mu
    if (r == 0x131) return 0x49;  // dotless i -> I
    if (r == 0x17F) return 0x53;  // long s -> S
  } else if (r == 0x130) {
    return 0x69;  // capital I with dot -> i
  }
  // Alternating pairs: an even code point is the upper case in [lo, hi] when `even_upper`.
  struct Alternating {
    char32_t lo, hi;
    bool even_upper;
  };
  static constexpr Alternating kAlternating[] = {
      {0x100, 0x12F, true}, {0x132, 0x137, true},  {0x139, 0x148, false},
      {0x14A, 0x177, true}, {0x179, 0x17E, false}, {0x460, 0x481, true},
      {0x48A, 0x4BF, true}, {0x4C1, 0x4CE, false}, {0x4D0, 0x52F, true},
  };
  for (const Alternating& a : kAlternating) {
    if (r < a.lo || r > a.hi) continue;
    const bool is_upper = ((r % 2) == 0) == a.even_upper;
    if (upper && !is_upper) return r - 1;
    if (!upper && is_upper) return r + 1;
    return r;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Scanner: the engine's rune scanner, including its read/unread/peek bookkeeping (which the
// grammar's quirks depend on). Positions are byte offsets in the original text; an escape
// drops its first character from the token text instead of editing the buffer.

enum class Token { kIllegal, kEof, kIdent, kLbrack, kRbrack };

constexpr uint8_t kModeIdent = 1;
constexpr uint8_t kModeLbrack = 2;
constexpr uint8_t kModeRbrack = 4;
constexpr uint8_t kModeEscape = 8;

constexpr uint8_t kEscapeDollar = 1;
constexpr uint8_t kEscapeBackslash = 2;

/// Whether the rune `r`, the token's i-th byte so far (1-based, after escapes), is accepted.
using Accept = bool (*)(char32_t r, size_t i);

bool AcceptAny(char32_t, size_t) { return true; }
bool AcceptIdent(char32_t r, size_t) { return IsLetterRune(r) || IsDigitRune(r) || r == '_'; }
bool AcceptColon(char32_t r, size_t) { return r == ':'; }
bool AcceptOneHash(char32_t r, size_t i) { return r == '#' && i == 1; }
bool AcceptNotClosing(char32_t r, size_t) { return r != '}'; }
bool AcceptHashOp(char32_t r, size_t i) { return r == '#' && i < 3; }
bool AcceptPercentOp(char32_t r, size_t i) { return r == '%' && i < 3; }
bool AcceptDefaultOp(char32_t r, size_t i) {
  return (i == 1 && r == ':') || (i == 2 && (r == '=' || r == '-' || r == '?' || r == '+'));
}
bool AcceptReplaceOp(char32_t r, size_t i) {
  return (i == 1 && r == '/') || (i == 2 && (r == '/' || r == '#' || r == '%'));
}
bool AcceptOneEqual(char32_t r, size_t i) { return i == 1 && r == '='; }
bool AcceptOneColon(char32_t r, size_t i) { return i == 1 && r == ':'; }
bool RejectColonClose(char32_t r, size_t) { return r != ':' && r != '}'; }
bool AcceptSlash(char32_t r, size_t) { return r == '/'; }
bool AcceptNotSlash(char32_t r, size_t) { return r != '/'; }
bool AcceptCasingOp(char32_t r, size_t i) { return (r == ',' || r == '^') && i < 3; }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  void Configure(Accept accept, uint8_t mode) {
    accept_ = accept;
    mode_ = mode;
  }
  void SetMode(uint8_t mode) { mode_ = mode; }
  void SetEscapes(uint8_t escapes) { escapes_ = escapes; }

  size_t pos() const { return pos_; }
  size_t start() const { return start_; }

  char32_t Read() {
    if (pos_ >= text_.size()) {
      width_ = 0;
      return kEof;
    }
    const Rune r = DecodeRune(text_, pos_);
    width_ = r.width;
    pos_ += r.width;
    return r.r;
  }
  /// Steps back by the width of the last rune read (not necessarily the one before pos).
  void Unread() { pos_ = pos_ >= width_ ? pos_ - width_ : 0; }
  char32_t Peek() {
    const char32_t r = Read();
    Unread();
    return r;
  }

  Token Scan() {
    start_ = pos_;
    skips_.clear();
    const char32_t r = Read();
    if (r == kEof) return Token::kEof;
    if (ScanLbrack(r)) return Token::kLbrack;
    if (ScanRbrack(r)) return Token::kRbrack;
    if (ScanIdent(r)) return Token::kIdent;
    return Token::kIllegal;
  }

  /// The text of the last token, without the escape characters that were dropped.
  std::string TokenText() const {
    std::string out;
    size_t from = start_;
    for (size_t skip : skips_) {
      out.append(text_.substr(from, skip - from));
      from = skip + 1;
    }
    if (pos_ > from) out.append(text_.substr(from, pos_ - from));
    return out;
  }

 private:
  size_t TokenIndex() const { return pos_ - start_ - skips_.size(); }

  bool ScanLbrack(char32_t r) {
    if ((mode_ & kModeLbrack) == 0 || r != '$') return false;
    if (Read() == '{') return true;
    Unread();
    return false;
  }
  bool ScanRbrack(char32_t r) const { return (mode_ & kModeRbrack) != 0 && r == '}'; }

  bool ScanEscaped(char32_t r) {
    if ((mode_ & kModeEscape) == 0) return false;
    if (r == '$' && (escapes_ & kEscapeDollar) != 0 && Peek() == '$') return true;
    if (r == '\\' && (escapes_ & kEscapeBackslash) != 0) {
      const char32_t next = Peek();
      return next == '/' || next == '\\';
    }
    return false;
  }
  /// Drops the escape character just read and steps over the (ASCII) character it escapes.
  void Skip() {
    skips_.push_back(pos_ - 1);
    pos_ += 1;
  }

  bool ScanIdent(char32_t r) {
    if ((mode_ & kModeIdent) == 0) return false;
    if (ScanEscaped(r)) {
      Skip();
    } else if (!accept_(r, TokenIndex())) {
      return false;
    }
    for (;;) {
      const char32_t c = Read();
      if (c == kEof) {
        Unread();
        break;
      }
      if (ScanLbrack(c)) {
        Unread();
        Unread();
        break;
      }
      if (ScanEscaped(c)) {
        Skip();
        continue;
      }
      if (!accept_(c, TokenIndex())) {
        Unread();
        break;
      }
    }
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t start_ = 0;
  size_t width_ = 0;
  uint8_t mode_ = 0;
  uint8_t escapes_ = 0;
  Accept accept_ = AcceptAny;
  std::vector<size_t> skips_;  // offsets of dropped escape characters in the current token
};

// ---------------------------------------------------------------------------------------------
// Syntax tree.

struct AstNode {
  bool is_func = false;
  std::string text;   // text nodes
  std::string param;  // function nodes: the variable
  std::string op;
  std::vector<int> args;
  size_t begin = 0;
  size_t end = 0;
};

struct Ast {
  std::vector<AstNode> nodes;
  std::vector<int> top;
};

constexpr char kBadSubstitution[] = "bad substitution";
constexpr char kMissingClosingBrace[] = "missing closing brace";
constexpr char kParseVariableName[] = "unable to parse variable name";
constexpr char kParseFuncSubstitution[] = "unable to parse substitution within function";
constexpr char kParseDefaultFunction[] = "unable to parse default function";

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), sc_(text) {}

  /// Fills `ast`; false with `error()` set on the first error.
  bool Parse(Ast* ast) {
    ast_ = ast;
    for (;;) {
      sc_.Configure(AcceptAny, kModeIdent | kModeLbrack | kModeEscape);
      sc_.SetEscapes(kEscapeDollar);
      switch (sc_.Scan()) {
        case Token::kIdent:
          ast_->top.push_back(AddText(sc_.TokenText()));
          break;
        case Token::kEof:
          return true;
        case Token::kLbrack: {
          const int f = ParseFunc(sc_.start(), 1);
          if (f < 0) return false;
          ast_->top.push_back(f);
          break;
        }
        default:
          open_.push_back(sc_.start());
          return Fail(kBadSubstitution) >= 0;
      }
    }
  }

  const SubstError& error() const { return error_; }

 private:
  int AddText(std::string text) {
    AstNode n;
    n.text = std::move(text);
    ast_->nodes.push_back(std::move(n));
    return static_cast<int>(ast_->nodes.size()) - 1;
  }

  /// Records a syntax error for the innermost open expression; returns -1.
  int Fail(const char* message, SubstError::Kind kind = SubstError::kSyntax) {
    error_.kind = kind;
    error_.message = message;
    error_.offset = open_.empty() ? 0 : open_.back();
    const size_t end = std::min(std::max(sc_.pos(), error_.offset + 1), text_.size());
    error_.length = end > error_.offset ? end - error_.offset : 0;
    return -1;
  }

  /// Closes the expression opened at `begin` as a function node.
  int Finish(std::string param, std::string op, std::vector<int> args) {
    AstNode n;
    n.is_func = true;
    n.param = std::move(param);
    n.op = std::move(op);
    n.args = std::move(args);
    n.begin = open_.back();
    n.end = sc_.pos();
    open_.pop_back();
    ast_->nodes.push_back(std::move(n));
    return static_cast<int>(ast_->nodes.size()) - 1;
  }

  bool ConsumeRbrack() {
    sc_.SetMode(kModeRbrack);
    return sc_.Scan() == Token::kRbrack;
  }

  /// After `${` (which starts at `begin`).
  int ParseFunc(size_t begin, size_t depth) {
    open_.push_back(begin);
    if (depth > kMaxNesting) {
      static const std::string kMessage =
          "substitution nested more than " + std::to_string(kMaxNesting) + " levels deep";
      return Fail(kMessage.c_str(), SubstError::kLimit);
    }
    sc_.SetEscapes(kEscapeDollar | kEscapeBackslash);
    if (sc_.Peek() == '#') return ParseLength();

    sc_.Configure(AcceptIdent, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kParseVariableName);
    std::string name = sc_.TokenText();

    switch (sc_.Peek()) {
      case ':':
        return ParseDefaultOrSubstring(std::move(name), depth);
      case '=':
        return ParseDefault(std::move(name), depth);
      case ',':
      case '^':
        return ParseCasing(std::move(name));
      case '/':
        return ParseReplace(std::move(name), depth);
      case '#':
        return ParseStrip(std::move(name), AcceptHashOp, depth);
      case '%':
        return ParseStrip(std::move(name), AcceptPercentOp, depth);
      default:
        break;
    }
    sc_.Configure(AcceptIdent, kModeRbrack);
    if (sc_.Scan() != Token::kRbrack) return Fail(kMissingClosingBrace);
    return Finish(std::move(name), "", {});
  }

  /// One argument: a nested `${…}` or a run of text the `accept` function takes.
  int ParseParam(Accept accept, uint8_t mode, size_t depth) {
    sc_.Configure(accept, mode | kModeLbrack);
    switch (sc_.Scan()) {
      case Token::kLbrack:
        return ParseFunc(sc_.start(), depth + 1);
      case Token::kIdent:
      case Token::kRbrack:
        return AddText(sc_.TokenText());
      default:
        return Fail(kParseFuncSubstitution);
    }
  }

  int ParseDefaultOrSubstring(std::string name, size_t depth) {
    // Look two runes ahead the way the engine does: the final step back uses the width of the
    // peeked rune, so a multi-byte rune after ':' leaves the scanner before the ':'.
    sc_.Read();
    const char32_t next = sc_.Peek();
    sc_.Unread();
    if (next == '=' || next == '-' || next == '?' || next == '+') {
      return ParseDefault(std::move(name), depth);
    }
    return ParseSubstring(std::move(name), depth);
  }

  int ParseSubstring(std::string name, size_t depth) {
    sc_.Configure(AcceptOneColon, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    std::string op = sc_.TokenText();
    std::vector<int> args;
    const int offset = ParseParam(RejectColonClose, kModeIdent, depth);
    if (offset < 0) return -1;
    args.push_back(offset);

    sc_.Configure(AcceptColon, kModeIdent | kModeRbrack);
    switch (sc_.Scan()) {
      case Token::kRbrack:
        return Finish(std::move(name), std::move(op), std::move(args));
      case Token::kIdent:
        break;
      default:
        return Fail(kBadSubstitution);
    }
    const int length = ParseParam(AcceptNotClosing, kModeIdent, depth);
    if (length < 0) return -1;
    args.push_back(length);
    if (!ConsumeRbrack()) return Fail(kBadSubstitution);
    return Finish(std::move(name), std::move(op), std::move(args));
  }

  int ParseStrip(std::string name, Accept accept, size_t depth) {
    sc_.Configure(accept, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    std::string op = sc_.TokenText();
    const int pattern = ParseParam(AcceptNotClosing, kModeIdent, depth);
    if (pattern < 0) return -1;
    if (!ConsumeRbrack()) return Fail(kBadSubstitution);
    return Finish(std::move(name), std::move(op), {pattern});
  }

  int ParseReplace(std::string name, size_t depth) {
    sc_.Configure(AcceptReplaceOp, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    std::string op = sc_.TokenText();
    std::vector<int> args;
    const int pattern = ParseParam(AcceptNotSlash, kModeIdent | kModeEscape, depth);
    if (pattern < 0) return -1;
    args.push_back(pattern);

    sc_.Configure(AcceptSlash, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    if (sc_.Peek() == '}') {
      if (!ConsumeRbrack()) return Fail(kBadSubstitution);
      return Finish(std::move(name), std::move(op), std::move(args));
    }
    const int replacement = ParseParam(AcceptNotClosing, kModeIdent | kModeEscape, depth);
    if (replacement < 0) return -1;
    args.push_back(replacement);
    if (!ConsumeRbrack()) return Fail(kBadSubstitution);
    return Finish(std::move(name), std::move(op), std::move(args));
  }

  int ParseDefault(std::string name, size_t depth) {
    sc_.Configure(sc_.Peek() == '=' ? AcceptOneEqual : AcceptDefaultOp, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kParseDefaultFunction);
    std::string op = sc_.TokenText();
    std::vector<int> args;
    // Each argument consumes at least one byte or fails, so this ends.
    while (sc_.Peek() != '}') {
      const int arg = ParseParam(AcceptNotClosing, kModeIdent, depth);
      if (arg < 0) return -1;
      args.push_back(arg);
    }
    if (!ConsumeRbrack()) return Fail(kBadSubstitution);
    return Finish(std::move(name), std::move(op), std::move(args));
  }

  int ParseCasing(std::string name) {
    sc_.Configure(AcceptCasingOp, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    std::string op = sc_.TokenText();
    if (!ConsumeRbrack()) return Fail(kBadSubstitution);
    return Finish(std::move(name), std::move(op), {});
  }

  int ParseLength() {
    sc_.Configure(AcceptOneHash, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    std::string op = sc_.TokenText();
    sc_.Configure(AcceptIdent, kModeIdent);
    if (sc_.Scan() != Token::kIdent) return Fail(kBadSubstitution);
    std::string name = sc_.TokenText();
    if (!ConsumeRbrack()) return Fail(kBadSubstitution);
    return Finish(std::move(name), std::move(op), {});
  }

  std::string_view text_;
  Scanner sc_;
  Ast* ast_ = nullptr;
  std::vector<size_t> open_;  // where each open `${` starts, innermost last
  SubstError error_;
};

// ---------------------------------------------------------------------------------------------
// Glob matching for the strip operators (drone/envsubst path.Match semantics, see header).

class Glob {
 public:
  /// Shared work counter; Exhausted() once more than kMaxMatchSteps steps were taken.
  explicit Glob(size_t* steps) : steps_(steps) {}

  bool Exhausted() const { return *steps_ > kMaxMatchSteps; }

  /// Whether `name` matches all of `pattern`; `bad` is set for a malformed pattern.
  bool Match(std::string_view pattern, std::string_view name, bool* bad) {
    *bad = false;
    while (!pattern.empty()) {
      if (Exhausted()) return false;
      bool star = false;
      std::string_view chunk;
      SplitChunk(&pattern, &star, &chunk);
      if (star && chunk.empty()) return true;  // a trailing star takes everything
      std::string_view rest;
      bool chunk_bad = false;
      if (MatchChunk(chunk, name, &rest, &chunk_bad) && (rest.empty() || !pattern.empty())) {
        name = rest;
        continue;
      }
      if (chunk_bad) {
        *bad = true;
        return false;
      }
      bool advanced = false;
      if (star) {
        for (size_t i = 0; i < name.size() && !Exhausted(); ++i) {
          std::string_view r;
          if (MatchChunk(chunk, name.substr(i + 1), &r, &chunk_bad)) {
            if (pattern.empty() && !r.empty()) continue;
            name = r;
            advanced = true;
            break;
          }
          if (chunk_bad) {
            *bad = true;
            return false;
          }
        }
      }
      if (!advanced) return false;
    }
    return name.empty();
  }

 private:
  /// Takes the leading stars and the following star-free chunk off `pattern`.
  static void SplitChunk(std::string_view* pattern, bool* star, std::string_view* chunk) {
    std::string_view p = *pattern;
    while (!p.empty() && p[0] == '*') {
      p.remove_prefix(1);
      *star = true;
    }
    bool in_range = false;
    size_t i = 0;
    for (; i < p.size(); ++i) {
      const char c = p[i];
      if (c == '\\') {
        if (i + 1 < p.size()) ++i;
      } else if (c == '[') {
        in_range = true;
      } else if (c == ']') {
        in_range = false;
      } else if (c == '*' && !in_range) {
        break;
      }
    }
    *chunk = p.substr(0, i);
    *pattern = p.substr(i);
  }

  /// A possibly escaped character of a class; false for a malformed class.
  static bool ClassChar(std::string_view* chunk, char32_t* out) {
    std::string_view c = *chunk;
    if (c.empty() || c[0] == '-' || c[0] == ']') return false;
    if (c[0] == '\\') {
      c.remove_prefix(1);
      if (c.empty()) return false;
    }
    const Rune r = DecodeRune(c, 0);
    c.remove_prefix(r.width);
    *chunk = c;
    *out = r.r;
    return !(r.r == kRuneError && r.width == 1) && !c.empty();
  }

  /// Whether `chunk` (no stars) matches a prefix of `s`; `rest` is what follows the match.
  bool MatchChunk(std::string_view chunk, std::string_view s, std::string_view* rest, bool* bad) {
    *bad = false;
    *steps_ += 1 + chunk.size();
    while (!chunk.empty()) {
      if (s.empty()) return false;
      switch (chunk[0]) {
        case '[': {
          const Rune r = DecodeRune(s, 0);
          s.remove_prefix(r.width);
          chunk.remove_prefix(1);
          bool negated = false;
          if (!chunk.empty() && chunk[0] == '^') {
            negated = true;
            chunk.remove_prefix(1);
          }
          bool match = false;
          size_t ranges = 0;
          for (;;) {
            if (!chunk.empty() && chunk[0] == ']' && ranges > 0) {
              chunk.remove_prefix(1);
              break;
            }
            char32_t lo = 0;
            if (!ClassChar(&chunk, &lo)) {
              *bad = true;
              return false;
            }
            char32_t hi = lo;
            if (chunk[0] == '-') {
              chunk.remove_prefix(1);
              if (!ClassChar(&chunk, &hi)) {
                *bad = true;
                return false;
              }
            }
            if (lo <= r.r && r.r <= hi) match = true;
            ++ranges;
          }
          if (match == negated) return false;
          break;
        }
        case '?':
          s.remove_prefix(DecodeRune(s, 0).width);
          chunk.remove_prefix(1);
          break;
        case '\\':
          chunk.remove_prefix(1);
          if (chunk.empty()) {
            *bad = true;
            return false;
          }
          [[fallthrough]];
        default:
          if (chunk[0] != s[0]) return false;
          s.remove_prefix(1);
          chunk.remove_prefix(1);
          break;
      }
    }
    *rest = s;
    return true;
  }

  size_t* steps_;
};

// ---------------------------------------------------------------------------------------------
// The operators (pkg envsubst funcs.go semantics, see header).

std::string MapRunes(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const Rune r = DecodeRune(s, i);
    AppendRune(out, MapCase(r.r, upper));
    i += r.width;
  }
  return out;
}

std::string MapCaseAll(std::string_view s, bool upper) {
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (!ascii) return MapRunes(s, upper);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(MapCase(static_cast<unsigned char>(c), upper));
  return out;
}

std::string MapCaseFirst(std::string_view s, bool upper) {
  if (s.empty()) return std::string();
  const Rune r = DecodeRune(s, 0);
  std::string out;
  AppendRune(out, MapCase(r.r, upper));
  out.append(s.substr(r.width));
  return out;
}

/// Go strconv.Atoi (base 10, optional sign, 64-bit range); nullopt when it fails.
std::optional<int64_t> Atoi(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (limit - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  if (negative)
    return v == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min()
                                    : -static_cast<int64_t>(v);
  return static_cast<int64_t>(v);
}

std::string Substring(std::string_view s, const std::vector<std::string>& args) {
  if (args.empty()) return std::string(s);
  const std::optional<int64_t> parsed_pos = Atoi(args[0]);
  if (!parsed_pos) return std::string(s);
  const int64_t len = static_cast<int64_t>(s.size());
  int64_t pos = *parsed_pos;
  if (pos < 0) pos = pos < -len ? 0 : len + pos;
  if (args.size() == 1) return pos < len ? std::string(s.substr(pos)) : std::string();
  const std::optional<int64_t> parsed_length = Atoi(args[1]);
  if (!parsed_length) return std::string(s);
  const int64_t length = *parsed_length;
  if (length < 0) {
    const int64_t end = length < -len ? -1 : len + length;
    if (end < pos) return std::string();
    return std::string(s.substr(pos, end - pos));
  }
  if (pos >= len) return std::string();
  if (length >= len - pos) return std::string(s.substr(pos));
  return std::string(s.substr(pos, length));
}

/// Go strings.Replace(s, old, repl, n) with n = 1 or n = -1 (`all`). An empty `old` matches
/// before every rune and at the end. Sets `too_big` instead of building a huge result.
std::string Replace(std::string_view s, std::string_view old, std::string_view repl, bool all,
                    bool* too_big) {
  if (old == repl) return std::string(s);
  size_t count = 0;
  if (old.empty()) {
    count = ToRunes(s).size() + 1;
  } else {
    for (size_t at = s.find(old); at != std::string_view::npos; at = s.find(old, at + old.size())) {
      ++count;
    }
  }
  if (count == 0) return std::string(s);
  if (!all) count = 1;
  if (repl.size() > old.size() &&
      (repl.size() - old.size()) > (kMaxValueBytes - std::min(s.size(), kMaxValueBytes)) / count) {
    *too_big = true;
    return std::string();
  }
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t j = start;
    if (old.empty()) {
      if (i > 0) j += DecodeRune(s, start).width;
    } else {
      j = s.find(old, start);
    }
    out.append(s.substr(start, j - start));
    out.append(repl);
    start = j + old.size();
  }
  out.append(s.substr(start));
  return out;
}

std::string Reverse(std::string_view s) {
  std::vector<char32_t> runes = ToRunes(s);
  std::string out;
  out.reserve(s.size());
  for (auto it = runes.rbegin(); it != runes.rend(); ++it) AppendRune(out, *it);
  return out;
}

/// Removes the shortest (or longest) non-empty prefix of `s` that `pattern` matches.
std::string TrimPrefix(std::string_view s, std::string_view pattern, bool longest, Glob& glob) {
  size_t match_len = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const std::string_view prefix = s.substr(0, s.size() - i);
    bool bad = false;
    const bool matched = glob.Match(pattern, prefix, &bad);
    if (bad || glob.Exhausted()) return std::string(s);
    if (matched) {
      match_len = prefix.size();
      if (longest) break;
    }
  }
  return std::string(s.substr(match_len));
}

std::string TrimSuffix(std::string_view s, std::string_view pattern, bool longest, Glob& glob) {
  return Reverse(TrimPrefix(Reverse(s), Reverse(pattern), longest, glob));
}

std::string FormatUndefined(std::string_view name) {
  // Go's %q; a name is letters, digits and '_' only, so it needs no escaping.
  std::string m = "variable not set (strict mode): \"";
  m.append(name);
  m += '"';
  return m;
}

class Evaluator {
 public:
  Evaluator(const Ast& ast, const VarLookup& lookup, bool strict)
      : ast_(ast), lookup_(lookup), strict_(strict), glob_(&steps_) {}

  bool Run(std::string* out) {
    for (int n : ast_.top) {
      std::string part;
      if (!Eval(n, &part)) return false;
      if (out->size() + part.size() > kMaxValueBytes) return TooBig(ast_.nodes[n]);
      out->append(part);
    }
    return true;
  }

  const SubstError& error() const { return error_; }

 private:
  bool TooBig(const AstNode& n) {
    error_.kind = SubstError::kLimit;
    error_.message =
        "substitution result larger than " + std::to_string(kMaxValueBytes >> 20) + " MiB";
    error_.offset = n.begin;
    error_.length = n.end - n.begin;
    return false;
  }

  bool Eval(int index, std::string* out) {
    const AstNode& n = ast_.nodes[index];
    if (!n.is_func) {
      *out = n.text;
      return true;
    }
    std::vector<std::string> args;
    args.reserve(n.args.size());
    for (int a : n.args) {
      std::string value;
      if (!Eval(a, &value)) return false;
      args.push_back(std::move(value));
    }
    const std::optional<std::string_view> found = lookup_ ? lookup_(n.param) : std::nullopt;
    if (!found && strict_ && !IsDefaultOp(n.op)) {
      error_.kind = SubstError::kUndefined;
      error_.message = FormatUndefined(n.param);
      error_.offset = n.begin;
      error_.length = n.end - n.begin;
      error_.variable = n.param;
      return false;
    }
    const std::string_view v = found.value_or(std::string_view());
    bool too_big = false;
    *out = Apply(n.op, v, args, &too_big);
    if (glob_.Exhausted()) {
      error_.kind = SubstError::kLimit;
      error_.message =
          "pattern matching needs more than " + std::to_string(kMaxMatchSteps) + " steps";
      error_.offset = n.begin;
      error_.length = n.end - n.begin;
      return false;
    }
    if (too_big || out->size() > kMaxValueBytes) return TooBig(n);
    return true;
  }

  std::string Apply(std::string_view op, std::string_view v, const std::vector<std::string>& args,
                    bool* too_big) {
    if (op == ",") return MapCaseFirst(v, false);
    if (op == ",,") return MapCaseAll(v, false);
    if (op == "^") return MapCaseFirst(v, true);
    if (op == "^^") return MapCaseAll(v, true);
    if (op == "#") {
      if (args.empty()) return std::to_string(v.size());
      return TrimPrefix(v, args[0], false, glob_);
    }
    if (op == "##") return args.empty() ? std::string(v) : TrimPrefix(v, args[0], true, glob_);
    if (op == "%") return args.empty() ? std::string(v) : TrimSuffix(v, args[0], false, glob_);
    if (op == "%%") return args.empty() ? std::string(v) : TrimSuffix(v, args[0], true, glob_);
    if (op == ":") return Substring(v, args);
    if (op == "/#") {
      if (args.size() != 2 || !v.starts_with(args[0])) return std::string(v);
      return Replace(v, args[0], args[1], false, too_big);
    }
    if (op == "/%") {
      if (args.size() != 2 || !v.ends_with(args[0])) return std::string(v);
      std::string out(v.substr(0, v.size() - args[0].size()));
      if (out.size() + args[1].size() > kMaxValueBytes) {
        *too_big = true;
        return std::string();
      }
      return out + args[1];
    }
    if (op == "/" || op == "//") {
      if (args.empty()) return std::string(v);
      return Replace(v, args[0], args.size() == 1 ? std::string_view() : args[1], op == "//",
                     too_big);
    }
    // Bare use, the default operators and anything else: the value, or the arguments joined
    // when the value is empty.
    if (!v.empty() || args.empty()) return std::string(v);
    std::string joined;
    for (const std::string& a : args) {
      if (joined.size() + a.size() > kMaxValueBytes) {
        *too_big = true;
        return std::string();
      }
      joined += a;
    }
    return joined;
  }

  const Ast& ast_;
  const VarLookup& lookup_;
  bool strict_;
  size_t steps_ = 0;
  Glob glob_;
  SubstError error_;
};

void CollectUses(const Ast& ast, int index, int parent, std::vector<VarUse>* uses) {
  const AstNode& n = ast.nodes[index];
  if (!n.is_func) return;
  VarUse use;
  use.offset = n.begin;
  use.length = n.end - n.begin;
  use.name = n.param;
  use.op = n.op;
  use.has_default = IsDefaultOp(n.op);
  use.parent = parent;
  uses->push_back(std::move(use));
  const int self = static_cast<int>(uses->size()) - 1;
  for (int a : n.args) CollectUses(ast, a, self, uses);
}

}  // namespace

ParseResult ParseUses(std::string_view text) {
  ParseResult result;
  Ast ast;
  Parser parser(text);
  if (!parser.Parse(&ast)) {
    result.error = parser.error();
    return result;
  }
  for (int n : ast.top) CollectUses(ast, n, -1, &result.uses);
  return result;
}

EvalResult Evaluate(std::string_view text, const VarLookup& lookup, bool strict) {
  EvalResult result;
  Ast ast;
  Parser parser(text);
  if (!parser.Parse(&ast)) {
    result.error = parser.error();
    return result;
  }
  Evaluator evaluator(ast, lookup, strict);
  if (!evaluator.Run(&result.value)) {
    result.value.clear();
    result.error = evaluator.error();
  }
  return result;
}

EvalResult Evaluate(std::string_view text, const std::map<std::string, std::string>& vars,
                    bool strict) {
  const VarLookup lookup = [&vars](std::string_view name) -> std::optional<std::string_view> {
    const auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return std::string_view(it->second);
  };
  return Evaluate(text, lookup, strict);
}

bool MayChange(std::string_view text) {
  return text.find_first_of(std::string_view("$\0", 2)) != std::string_view::npos;
}

bool IsDefaultOp(std::string_view op) {
  return op == "-" || op == "+" || op == "=" || op == "?" || op == ":-" || op == ":+" ||
         op == ":=" || op == ":?";
}

bool IsValidVarName(std::string_view name) {
  if (name.empty()) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!(name[0] == '_' || alpha(name[0]))) return false;
  for (char c : name.substr(1)) {
    if (!(c == '_' || alpha(c) || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::string InvalidVarNameMessage(std::string_view name) {
  std::string m = "'";
  m.append(name);
  m += "' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'";
  return m;
}

std::string NormalizeVarValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c != '\n') out += c;
  }
  return out;
}

}  // namespace fluxlint::flux
