#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "output/emitters.h"
#include "output/output_test_util.h"

namespace fluxlint::output {
namespace {

using testing::MakeDiagnostic;
using testing::SpanAt;
using testing::SpanRange;
using testing::UnknownLine;

constexpr char kPodinfo[] =
    "kind: Deployment\n"
    "metadata:\n"
    "  name: podinfo\n"
    "spec:\n"
    "  template:\n"
    "    metadata:\n"
    "      labels:\n"
    "        app: web\n"
    "      name: web\n"
    "      annotations:\n"
    "        team: a\n"
    "      name: podinfo\n";

std::string Plain(const Report& report) { return EmitText(report, EmitOptions{}); }

std::string StripAnsi(const std::string& s) {
  return std::regex_replace(s, std::regex("\x1B\\[[0-9;]*m"), "");
}

TEST(TextEmitterTest, CodeFrameWithRelatedSpanAndHelp) {
  SourceStore store;
  const SourceFile* f = store.Add("apps/podinfo.yaml", kPodinfo, "", "work tree");
  Report report;
  report.files_checked = 3;
  Diagnostic d = MakeDiagnostic("yaml-duplicate-key", Severity::kError, "duplicate key 'name'",
                                SpanAt(f, 12, 7, 4), "remove one of the two entries");
  d.related.push_back({SpanAt(f, 9, 7, 4), "first defined here"});
  report.diagnostics.push_back(d);

  EXPECT_EQ(Plain(report),
            "apps/podinfo.yaml:12:7: error[yaml-duplicate-key] duplicate key 'name'\n"
            "   |\n"
            "11 |         team: a\n"
            "12 |       name: podinfo\n"
            "   |       ^^^^\n"
            "   |\n"
            "  ::: apps/podinfo.yaml:9:7\n"
            "   |\n"
            " 9 |       name: web\n"
            "   |       ---- first defined here\n"
            "   = help: remove one of the two entries\n"
            "\n"
            "Found 1 error, 0 warnings, 0 notes in 3 files.\n");
}

TEST(TextEmitterTest, UnicodeColumnsAreCodePointsAndWideCharactersTakeTwoCells) {
  SourceStore store;
  const SourceFile* f =
      store.Add("u.yaml", "msg: \"h\xC3\xA9llo \xE6\x97\xA5\xE6\x9C\xAC x\"\n", "", "work tree");
  Report report;
  report.files_checked = 1;
  // Column 13 is the 13th code point: the first CJK character (byte offset 13, since é is 2).
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-wide", Severity::kWarning, "wide characters", SpanAt(f, 1, 13, 2)));
  EXPECT_EQ(Plain(report),
            "u.yaml:1:13: warning[yaml-wide] wide characters\n"
            "  |\n"
            "1 | msg: \"h\xC3\xA9llo \xE6\x97\xA5\xE6\x9C\xAC x\"\n"
            "  |             ^^^^\n"
            "\n"
            "Found 0 errors, 1 warning, 0 notes in 1 file.\n");
}

TEST(TextEmitterTest, TabsAreExpandedAndTheCaretStaysAligned) {
  SourceStore store;
  const SourceFile* f = store.Add("t.yaml", "a: b\n\tkey:\tvalue\n", "", "work tree");
  Report report;
  report.files_checked = 1;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-tab", Severity::kNote, "tab before value", SpanAt(f, 2, 7, 5)));
  EXPECT_EQ(Plain(report),
            "t.yaml:2:7: note[yaml-tab] tab before value\n"
            "  |\n"
            "1 | a: b\n"
            "2 |     key:    value\n"
            "  |             ^^^^^\n"
            "\n"
            "Found 0 errors, 0 warnings, 1 note in 1 file.\n");
}

TEST(TextEmitterTest, LongLinesAreCutAroundTheSpan) {
  const std::string line = "k: " + std::string(150, 'a') + "TARGET" + std::string(150, 'b');
  SourceStore store;
  const SourceFile* f = store.Add("long.yaml", line + "\n", "", "work tree");
  Report report;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-long", Severity::kError, "long line", SpanAt(f, 1, 154, 6)));
  const std::string ellipsis = "\xE2\x80\xA6";
  EXPECT_EQ(Plain(report),
            "long.yaml:1:154: error[yaml-long] long line\n"
            "  |\n"
            "1 | " +
                ellipsis + std::string(60, 'a') + "TARGET" + std::string(134, 'b') + ellipsis +
                "\n"
                "  | " +
                std::string(61, ' ') +
                "^^^^^^\n"
                "\n"
                "Found 1 error, 0 warnings, 0 notes in 0 files.\n");
}

TEST(TextEmitterTest, LongLineCutKeepsASpanNearTheEndVisible) {
  const std::string line = std::string(300, 'x') + "END";
  SourceStore store;
  const SourceFile* f = store.Add("end.yaml", line, "", "work tree");
  Report report;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-long", Severity::kError, "at the end", SpanAt(f, 1, 301, 3)));
  const std::string out = Plain(report);
  // The window is the last 200 columns: "…" + 197 x + "END", caret after 1 + 197 columns.
  EXPECT_NE(out.find("1 | \xE2\x80\xA6" + std::string(197, 'x') + "END\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("  | " + std::string(198, ' ') + "^^^\n"), std::string::npos) << out;
}

TEST(TextEmitterTest, UnknownLinePrintsOnlyTheHeader) {
  SourceStore store;
  const SourceFile* f = store.Add("z.yaml", "a: 1\n", "", "work tree");
  Report report;
  report.files_checked = 2;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-unreadable-file", Severity::kError, "cannot read", UnknownLine(f)));
  report.diagnostics.push_back(
      MakeDiagnostic("fluxlint-internal", Severity::kError, "boom", Span{}, "report a bug"));
  EXPECT_EQ(Plain(report),
            "z.yaml: error[yaml-unreadable-file] cannot read\n"
            "\n"
            "error[fluxlint-internal] boom\n"
            "  = help: report a bug\n"
            "\n"
            "Found 2 errors, 0 warnings, 0 notes in 2 files.\n");
}

TEST(TextEmitterTest, MultiLineSpanUnderlinesTheRestOfTheFirstLine) {
  SourceStore store;
  const SourceFile* f = store.Add("m.yaml", "a:\n  b: |\n    text\n", "", "work tree");
  Report report;
  report.files_checked = 1;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-multi", Severity::kError, "multi-line", SpanRange(f, 2, 3, 3, 9)));
  EXPECT_EQ(Plain(report),
            "m.yaml:2:3: error[yaml-multi] multi-line\n"
            "  |\n"
            "1 | a:\n"
            "2 |   b: |\n"
            "  |   ^^^^\n"
            "\n"
            "Found 1 error, 0 warnings, 0 notes in 1 file.\n");
}

TEST(TextEmitterTest, EmptySpanAtEndOfLineGetsOneCaret) {
  SourceStore store;
  const SourceFile* f = store.Add("e.yaml", "key:\n", "", "work tree");
  Report report;
  report.files_checked = 1;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-empty", Severity::kWarning, "missing value", SpanAt(f, 1, 5, 0)));
  EXPECT_EQ(Plain(report),
            "e.yaml:1:5: warning[yaml-empty] missing value\n"
            "  |\n"
            "1 | key:\n"
            "  |     ^\n"
            "\n"
            "Found 0 errors, 1 warning, 0 notes in 1 file.\n");
}

TEST(TextEmitterTest, RelatedSpansWithoutALineBecomeNotes) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "x: 1\n", "", "work tree");
  const SourceFile* g = store.Add("b.yaml", "y: 2\n", "", "HEAD");
  Report report;
  report.files_checked = 2;
  Diagnostic d = MakeDiagnostic("diff-x", Severity::kError, "changed", SpanAt(f, 1, 4, 1));
  d.related.push_back({UnknownLine(g), "was elsewhere at HEAD"});
  d.related.push_back({Span{}, "no place at all"});
  report.diagnostics.push_back(d);
  EXPECT_EQ(Plain(report),
            "a.yaml:1:4: error[diff-x] changed\n"
            "  |\n"
            "1 | x: 1\n"
            "  |    ^\n"
            "  = note: was elsewhere at HEAD (b.yaml)\n"
            "  = note: no place at all\n"
            "\n"
            "Found 1 error, 0 warnings, 0 notes in 2 files.\n");
}

TEST(TextEmitterTest, NoFindingsPrintsNotesAndTheSummary) {
  Report report;
  report.files_checked = 14;
  report.notes = {"not a git repository: diff rules are off"};
  EXPECT_EQ(Plain(report),
            "note: not a git repository: diff rules are off\n"
            "No problems found in 14 files.\n");
  report.files_checked = 1;
  report.notes.clear();
  EXPECT_EQ(Plain(report), "No problems found in 1 file.\n");
}

TEST(TextEmitterTest, ControlCharactersAreNeutralised) {
  SourceStore store;
  const SourceFile* f = store.Add("c.yaml", "k: \x1B[31mred\n", "", "work tree");
  Report report;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-c", Severity::kError, "bad key '\x1B[2J'", SpanAt(f, 1, 4, 1)));
  const std::string out = Plain(report);
  EXPECT_EQ(out.find('\x1B'), std::string::npos) << out;
  EXPECT_NE(out.find("bad key '\xEF\xBF\xBD[2J'"), std::string::npos) << out;
  EXPECT_NE(out.find("1 | k: \xEF\xBF\xBD[31mred\n  |    ^\n"), std::string::npos) << out;
}

TEST(TextEmitterTest, ColourOnlyWhenAskedAndOtherwiseTheSameText) {
  SourceStore store;
  const SourceFile* f = store.Add("apps/podinfo.yaml", kPodinfo, "", "work tree");
  Report report;
  report.files_checked = 1;
  report.notes = {"a note"};
  Diagnostic e = MakeDiagnostic("yaml-duplicate-key", Severity::kError, "duplicate key 'name'",
                                SpanAt(f, 12, 7, 4), "remove one");
  e.related.push_back({SpanAt(f, 9, 7, 4), "first defined here"});
  report.diagnostics.push_back(e);
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-w", Severity::kWarning, "warn", SpanAt(f, 1, 1, 4)));
  report.diagnostics.push_back(MakeDiagnostic("yaml-n", Severity::kNote, "note", Span{}));

  const std::string plain = Plain(report);
  EXPECT_EQ(plain.find('\x1B'), std::string::npos);
  const std::string color = EmitText(report, EmitOptions{.color = true});
  EXPECT_NE(color.find("\x1B[1;31merror[yaml-duplicate-key]\x1B[0m"), std::string::npos) << color;
  EXPECT_NE(color.find("\x1B[1;33mwarning[yaml-w]\x1B[0m"), std::string::npos) << color;
  EXPECT_NE(color.find("\x1B[1;36mnote[yaml-n]\x1B[0m"), std::string::npos) << color;
  EXPECT_NE(color.find("\x1B[1;34m12 |\x1B[0m"), std::string::npos) << color;
  EXPECT_NE(color.find("\x1B[1;31m^^^^\x1B[0m"), std::string::npos) << color;
  EXPECT_EQ(StripAnsi(color), plain);
}

TEST(TextEmitterTest, Deterministic) {
  SourceStore store;
  const SourceFile* f = store.Add("apps/podinfo.yaml", kPodinfo, "", "work tree");
  Report report;
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-duplicate-key", Severity::kError, "dup", SpanAt(f, 12, 7, 4), "fix"));
  EXPECT_EQ(Plain(report), Plain(report));
  EXPECT_EQ(EmitText(report, {.color = true}), EmitText(report, {.color = true}));
}

}  // namespace
}  // namespace fluxlint::output
