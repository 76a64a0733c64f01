#include "output/fingerprint.h"

#include <cstdint>
#include <map>

namespace fluxlint::output {
namespace {

// 64-bit FNV-1a followed by a SplitMix64 finaliser to spread the bits. Not cryptographic: it
// only has to be stable across runs, platforms and versions of fluxlint.
class Hasher {
 public:
  void Add(std::string_view field) {
    for (char c : field) Byte(static_cast<unsigned char>(c));
    Byte(0);  // field separator, so ("ab","c") and ("a","bc") differ
  }
  uint64_t Finish() const {
    uint64_t z = state_ + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  void Byte(unsigned char b) {
    state_ ^= b;
    state_ *= 0x100000001B3ULL;
  }
  uint64_t state_ = 0xCBF29CE484222325ULL;
};

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r\n\f\v";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

std::string Hex16(uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[v & 0xF];
    v >>= 4;
  }
  return out;
}

}  // namespace

std::vector<std::string> Fingerprints(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  out.reserve(diagnostics.size());
  std::map<uint64_t, size_t> seen;
  for (const Diagnostic& d : diagnostics) {
    Hasher h;
    h.Add("fluxlint/v1");
    h.Add(d.rule_id);
    h.Add(d.span.path());
    h.Add(d.message);
    std::string_view line;
    if (d.span.file != nullptr) line = d.span.file->Line(d.span.begin.line);
    h.Add(Trim(line));
    const uint64_t hash = h.Finish();
    const size_t occurrence = ++seen[hash];
    out.push_back(Hex16(hash) + ":" + std::to_string(occurrence));
  }
  return out;
}

}  // namespace fluxlint::output
