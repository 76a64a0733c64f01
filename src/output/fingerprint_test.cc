#include "output/fingerprint.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "output/format_util.h"
#include "output/output_test_util.h"

namespace fluxlint::output {
namespace {

using testing::MakeDiagnostic;
using testing::SpanAt;

std::string One(const Diagnostic& d) { return Fingerprints({d})[0]; }

TEST(FingerprintTest, FormatIsHexAndOccurrence) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "name: web\n", "", "");
  const std::string fp = One(MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(f, 1, 1, 4)));
  EXPECT_TRUE(std::regex_match(fp, std::regex("[0-9a-f]{16}:1"))) << fp;
}

TEST(FingerprintTest, StableWhenLinesAreInsertedAboveOrTheLineIsReindented) {
  SourceStore store;
  const SourceFile* before = store.Add("a.yaml", "a: 1\nname: web\n", "", "HEAD");
  const SourceFile* after = store.Add("a.yaml", "# x\n# y\nb: 2\na: 1\nname: web\n", "", "");
  const SourceFile* indented = store.Add("a.yaml", "a: 1\nlist:\n  name: web   \n", "", "");
  const std::string fp =
      One(MakeDiagnostic("yaml-x", Severity::kError, "bad name", SpanAt(before, 2, 1, 4)));
  EXPECT_EQ(fp,
            One(MakeDiagnostic("yaml-x", Severity::kError, "bad name", SpanAt(after, 5, 1, 4))));
  EXPECT_EQ(fp,
            One(MakeDiagnostic("yaml-x", Severity::kError, "bad name", SpanAt(indented, 3, 3, 4))));
  // Severity is configuration, not identity.
  EXPECT_EQ(fp,
            One(MakeDiagnostic("yaml-x", Severity::kNote, "bad name", SpanAt(before, 2, 1, 4))));
}

TEST(FingerprintTest, ChangesWithRulePathMessageOrLineText) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "a: 1\nname: web\n", "", "");
  const SourceFile* g = store.Add("b.yaml", "a: 1\nname: web\n", "", "");
  const SourceFile* h = store.Add("a.yaml", "a: 1\nname: app\n", "", "");
  const std::string fp = One(MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(f, 2, 1, 4)));
  EXPECT_NE(fp, One(MakeDiagnostic("yaml-y", Severity::kError, "m", SpanAt(f, 2, 1, 4))));
  EXPECT_NE(fp, One(MakeDiagnostic("yaml-x", Severity::kError, "m2", SpanAt(f, 2, 1, 4))));
  EXPECT_NE(fp, One(MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(g, 2, 1, 4))));
  EXPECT_NE(fp, One(MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(h, 2, 1, 4))));
  EXPECT_NE(fp, One(MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(f, 1, 1, 1))));
}

TEST(FingerprintTest, IdenticalFindingsGetOccurrenceIndexes) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "- name: web\n- name: web\n- other: 1\n", "", "");
  std::vector<Diagnostic> ds = {
      MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(f, 1, 3, 4)),
      MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(f, 2, 3, 4)),
      MakeDiagnostic("yaml-x", Severity::kError, "m", SpanAt(f, 3, 3, 5)),
  };
  const std::vector<std::string> fps = Fingerprints(ds);
  ASSERT_EQ(fps.size(), 3u);
  EXPECT_EQ(fps[0].substr(0, 16), fps[1].substr(0, 16));
  EXPECT_EQ(fps[0].substr(16), ":1");
  EXPECT_EQ(fps[1].substr(16), ":2");
  EXPECT_NE(fps[2].substr(0, 16), fps[0].substr(0, 16));
  EXPECT_EQ(fps[2].substr(16), ":1");
  EXPECT_EQ(fps, Fingerprints(ds));
}

TEST(FingerprintTest, FindingsWithoutAFile) {
  Diagnostic d = MakeDiagnostic("fluxlint-internal", Severity::kError, "boom", Span{});
  EXPECT_EQ(Fingerprints({d, d}).size(), 2u);
  EXPECT_NE(Fingerprints({d, d})[0], Fingerprints({d, d})[1]);
  EXPECT_TRUE(Fingerprints({}).empty());
}

TEST(FormatUtilTest, Utf8Decoding) {
  EXPECT_EQ(DecodeUtf8("a", 0).value, U'a');
  EXPECT_EQ(DecodeUtf8("\xC3\xA9", 0).value, U'\u00E9');
  EXPECT_EQ(DecodeUtf8("\xC3\xA9", 0).length, 2u);
  EXPECT_EQ(DecodeUtf8("\xF0\x9F\x98\x80", 0).value, U'\U0001F600');
  EXPECT_FALSE(DecodeUtf8("\xFF", 0).valid);
  EXPECT_FALSE(DecodeUtf8("\xC3", 0).valid);          // truncated
  EXPECT_FALSE(DecodeUtf8("\xC0\x80", 0).valid);      // overlong
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80", 0).valid);  // surrogate
  EXPECT_EQ(DecodeUtf8("\xE6\x97", 0).length, 1u);    // invalid consumes one byte
  std::string s;
  AppendUtf8(s, U'\u00E9');
  AppendUtf8(s, U'\u65E5');
  AppendUtf8(s, U'\U0001F600');
  EXPECT_EQ(s, "\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80");
}

TEST(FormatUtilTest, ColumnsAndWidths) {
  const std::string line = "h\xC3\xA9\xE6\x97\xA5x";  // h é 日 x
  EXPECT_EQ(ColumnToByteOffset(line, 1), 0u);
  EXPECT_EQ(ColumnToByteOffset(line, 2), 1u);
  EXPECT_EQ(ColumnToByteOffset(line, 3), 3u);
  EXPECT_EQ(ColumnToByteOffset(line, 4), 6u);
  EXPECT_EQ(ColumnToByteOffset(line, 5), 7u);
  EXPECT_EQ(ColumnToByteOffset(line, 99), 7u);
  EXPECT_EQ(CodePointWidth(U'a'), 1);
  EXPECT_EQ(CodePointWidth(U'\u00E9'), 1);
  EXPECT_EQ(CodePointWidth(U'\u0301'), 0);
  EXPECT_EQ(CodePointWidth(U'\u65E5'), 2);
  EXPECT_EQ(CodePointWidth(U'\U0001F600'), 2);
}

TEST(FormatUtilTest, NamesAndCounts) {
  EXPECT_EQ(CamelCaseRuleName("yaml-duplicate-key"), "YamlDuplicateKey");
  EXPECT_EQ(CamelCaseRuleName("diff-immutable-field"), "DiffImmutableField");
  EXPECT_EQ(RuleCategory("yaml-duplicate-key"), "yaml");
  EXPECT_EQ(RuleCategory("odd"), "odd");
  EXPECT_EQ(CountNoun(0, "note"), "0 notes");
  EXPECT_EQ(CountNoun(1, "error"), "1 error");
  EXPECT_EQ(CountNoun(2, "file"), "2 files");
}

}  // namespace
}  // namespace fluxlint::output
