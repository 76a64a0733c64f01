#include <gtest/gtest.h>

#include <string>

#include "output/emitters.h"
#include "output/output_test_util.h"

namespace fluxlint::output {
namespace {

using testing::MakeDiagnostic;
using testing::SpanAt;
using testing::SpanRange;
using testing::UnknownLine;

TEST(GithubEmitterTest, OneCommandPerFindingThenNotes) {
  SourceStore store;
  const SourceFile* f =
      store.Add("apps/podinfo.yaml", "metadata:\n  name: web\n  name: x\n", "", "index");
  Report report;
  report.notes = {"not a git repository: diff rules are off"};
  Diagnostic dup = MakeDiagnostic("yaml-duplicate-key", Severity::kError, "duplicate key 'name'",
                                  SpanAt(f, 3, 3, 4), "remove one of the two entries");
  dup.related.push_back({SpanAt(f, 2, 3, 4), "first defined here"});
  report.diagnostics.push_back(dup);
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-w", Severity::kWarning, "spans lines", SpanRange(f, 1, 1, 2, 5)));
  report.diagnostics.push_back(
      MakeDiagnostic("yaml-n", Severity::kNote, "somewhere", UnknownLine(f)));
  report.diagnostics.push_back(
      MakeDiagnostic("fluxlint-internal", Severity::kError, "no file", Span{}));

  EXPECT_EQ(EmitGithub(report),
            "::error file=apps/podinfo.yaml,line=3,col=3,endLine=3,endColumn=7,"
            "title=yaml-duplicate-key::duplicate key 'name'%0Aapps/podinfo.yaml:2:3: first "
            "defined here%0Ahelp: remove one of the two entries\n"
            "::warning file=apps/podinfo.yaml,line=1,col=1,endLine=2,title=yaml-w::spans lines\n"
            "::notice file=apps/podinfo.yaml,title=yaml-n::somewhere\n"
            "::error title=fluxlint-internal::no file\n"
            "::notice::not a git repository: diff rules are off\n");
}

TEST(GithubEmitterTest, Escaping) {
  SourceStore store;
  const SourceFile* f = store.Add("dir,with:odd%name.yaml", "a: 1\n", "", "index");
  Report report;
  report.notes = {"100% done\r\nnext"};
  report.diagnostics.push_back(MakeDiagnostic("yaml-x", Severity::kWarning,
                                              "50% of a,b: c\nsecond line\r", SpanAt(f, 1, 1, 1),
                                              "use 'key: value'"));
  EXPECT_EQ(EmitGithub(report),
            "::warning file=dir%2Cwith%3Aodd%25name.yaml,line=1,col=1,endLine=1,endColumn=2,"
            "title=yaml-x::50%25 of a,b: c%0Asecond line%0D%0Ahelp: use 'key: value'\n"
            "::notice::100%25 done%0D%0Anext\n");
}

TEST(GithubEmitterTest, NothingToSay) {
  Report report;
  EXPECT_EQ(EmitGithub(report), "");
}

}  // namespace
}  // namespace fluxlint::output
