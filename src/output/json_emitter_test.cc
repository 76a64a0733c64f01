#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "output/emitters.h"
#include "output/output_test_util.h"

namespace fluxlint::output {
namespace {

using nlohmann::ordered_json;
using testing::MakeDiagnostic;
using testing::SpanAt;
using testing::UnknownLine;

std::vector<std::string> Keys(const ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

struct Sample {
  SourceStore store;
  Report report;

  Sample() {
    const SourceFile* f =
        store.Add("apps/podinfo.yaml", "metadata:\n  name: web\n  name: x\n", "", "index");
    const SourceFile* g = store.Add("apps/old.yaml", "a: 1\n", "", "HEAD");
    report.tool_version = "0.1.0";
    report.head_revision = "index";
    report.base_revision = "HEAD";
    report.files_checked = 14;
    report.notes = {"remote resources are not fetched"};
    Diagnostic dup = MakeDiagnostic("yaml-duplicate-key", Severity::kError, "duplicate key 'name'",
                                    SpanAt(f, 3, 3, 4), "remove one of the two entries");
    dup.related.push_back({SpanAt(f, 2, 3, 4), "first defined here"});
    dup.related.push_back({UnknownLine(g), "was elsewhere"});
    report.diagnostics.push_back(dup);
    report.diagnostics.push_back(
        MakeDiagnostic("diff-x", Severity::kWarning, "changed", UnknownLine(g)));
    report.diagnostics.push_back(
        MakeDiagnostic("fluxlint-internal", Severity::kNote, "no file", Span{}));
  }
};

TEST(JsonEmitterTest, DocumentShapeAndKeyOrder) {
  Sample s;
  const std::string out = EmitJson(s.report);
  ASSERT_EQ(out.back(), '\n');
  EXPECT_EQ(out.rfind("{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"fluxlint\",", 0), 0u)
      << "2-space indent, version first";
  const ordered_json doc = ordered_json::parse(out);
  EXPECT_EQ(Keys(doc), (std::vector<std::string>{"version", "tool", "head", "base", "notes",
                                                 "summary", "findings"}));
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["tool"], ordered_json::parse(R"({"name":"fluxlint","version":"0.1.0"})"));
  EXPECT_EQ(doc["head"], "index");
  EXPECT_EQ(doc["base"], "HEAD");
  EXPECT_EQ(doc["notes"], ordered_json::array({"remote resources are not fetched"}));
  EXPECT_EQ(doc["summary"],
            ordered_json::parse(R"({"errors":1,"warnings":1,"notes":1,"files":14})"));
  EXPECT_EQ(Keys(doc["summary"]),
            (std::vector<std::string>{"errors", "warnings", "notes", "files"}));
  ASSERT_EQ(doc["findings"].size(), 3u);
}

TEST(JsonEmitterTest, Findings) {
  Sample s;
  const ordered_json findings = ordered_json::parse(EmitJson(s.report))["findings"];
  const ordered_json& dup = findings[0];
  EXPECT_EQ(Keys(dup), (std::vector<std::string>{"rule", "severity", "message", "help", "location",
                                                 "related", "fingerprint"}));
  EXPECT_EQ(dup["rule"], "yaml-duplicate-key");
  EXPECT_EQ(dup["severity"], "error");
  EXPECT_EQ(dup["message"], "duplicate key 'name'");
  EXPECT_EQ(dup["help"], "remove one of the two entries");
  EXPECT_EQ(dup["location"].dump(),
            R"({"path":"apps/podinfo.yaml","line":3,"column":3,"end_line":3,"end_column":7})");
  ASSERT_EQ(dup["related"].size(), 2u);
  EXPECT_EQ(dup["related"][0].dump(),
            R"({"message":"first defined here","location":{"path":"apps/podinfo.yaml","line":2,)"
            R"("column":3,"end_line":2,"end_column":7}})");
  EXPECT_EQ(dup["related"][1]["location"].dump(),
            R"({"path":"apps/old.yaml","line":0,"column":0,"end_line":0,"end_column":0})");
  EXPECT_TRUE(std::string(dup["fingerprint"]).find(':') != std::string::npos);

  EXPECT_EQ(findings[1]["severity"], "warning");
  EXPECT_TRUE(findings[1]["help"].is_null());
  EXPECT_EQ(findings[1]["related"], ordered_json::array());
  EXPECT_EQ(findings[2]["severity"], "note");
  EXPECT_EQ(findings[2]["location"]["path"], "");
  EXPECT_EQ(findings[2]["location"]["line"], 0);
}

TEST(JsonEmitterTest, NoBaseAndNoFindings) {
  Report report;
  report.tool_version = "0.1.0";
  report.head_revision = "work tree";
  report.files_checked = 2;
  const ordered_json doc = ordered_json::parse(EmitJson(report));
  EXPECT_TRUE(doc["base"].is_null());
  EXPECT_EQ(doc["notes"], ordered_json::array());
  EXPECT_EQ(doc["findings"], ordered_json::array());
  EXPECT_EQ(doc["summary"],
            ordered_json::parse(R"({"errors":0,"warnings":0,"notes":0,"files":2})"));
}

TEST(JsonEmitterTest, InvalidUtf8IsReplaced) {
  Report report;
  report.diagnostics.push_back(MakeDiagnostic("yaml-x", Severity::kError, "bad \xC3 byte", Span{}));
  const ordered_json doc = ordered_json::parse(EmitJson(report));
  EXPECT_EQ(doc["findings"][0]["message"], "bad \xEF\xBF\xBD byte");
}

TEST(JsonEmitterTest, Deterministic) {
  Sample a;
  Sample b;
  EXPECT_EQ(EmitJson(a.report), EmitJson(a.report));
  EXPECT_EQ(EmitJson(a.report), EmitJson(b.report));
}

}  // namespace
}  // namespace fluxlint::output
