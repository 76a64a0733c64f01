#ifndef FLUXLINT_OUTPUT_OUTPUT_TEST_UTIL_H_
#define FLUXLINT_OUTPUT_OUTPUT_TEST_UTIL_H_

// Builders for hand-made Reports, shared by the output stage's tests (header-only, test use).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "diag/diagnostic.h"
#include "diag/span.h"
#include "output/format_util.h"
#include "output/report.h"

namespace fluxlint::output::testing {

/// A position from a 1-based line and code-point column, with the byte offset filled in.
inline Position PositionAt(const SourceFile* file, uint32_t line, uint32_t column) {
  Position p;
  p.line = line;
  p.column = column;
  if (line >= 1 && line <= file->LineCount()) {
    p.offset = file->line_starts[line - 1] +
               static_cast<uint32_t>(ColumnToByteOffset(file->Line(line), column));
  }
  return p;
}

/// A span [column, column + length) on one line.
inline Span SpanAt(const SourceFile* file, uint32_t line, uint32_t column, uint32_t length) {
  Span s;
  s.file = file;
  s.begin = PositionAt(file, line, column);
  s.end = PositionAt(file, line, column + length);
  return s;
}

inline Span SpanRange(const SourceFile* file, uint32_t line, uint32_t column, uint32_t end_line,
                      uint32_t end_column) {
  Span s;
  s.file = file;
  s.begin = PositionAt(file, line, column);
  s.end = PositionAt(file, end_line, end_column);
  return s;
}

/// A span in `file` whose line is unknown (line 0).
inline Span UnknownLine(const SourceFile* file) {
  Span s;
  s.file = file;
  return s;
}

inline Diagnostic MakeDiagnostic(std::string rule, Severity severity, std::string message,
                                 Span span, std::string help = "") {
  Diagnostic d;
  d.rule_id = std::move(rule);
  d.severity = severity;
  d.message = std::move(message);
  d.span = span;
  d.help = std::move(help);
  return d;
}

/// Writes `sarif` to $FLUXLINT_SARIF_DIR/<Suite>.<Test>[-<suffix>].sarif when that variable is
/// set, so CI can run tests/validate_sarif.sh over everything the tests produced. A test that
/// keeps more than one log passes a distinct suffix for each.
inline void KeepSarif(const std::string& sarif, const std::string& suffix = "") {
  const char* dir = std::getenv("FLUXLINT_SARIF_DIR");
  if (dir == nullptr || *dir == '\0') return;
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::error_code ec;  // the directory may not exist yet (CI starts from an empty one)
  std::filesystem::create_directories(dir, ec);
  std::string path = std::string(dir) + "/" + info->test_suite_name() + "." + info->name() +
                     (suffix.empty() ? "" : "-" + suffix) + ".sarif";
  std::ofstream out(path, std::ios::binary);
  out << sarif;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

}  // namespace fluxlint::output::testing

#endif  // FLUXLINT_OUTPUT_OUTPUT_TEST_UTIL_H_
