#include "kustomize/normalize.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "kustomize/resource.h"
#include "yaml/scalar.h"

namespace fluxlint::kustomize {

namespace {

/// Decodes the code point at s[i] (a lone invalid byte stands for itself); advances i.
uint32_t NextRune(std::string_view s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  size_t n = 1;
  if ((c & 0xE0) == 0xC0) n = 2;
  if ((c & 0xF0) == 0xE0) n = 3;
  if ((c & 0xF8) == 0xF0) n = 4;
  if (*i + n > s.size()) n = 1;
  uint32_t r = c;
  if (n == 2) r = c & 0x1F;
  if (n == 3) r = c & 0x0F;
  if (n == 4) r = c & 0x07;
  for (size_t k = 1; k < n; ++k) r = (r << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += n;
  return r;
}

/// Code points of a key, decoded once (keys are short; a small inline buffer avoids the heap).
struct Runes {
  explicit Runes(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      uint32_t r = NextRune(s, &i);
      if (size < kInline) {
        inline_buf[size] = r;
      } else {
        if (size == kInline) heap.assign(inline_buf, inline_buf + kInline);
        heap.push_back(r);
      }
      ++size;
    }
  }
  uint32_t operator[](size_t i) const { return size <= kInline ? inline_buf[i] : heap[i]; }

  static constexpr size_t kInline = 64;
  uint32_t inline_buf[kInline];
  std::vector<uint32_t> heap;
  size_t size = 0;
};

bool IsLetter(uint32_t r) {
  if ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) return true;
  if (r < 0xAA) return false;
  // Outside ASCII, treat the Latin-1 letters and everything past the general punctuation and
  // symbol blocks as letters (a close approximation of unicode.IsLetter for keys).
  if (r == 0xAA || r == 0xB5 || r == 0xBA) return true;
  if (r >= 0xC0 && r <= 0x24F) return r != 0xD7 && r != 0xF7;
  if (r >= 0x2000 && r <= 0x2BFF) return false;
  if (r >= 0x3000 && r <= 0x303F) return false;
  return r >= 0x250;
}

bool IsDigit(uint32_t r) { return r >= '0' && r <= '9'; }

/// Go's strconv.FormatFloat(f, 'g', -1, 64).
std::string GoFormatG(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // sci looks like "-1.2345e+06"; extract sign, digits and exponent.
  bool neg = sci[0] == '-';
  std::string body = neg ? sci.substr(1) : sci;
  size_t e = body.find('e');
  std::string mant = body.substr(0, e);
  int exp = 0;
  std::string_view exp_text = std::string_view(body).substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  std::string out = neg ? "-" : "";
  // Shortest formatting decides with precision 6: exponent form below 1e-4 and from 1e6 on.
  constexpr int eprec = 6;
  if (exp < -4 || exp >= eprec) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    int a = std::abs(exp);
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
  }
  if (exp < 0) {
    out += "0.";
    out += std::string(static_cast<size_t>(-exp - 1), '0');
    out += digits;
    return out;
  }
  if (static_cast<int>(digits.size()) <= exp + 1) {
    out += digits;
    out += std::string(static_cast<size_t>(exp + 1 - static_cast<int>(digits.size())), '0');
    return out;
  }
  out += digits.substr(0, static_cast<size_t>(exp + 1));
  out += '.';
  out += digits.substr(static_cast<size_t>(exp + 1));
  return out;
}

bool ParseYamlInt(std::string_view text, long long* out) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    neg = s[i] == '-';
    ++i;
  }
  int base = 10;
  if (s.compare(i, 2, "0x") == 0 || s.compare(i, 2, "0X") == 0) {
    base = 16;
    i += 2;
  } else if (s.compare(i, 2, "0o") == 0 || s.compare(i, 2, "0O") == 0) {
    base = 8;
    i += 2;
  } else if (s.compare(i, 2, "0b") == 0 || s.compare(i, 2, "0B") == 0) {
    base = 2;
    i += 2;
  } else if (s.size() - i > 1 && s[i] == '0') {
    base = 8;
    i += 1;
  }
  if (i >= s.size()) return false;
  unsigned long long v = 0;
  auto res = std::from_chars(s.data() + i, s.data() + s.size(), v, base);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return false;
  if (v > static_cast<unsigned long long>(INT64_MAX) + (neg ? 1 : 0)) return false;
  *out = neg ? static_cast<long long>(0 - v) : static_cast<long long>(v);
  return true;
}

/// Reads 1..max digits at s[*i].
bool Digits(std::string_view s, size_t* i, size_t min, size_t max, int* out) {
  size_t start = *i;
  int v = 0;
  while (*i < s.size() && *i - start < max && s[*i] >= '0' && s[*i] <= '9') {
    v = v * 10 + (s[*i] - '0');
    ++*i;
  }
  if (*i - start < min) return false;
  *out = v;
  return true;
}

std::string Pad(int v, int width) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

}  // namespace

std::optional<std::string> CanonicalTimestamp(std::string_view s) {
  // go-yaml v3's timestamp layouts: "2006-1-2", "2006-1-2T15:4:5.999999999Z07:00" (also with
  // 't'), "2006-1-2 15:4:5.999999999" (UTC). kustomize prints them as RFC 3339.
  size_t i = 0;
  int year, month, day;
  if (!Digits(s, &i, 4, 4, &year) || i >= s.size() || s[i++] != '-') return std::nullopt;
  if (!Digits(s, &i, 1, 2, &month) || i >= s.size() || s[i++] != '-') return std::nullopt;
  if (!Digits(s, &i, 1, 2, &day)) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
  std::string date = Pad(year, 4) + "-" + Pad(month, 2) + "-" + Pad(day, 2);
  if (i == s.size()) return date + "T00:00:00Z";
  char sep = s[i++];
  bool with_zone = sep == 'T' || sep == 't';
  if (!with_zone && sep != ' ') return std::nullopt;
  int hour, minute, second;
  if (!Digits(s, &i, 1, 2, &hour) || i >= s.size() || s[i++] != ':') return std::nullopt;
  if (!Digits(s, &i, 1, 2, &minute) || i >= s.size() || s[i++] != ':') return std::nullopt;
  if (!Digits(s, &i, 1, 2, &second)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::string frac;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 9) ++i;
    if (i == start) return std::nullopt;
    frac = std::string(s.substr(start, i - start));
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  std::string zone = "Z";
  if (with_zone) {
    if (i >= s.size()) return std::nullopt;
    if (s[i] == 'Z') {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      char sign = s[i++];
      int zh, zm;
      if (!Digits(s, &i, 2, 2, &zh) || i >= s.size() || s[i++] != ':') return std::nullopt;
      if (!Digits(s, &i, 2, 2, &zm)) return std::nullopt;
      if (zh != 0 || zm != 0) zone = std::string(1, sign) + Pad(zh, 2) + ":" + Pad(zm, 2);
    } else {
      return std::nullopt;
    }
  }
  if (i != s.size()) return std::nullopt;
  return date + "T" + Pad(hour, 2) + ":" + Pad(minute, 2) + ":" + Pad(second, 2) +
         (frac.empty() ? "" : "." + frac) + zone;
}

bool NaturalKeyLess(std::string_view a_text, std::string_view b_text) {
  // When one key is a prefix of the other the shorter one sorts first.
  size_t common = 0;
  while (common < a_text.size() && common < b_text.size() && a_text[common] == b_text[common]) {
    ++common;
  }
  if (common == a_text.size() || common == b_text.size()) return a_text.size() < b_text.size();
  Runes a(a_text);
  Runes b(b_text);
  for (size_t i = 0; i < a.size && i < b.size; ++i) {
    if (a[i] == b[i]) continue;
    bool al = IsLetter(a[i]);
    bool bl = IsLetter(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    long long an = 0;
    long long bn = 0;
    if (a[i] == '0' || b[i] == '0') {
      for (size_t j = i; j-- > 0 && IsDigit(a[j]);) {
        if (a[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    size_t ai = i;
    size_t bi = i;
    for (; ai < a.size && IsDigit(a[ai]); ++ai) an = an * 10 + (a[ai] - '0');
    for (; bi < b.size && IsDigit(b[bi]); ++bi) bn = bn * 10 + (b[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size < b.size;
}

std::string CanonicalFloat(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == ".nan") return ".nan";
  if (lower == ".inf" || lower == "+.inf") return ".inf";
  if (lower == "-.inf") return "-.inf";
  double f = std::strtod(s.c_str(), nullptr);
  // The JSON step prints floats in [1e-6, 1e21) without an exponent; go-yaml v2 then reads an
  // integral one back as an integer.
  if (std::isfinite(f) && f == std::floor(f) && std::fabs(f) < 9.2e18) {
    return std::to_string(static_cast<long long>(f));
  }
  std::string g = GoFormatG(f);
  if (g == "+Inf") return ".inf";
  if (g == "-Inf") return "-.inf";
  if (g == "NaN") return ".nan";
  return g;
}

void NormalizeOutput(yaml::Node& node) {
  if (node.IsMapping()) {
    size_t n = node.EntryCount();
    for (size_t i = 0; i < n; ++i) {
      yaml::Node& key = node.children[2 * i];
      if (key.IsScalar()) {
        std::string text = key.IsNull() ? "null" : key.value;
        if (yaml::ResolveScalar(key) == yaml::ScalarType::kBool) {
          text = (text == "true" || text == "True" || text == "TRUE") ? "true" : "false";
        }
        key = MakeString(std::move(text), key.span);
      }
      NormalizeOutput(node.children[2 * i + 1]);
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&node](size_t a, size_t b) {
      return NaturalKeyLess(node.children[2 * a].value, node.children[2 * b].value);
    });
    bool sorted = true;
    for (size_t i = 0; i < n; ++i) sorted = sorted && order[i] == i;
    if (!sorted) {
      std::vector<yaml::Node> children;
      children.reserve(node.children.size());
      for (size_t i : order) {
        children.push_back(std::move(node.children[2 * i]));
        children.push_back(std::move(node.children[2 * i + 1]));
      }
      node.children = std::move(children);
    }
    node.flow = false;
    return;
  }
  if (node.IsSequence()) {
    for (yaml::Node& c : node.children) NormalizeOutput(c);
    node.flow = false;
    return;
  }
  switch (yaml::ResolveScalar(node)) {
    case yaml::ScalarType::kNull:
      node.value = "null";
      node.style = yaml::ScalarStyle::kPlain;
      node.clear_tag();
      break;
    case yaml::ScalarType::kBool: {
      bool v = node.value == "true" || node.value == "True" || node.value == "TRUE";
      node.value = v ? "true" : "false";
      node.style = yaml::ScalarStyle::kPlain;
      node.clear_tag();
      break;
    }
    case yaml::ScalarType::kInt: {
      long long v = 0;
      if (ParseYamlInt(node.value, &v)) {
        node.value = std::to_string(v);
      } else {
        node.value = CanonicalFloat(node.value);
      }
      node.style = yaml::ScalarStyle::kPlain;
      node.clear_tag();
      break;
    }
    case yaml::ScalarType::kFloat:
      node.value = CanonicalFloat(node.value);
      node.style = yaml::ScalarStyle::kPlain;
      node.clear_tag();
      break;
    case yaml::ScalarType::kString:
      // An unquoted timestamp becomes a time and is printed in RFC 3339 form.
      if (node.style == yaml::ScalarStyle::kPlain && node.tag().empty() && !node.value.empty() &&
          node.value[0] >= '0' && node.value[0] <= '9') {
        if (std::optional<std::string> ts = CanonicalTimestamp(node.value)) {
          node.value = *ts;
          node.style = yaml::ScalarStyle::kDoubleQuoted;
        }
      }
      break;
  }
}

}  // namespace fluxlint::kustomize
