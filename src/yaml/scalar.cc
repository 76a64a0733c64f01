// Scalar typing.
//
// ResolveScalar follows go-yaml v3's resolver (resolve.go), which kustomize/kyaml,
// sigs.k8s.io/yaml and Flux use:
//   - the first character picks a hint: sign, digit, one of "yYnNtTfFoO~", '.', or none;
//   - with a hint, a fixed table is looked up first: null (~ null Null NULL, and the empty
//     string), bool (true True TRUE false False FALSE), .nan/.inf in three spellings;
//   - '.' hint: Go strconv.ParseFloat;
//   - sign/digit hint: underscores are removed, then strconv.ParseInt(s, 0, 64) or
//     ParseUint (decimal, 0x, 0o, 0b and C-style octal 0755), then the float pattern
//     ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ (so "08" and "1e3" are floats;
//     a float that overflows float64 stays a string), then the "0b"/"0o" prefixes parsed with
//     an explicit base;
//   - YAML 1.1 spellings (yes, no, on, off, y, n) and sexagesimal numbers (1:30) are strings;
//   - timestamps (2001-12-14) are !!timestamp in go-yaml; ScalarType has no such kind and
//     Kubernetes tools treat them as text, so they resolve to kString here.
//
// NeedsQuotes is deliberately wider: it is true when any of the resolvers a Kubernetes YAML
// file commonly meets would not read the plain text back as that same string — go-yaml v2
// (kubectl's sigs.k8s.io/yaml emitter), go-yaml v3, the YAML 1.1 types as PyYAML and
// SnakeYAML implement them (bool yes/no/on/off/y/n, ints with 0b/0x/0 octal/underscores/
// sexagesimal, floats, timestamps, "<<" and "="), and the YAML 1.2 core schema — or when the
// text cannot be written as a plain scalar in block context (libyaml's emitter analysis:
// indicators, ": ", " #", leading/trailing space, line breaks, non-printable characters).
// The YAML 1.1 spec's float pattern also matches "1.2.3" and IP addresses; no real 1.1
// reader does that, so neither does NeedsQuotes.

#include "yaml/scalar.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace fluxlint::yaml {
namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  c = Lower(c);
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return 99;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

bool IsCoreNull(std::string_view s) { return OneOf(s, {"", "~", "null", "Null", "NULL"}); }
bool IsCoreBool(std::string_view s) {
  return OneOf(s, {"true", "True", "TRUE", "false", "False", "FALSE"});
}
bool IsYaml11OnlyBool(std::string_view s) {
  return OneOf(s, {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON",
                   "off", "Off", "OFF"});
}
bool IsSpecialFloat(std::string_view s) {
  return OneOf(s, {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                   "-.inf", "-.Inf", "-.INF"});
}

// --- Go strconv --------------------------------------------------------------------------

/// strconv.ParseUint(s, base, 64) (no underscores: go-yaml removes them first). base 0
/// means: "0x"/"0o"/"0b" prefix (needs a digit after it), a leading "0" (octal), else 10.
bool GoParseUint(std::string_view s, int base, uint64_t* out) {
  if (s.empty()) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && Lower(s[1]) == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && Lower(s[1]) == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && Lower(s[1]) == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  uint64_t n = 0;
  for (char c : s) {
    int d = DigitValue(c);
    if (d >= base) return false;
    if (n > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return false;
    n = n * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  *out = n;
  return true;
}

/// strconv.ParseInt(s, base, 64).
bool GoParseInt(std::string_view s, int base) {
  if (s.empty()) return false;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t n;
  if (!GoParseUint(s, base, &n)) return false;
  return negative ? n <= (uint64_t{1} << 63) : n < (uint64_t{1} << 63);
}

/// ParseInt || ParseUint, as go-yaml tries both.
bool GoParsesAsInteger(std::string_view s, int base) {
  uint64_t n;
  return GoParseInt(s, base) || GoParseUint(s, base, &n);
}

/// Whether a decimal float in Go syntax fits float64 (strconv.ParseFloat reports ErrRange
/// on overflow; underflow to zero is not an error).
bool DecimalFloatFits(std::string_view s) {
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    if (c != '_' && c != '+') clean.push_back(c);
  }
  double value;
  auto [ptr, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Out of range either way: find the decimal exponent of the leading digit to tell
    // overflow from underflow.
    long exponent = 0;
    size_t e = clean.find_first_of("eE");
    std::string_view mantissa(clean.data(), e == std::string::npos ? clean.size() : e);
    if (e != std::string::npos) {
      std::string_view ex(clean.data() + e + 1, clean.size() - e - 1);
      if (!ex.empty() && ex[0] == '-') {
        ex.remove_prefix(1);
        long v = 0;
        for (char c : ex) v = v > 100000 ? v : v * 10 + (c - '0');
        exponent = -v;
      } else {
        long v = 0;
        for (char c : ex) v = v > 100000 ? v : v * 10 + (c - '0');
        exponent = v;
      }
    }
    size_t dot = mantissa.find('.');
    size_t int_digits = dot == std::string::npos ? mantissa.size() : dot;
    size_t first = mantissa.find_first_of("123456789");
    long lead;
    if (first == std::string::npos) return true;  // zero
    if (first < int_digits) {
      lead = static_cast<long>(int_digits - first) - 1;
    } else {
      lead = -static_cast<long>(first - int_digits);
    }
    return lead + exponent < 0;  // underflow fits (as zero); overflow does not
  }
  return ec == std::errc() && ptr == clean.data() + clean.size();
}

/// Go's underscoreOK for a number without base prefix: underscores only between digits.
bool UnderscoresBetweenDigits(std::string_view s) {
  char saw = '^';
  for (char c : s) {
    if (IsDigit(c)) {
      saw = '0';
    } else if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
    } else {
      if (saw == '_') return false;
      saw = '!';
    }
  }
  return saw != '_';
}

/// strconv.ParseFloat for text starting with '.' (go-yaml's '.' hint): '.' digits, an optional
/// exponent, underscores between digits.
bool GoParseFloatDot(std::string_view s) {
  size_t i = 1;
  size_t digits = 0;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == '_')) {
    if (s[i] != '_') ++digits;
    ++i;
  }
  if (digits == 0) return false;
  if (i < s.size() && Lower(s[i]) == 'e') {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && (IsDigit(s[i]) || s[i] == '_')) {
      if (s[i] != '_') ++exp_digits;
      ++i;
    }
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  if (s.find('_') != std::string_view::npos && !UnderscoresBetweenDigits(s)) return false;
  return DecimalFloatFits(s);
}

// --- tiny pattern helpers ----------------------------------------------------------------

/// A cursor over the text for hand-written patterns.
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool Done() const { return i == s.size(); }
  bool Peek(char c) const { return i < s.size() && s[i] == c; }
  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++i;
    return true;
  }
  bool EatAny(std::string_view chars) {
    if (i < s.size() && chars.find(s[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  }
  template <typename Pred>
  size_t EatWhile(Pred pred) {
    size_t start = i;
    while (i < s.size() && pred(s[i])) ++i;
    return i - start;
  }
};

bool IsDigitOrUnderscore(char c) { return IsDigit(c) || c == '_'; }

/// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ — go-yaml's yamlStyleFloat, which
/// is also the YAML 1.2 core float pattern.
bool MatchesYamlStyleFloat(std::string_view s) {
  Cursor c{s};
  c.EatAny("+-");
  if (c.Eat('.')) {
    if (c.EatWhile(IsDigit) == 0) return false;
  } else {
    if (c.EatWhile(IsDigit) == 0) return false;
    if (c.Eat('.')) c.EatWhile(IsDigit);
  }
  if (c.EatAny("eE")) {
    c.EatAny("+-");
    if (c.EatWhile(IsDigit) == 0) return false;
  }
  return c.Done();
}

/// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+ followed by an optional fraction (\.[0-9_]*): YAML 1.1
/// sexagesimal ints and floats (go-yaml's isBase60Float, PyYAML).
bool MatchesSexagesimal(std::string_view s) {
  Cursor c{s};
  c.EatAny("+-");
  if (c.i >= s.size() || !IsDigit(s[c.i])) return false;
  c.EatWhile(IsDigitOrUnderscore);
  size_t groups = 0;
  while (c.Eat(':')) {
    size_t n = c.EatWhile(IsDigit);
    if (n == 0 || n > 2) return false;
    if (n == 2 && s[c.i - 2] > '5') return false;
    ++groups;
  }
  if (groups == 0) return false;
  if (c.Eat('.')) c.EatWhile(IsDigitOrUnderscore);
  return c.Done();
}

/// YAML 1.1 int (PyYAML/SnakeYAML): [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) |
/// [-+]?0x[0-9a-fA-F_]+ (sexagesimal is checked separately).
bool MatchesYaml11Int(std::string_view s) {
  Cursor c{s};
  c.EatAny("+-");
  std::string_view rest = s.substr(c.i);
  if (rest.empty()) return false;
  auto all = [](std::string_view t, auto pred) {
    for (char ch : t) {
      if (!pred(ch)) return false;
    }
    return !t.empty();
  };
  if (rest.size() > 2 && rest[0] == '0' && rest[1] == 'b') {
    return all(rest.substr(2), [](char ch) { return ch == '0' || ch == '1' || ch == '_'; });
  }
  if (rest.size() > 2 && rest[0] == '0' && rest[1] == 'x') {
    return all(rest.substr(2), [](char ch) { return IsHexDigit(ch) || ch == '_'; });
  }
  if (rest[0] == '0') {
    return rest.size() == 1 ||
           all(rest.substr(1), [](char ch) { return (ch >= '0' && ch <= '7') || ch == '_'; });
  }
  return rest[0] >= '1' && rest[0] <= '9' && all(rest, IsDigitOrUnderscore);
}

/// YAML 1.1 float (PyYAML): [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? |
/// \.[0-9_]+([eE][-+][0-9]+)? ; SnakeYAML also allows an unsigned exponent and no dot:
/// [-+]?(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)?. The union of both is matched.
bool MatchesYaml11Float(std::string_view s) {
  Cursor c{s};
  c.EatAny("+-");
  size_t int_part = c.EatWhile(IsDigitOrUnderscore);
  size_t frac_digits = 0;
  bool dot = c.Eat('.');
  if (dot) frac_digits = c.EatWhile(IsDigitOrUnderscore);
  if (int_part == 0 && frac_digits == 0) return false;
  if (int_part == 0 && s.substr(0, c.i).find_first_of("0123456789") == std::string_view::npos) {
    return false;
  }
  bool exponent = false;
  if (c.EatAny("eE")) {
    c.EatAny("+-");
    if (c.EatWhile(IsDigit) == 0) return false;
    exponent = true;
  }
  if (!c.Done()) return false;
  // Without a dot, only SnakeYAML's form with an exponent is a float (plain digits are ints).
  if (!dot && !exponent) return false;
  // Digits must appear somewhere in the mantissa.
  return s.substr(0, c.i).find_first_of("0123456789") != std::string_view::npos;
}

/// YAML 1.2 core int forms go-yaml does not cover when they overflow 64 bits.
bool MatchesCoreInt(std::string_view s) {
  Cursor c{s};
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    c.i = 2;
    bool hex = s[1] == 'x';
    size_t n =
        c.EatWhile([hex](char ch) { return hex ? IsHexDigit(ch) : (ch >= '0' && ch <= '7'); });
    return n > 0 && c.Done();
  }
  c.EatAny("+-");
  return c.EatWhile(IsDigit) > 0 && c.Done();
}

/// Timestamps as YAML 1.1 defines them, widened to what go-yaml's time layouts accept
/// (one-digit month, day, hour, minute, second; ',' before the fraction):
/// YYYY-M-D, or YYYY-M-D followed by (T|t|blanks) h:m:s(.frac)? and an optional zone
/// ((blanks)Z | (blanks)[-+]h(:mm)?).
bool MatchesTimestamp(std::string_view s) {
  Cursor c{s};
  if (c.EatWhile(IsDigit) != 4) return false;
  auto one_or_two = [&c]() {
    size_t n = c.EatWhile(IsDigit);
    return n == 1 || n == 2;
  };
  if (!c.Eat('-') || !one_or_two() || !c.Eat('-') || !one_or_two()) return false;
  if (c.Done()) return true;
  auto is_blank = [](char ch) { return ch == ' ' || ch == '\t'; };
  if (!c.EatAny("Tt") && c.EatWhile(is_blank) == 0) return false;
  if (!one_or_two() || !c.Eat(':') || !one_or_two() || !c.Eat(':') || !one_or_two()) {
    return false;
  }
  if (c.EatAny(".,")) c.EatWhile(IsDigit);
  c.EatWhile(is_blank);
  if (c.Done()) return true;
  if (c.Eat('Z')) return c.Done();
  if (!c.EatAny("+-") || !one_or_two()) return false;
  if (c.Eat(':') && c.EatWhile(IsDigit) != 2) return false;
  return c.Done();
}

/// go-yaml's resolve() for an untagged plain scalar. `v2` selects go-yaml v2's table
/// (YAML 1.1 bools, no "0o" prefix branch).
ScalarType GoYamlResolve(std::string_view in, bool v2) {
  if (in.empty()) return ScalarType::kNull;
  char first = in[0];
  char hint = 0;
  if (first == '+' || first == '-') {
    hint = 'S';
  } else if (IsDigit(first)) {
    hint = 'D';
  } else if (std::string_view("yYnNtTfFoO~").find(first) != std::string_view::npos) {
    hint = 'M';
  } else if (first == '.') {
    hint = '.';
  }
  if (hint == 0) return ScalarType::kString;
  if (IsCoreNull(in)) return ScalarType::kNull;
  if (IsCoreBool(in) || (v2 && IsYaml11OnlyBool(in))) return ScalarType::kBool;
  if (IsSpecialFloat(in)) return ScalarType::kFloat;
  switch (hint) {
    case 'M':
      return ScalarType::kString;
    case '.':
      return GoParseFloatDot(in) ? ScalarType::kFloat : ScalarType::kString;
    default:
      break;
  }
  // Timestamps resolve to !!timestamp in go-yaml; see the file comment.
  std::string plain;
  plain.reserve(in.size());
  for (char c : in) {
    if (c != '_') plain.push_back(c);
  }
  if (GoParsesAsInteger(plain, 0)) return ScalarType::kInt;
  if (MatchesYamlStyleFloat(plain) && DecimalFloatFits(plain)) return ScalarType::kFloat;
  std::string_view p = plain;
  if (p.substr(0, 2) == "0b") {
    if (GoParsesAsInteger(p.substr(2), 2)) return ScalarType::kInt;
  } else if (p.substr(0, 3) == "-0b") {
    std::string negative = "-";  // built in two steps: GCC 12 warns about "-" + s
    negative += p.substr(3);
    if (GoParseInt(negative, 2)) return ScalarType::kInt;
  }
  if (!v2) {
    if (p.substr(0, 2) == "0o") {
      if (GoParsesAsInteger(p.substr(2), 8)) return ScalarType::kInt;
    } else if (p.substr(0, 3) == "-0o") {
      std::string negative = "-";  // built in two steps: GCC 12 warns about "-" + s
      negative += p.substr(3);
      if (GoParseInt(negative, 8)) return ScalarType::kInt;
    }
  }
  return ScalarType::kString;
}

/// Whether some common YAML 1.1 or 1.2 reader types this plain text as something other
/// than a string.
bool IsAmbiguousPlain(std::string_view s) {
  if (GoYamlResolve(s, /*v2=*/false) != ScalarType::kString) return true;
  if (GoYamlResolve(s, /*v2=*/true) != ScalarType::kString) return true;
  if (IsYaml11OnlyBool(s) || s == "<<" || s == "=") return true;
  if (s.empty()) return true;
  char first = s[0];
  // Every numeric or date form starts with a sign, a digit or a dot.
  if (!(first == '+' || first == '-' || first == '.' || IsDigit(first))) return false;
  return MatchesSexagesimal(s) || MatchesYaml11Int(s) || MatchesYaml11Float(s) ||
         MatchesCoreInt(s) || MatchesYamlStyleFloat(s) || MatchesTimestamp(s);
}

// --- libyaml's plain-scalar analysis (block context) ---------------------------------------

/// libyaml's IS_PRINTABLE for the UTF-8 sequence at s[i] (the emitter escapes the rest).
bool IsPrintableAt(std::string_view s, size_t i) {
  auto at = [&s](size_t k) -> unsigned char {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0;
  };
  unsigned char c = at(i);
  if (c == 0x0A) return true;
  if (c >= 0x20 && c <= 0x7E) return true;
  if (c == 0xC2) return at(i + 1) >= 0xA0;
  if (c > 0xC2 && c < 0xED) return true;
  if (c == 0xED) return at(i + 1) < 0xA0;
  if (c == 0xEE) return true;
  if (c == 0xEF) {
    if (at(i + 1) == 0xBB && at(i + 2) == 0xBF) return false;
    if (at(i + 1) == 0xBF && (at(i + 2) == 0xBE || at(i + 2) == 0xBF)) return false;
    return true;
  }
  return false;
}

size_t WidthAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

bool IsBreakAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '\r' || c == '\n') return true;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return true;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
       static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
    return true;
  }
  return false;
}

/// Blank, break or end of text (libyaml's IS_BLANKZ).
bool IsBlankzAt(std::string_view s, size_t i) {
  if (i >= s.size()) return true;
  return s[i] == ' ' || s[i] == '\t' || s[i] == '\0' || IsBreakAt(s, i);
}

}  // namespace

ScalarType ResolvePlainText(std::string_view text) { return GoYamlResolve(text, /*v2=*/false); }

ScalarType ResolveScalar(const Node& scalar) {
  if (scalar.kind != NodeKind::kScalar) return ScalarType::kString;
  if (!scalar.tag().empty()) {
    std::string_view tag = scalar.tag();
    if (tag.substr(0, kTagPrefix.size()) == kTagPrefix) {
      std::string_view name = tag.substr(kTagPrefix.size());
      if (name == "null") return ScalarType::kNull;
      if (name == "bool") return ScalarType::kBool;
      if (name == "int") return ScalarType::kInt;
      if (name == "float") return ScalarType::kFloat;
    }
    return ScalarType::kString;
  }
  if (scalar.style != ScalarStyle::kPlain) return ScalarType::kString;
  return GoYamlResolve(scalar.value, /*v2=*/false);
}

bool IsPlainAllowed(std::string_view text) {
  if (text.empty()) return false;
  if (text.size() >= 3 && (text.substr(0, 3) == "---" || text.substr(0, 3) == "...")) {
    return false;
  }
  bool preceded_by_whitespace = true;
  bool followed_by_whitespace = IsBlankzAt(text, WidthAt(text, 0));
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    size_t width = WidthAt(text, i);
    if (i == 0) {
      if (std::string_view("#,[]{}&*!|>'\"%@`").find(c) != std::string_view::npos) return false;
      if ((c == '?' || c == ':') && followed_by_whitespace) return false;
      if (c == '-' && followed_by_whitespace) return false;
    } else {
      if (c == ':' && followed_by_whitespace) return false;
      if (c == '#' && preceded_by_whitespace) return false;
    }
    if (!IsPrintableAt(text, i)) return false;
    if (IsBreakAt(text, i)) return false;
    if (c == ' ' && (i == 0 || i + width == text.size())) return false;
    preceded_by_whitespace = IsBlankzAt(text, i);
    i += width;
    if (i < text.size()) followed_by_whitespace = IsBlankzAt(text, i + WidthAt(text, i));
  }
  return true;
}

bool IsAmbiguousString(std::string_view text) { return IsAmbiguousPlain(text); }

bool NeedsQuotes(std::string_view text) {
  return text.empty() || IsAmbiguousPlain(text) || !IsPlainAllowed(text);
}

}  // namespace fluxlint::yaml
