#include <gtest/gtest.h>

#include <string>

#include "output/emitters.h"
#include "output/output_test_util.h"

namespace fluxlint::output {
namespace {

using testing::MakeDiagnostic;
using testing::SpanAt;
using testing::UnknownLine;

TEST(MarkdownEmitterTest, SummaryCountsAndFindings) {
  SourceStore store;
  const SourceFile* f =
      store.Add("apps/podinfo.yaml", "metadata:\n  name: web\n  name: x\n", "", "index");
  const SourceFile* g = store.Add("apps/old.yaml", "a: 1\n", "", "HEAD");
  Report report;
  report.head_revision = "index";
  report.base_revision = "HEAD";
  report.files_checked = 14;
  report.notes = {"remote | resources <b>"};
  report.diagnostics.push_back(MakeDiagnostic("yaml-duplicate-key", Severity::kError,
                                              "duplicate key `name` | x", SpanAt(f, 3, 3, 4),
                                              "remove *one*"));
  report.diagnostics.push_back(
      MakeDiagnostic("diff-x", Severity::kWarning, "changed\nhere & there", UnknownLine(g)));

  EXPECT_EQ(EmitMarkdown(report),
            "## fluxlint\n"
            "\n"
            "\xE2\x9D\x8C **1 error, 1 warning, 0 notes** in 14 files.\n"
            "\n"
            "Checked `index` against `HEAD`.\n"
            "\n"
            "| Errors | Warnings | Notes | Files |\n"
            "| ---: | ---: | ---: | ---: |\n"
            "| 1 | 1 | 0 | 14 |\n"
            "\n"
            "**Notes**\n"
            "\n"
            "- remote \\| resources \\<b\\>\n"
            "\n"
            "| Severity | Rule | Location | Message |\n"
            "| --- | --- | --- | --- |\n"
            "| \xE2\x9D\x8C error | `yaml-duplicate-key` | `apps/podinfo.yaml:3:3` | duplicate key "
            "\\`name\\` \\| x<br>*help:* remove \\*one\\* |\n"
            "| \xE2\x9A\xA0\xEF\xB8\x8F warning | `diff-x` | `apps/old.yaml` | changed<br>here "
            "&amp; there |\n");
}

TEST(MarkdownEmitterTest, NoProblems) {
  Report report;
  report.head_revision = "work tree";
  report.files_checked = 2;
  EXPECT_EQ(EmitMarkdown(report),
            "## fluxlint\n"
            "\n"
            "\xE2\x9C\x85 No problems found in 2 files.\n"
            "\n"
            "Checked `work tree` (no base revision: diff rules off).\n"
            "\n"
            "| Errors | Warnings | Notes | Files |\n"
            "| ---: | ---: | ---: | ---: |\n"
            "| 0 | 0 | 0 | 2 |\n");
}

TEST(MarkdownEmitterTest, CodeSpansSurviveBackticksAndPipes) {
  SourceStore store;
  const SourceFile* f = store.Add("we`ird|path.yaml", "a: 1\n", "", "index");
  Report report;
  report.diagnostics.push_back(MakeDiagnostic("yaml-x", Severity::kNote, "m", SpanAt(f, 1, 1, 1)));
  const std::string out = EmitMarkdown(report);
  EXPECT_NE(
      out.find("| \xE2\x84\xB9\xEF\xB8\x8F note | `yaml-x` | ``we`ird\\|path.yaml:1:1`` | m |\n"),
      std::string::npos)
      << out;
}

TEST(MarkdownEmitterTest, TableIsCappedAt200Rows) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "a: 1\n", "", "index");
  Report report;
  for (int i = 0; i < 205; ++i) {
    report.diagnostics.push_back(MakeDiagnostic(
        "yaml-x", Severity::kWarning, "finding " + std::to_string(i), SpanAt(f, 1, 1, 1)));
  }
  const std::string out = EmitMarkdown(report);
  size_t rows = 0;
  for (size_t pos = out.find("| \xE2\x9A\xA0"); pos != std::string::npos;
       pos = out.find("| \xE2\x9A\xA0", pos + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 200u);
  EXPECT_NE(out.find("finding 199 |"), std::string::npos);
  EXPECT_EQ(out.find("finding 200 |"), std::string::npos);
  EXPECT_NE(out.find("\n_\xE2\x80\xA6 and 5 more (see the full report)._\n"), std::string::npos);
  EXPECT_EQ(out, EmitMarkdown(report));
}

}  // namespace
}  // namespace fluxlint::output
