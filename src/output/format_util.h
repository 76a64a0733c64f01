#ifndef FLUXLINT_OUTPUT_FORMAT_UTIL_H_
#define FLUXLINT_OUTPUT_FORMAT_UTIL_H_

// Helpers shared by the emitters in src/output/. Not part of the stage's public API.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace fluxlint::output {

/// One decoded UTF-8 sequence. An invalid or truncated sequence decodes as U+FFFD of length 1,
/// so every byte string splits into "code points" the same way libyaml counts columns.
struct CodePoint {
  char32_t value = 0;
  size_t length = 1;  ///< bytes consumed, >= 1
  bool valid = true;
};

/// Decodes the code point starting at byte `pos` of `s` (pos < s.size()).
CodePoint DecodeUtf8(std::string_view s, size_t pos);

/// Appends `c` to `out` as UTF-8.
void AppendUtf8(std::string& out, char32_t c);

/// Byte offset in `line` of the 1-based code-point `column`; line.size() when the column is
/// past the end, 0 when column is 0.
size_t ColumnToByteOffset(std::string_view line, uint32_t column);

/// Terminal columns a code point occupies: 0 for combining marks, 2 for wide East Asian
/// characters and emoji, 1 otherwise.
int CodePointWidth(char32_t c);

/// Counts of findings by severity.
struct SeverityCounts {
  size_t errors = 0;
  size_t warnings = 0;
  size_t notes = 0;
  size_t total() const { return errors + warnings + notes; }
};

SeverityCounts CountSeverities(const std::vector<Diagnostic>& diagnostics);

/// "1 error", "2 errors", "0 notes".
std::string CountNoun(size_t n, std::string_view singular);

/// "yaml-duplicate-key" -> "YamlDuplicateKey" (SARIF reportingDescriptor.name).
std::string CamelCaseRuleName(std::string_view rule_id);

/// The category of a rule id: the part before the first '-' ("yaml" for "yaml-duplicate-key").
std::string_view RuleCategory(std::string_view rule_id);

}  // namespace fluxlint::output

#endif  // FLUXLINT_OUTPUT_FORMAT_UTIL_H_
