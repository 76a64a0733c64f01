#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "output/emitters.h"
#include "output/fingerprint.h"
#include "output/output_test_util.h"
#include "rules/registry.h"

namespace fluxlint::output {
namespace {

using nlohmann::json;
using testing::KeepSarif;
using testing::MakeDiagnostic;
using testing::SpanAt;
using testing::SpanRange;
using testing::UnknownLine;

constexpr char kInternalId[] = "fluxlint-internal-error";

// A registry rule to report under; the tests adapt to whatever rules exist.
std::string SomeRegisteredRule() {
  EXPECT_FALSE(rules::AllRules().empty());
  return rules::AllRules().empty() ? "yaml-duplicate-key"
                                   : std::string(rules::AllRules()[0].info.id);
}

// Every kind of finding the emitter has to handle, in one report.
struct KitchenSink {
  SourceStore store;
  Report report;
  std::string rule;

  KitchenSink() {
    rule = SomeRegisteredRule();
    const SourceFile* podinfo = store.Add("apps/podinfo.yaml",
                                          "kind: Deployment\n"
                                          "metadata:\n"
                                          "  name: web\n"
                                          "  name: podinfo\n",
                                          "", "work tree");
    const SourceFile* unicode =
        store.Add("apps/caf\xC3\xA9 app/config map.yaml",
                  "msg: \"h\xC3\xA9llo \xE6\x97\xA5\xE6\x9C\xAC\"\n", "", "work tree");
    const SourceFile* tabbed = store.Add("t.yaml", "a: b\n\tkey:\tvalue\n", "", "work tree");
    const SourceFile* lost = store.Add("lost.yaml", "x: 1\n", "", "work tree");
    const std::string long_line = "k: " + std::string(300, 'a') + "X";
    const SourceFile* wide = store.Add("long.yaml", long_line + "\n", "", "work tree");

    report.tool_version = "0.1.0";
    report.head_revision = "index";
    report.base_revision = "HEAD";
    report.files_checked = 5;
    report.notes = {"remote resource https://example.com/x.yaml is not fetched"};
    report.rules_run = {rule, "not-a-registered-rule"};

    Diagnostic dup = MakeDiagnostic(rule, Severity::kError, "duplicate key 'name'",
                                    SpanAt(podinfo, 4, 3, 4), "remove one of the two entries");
    dup.related.push_back({SpanAt(podinfo, 3, 3, 4), "first defined here"});
    dup.related.push_back({Span{}, "somewhere unknown"});
    report.diagnostics.push_back(dup);
    report.diagnostics.push_back(
        MakeDiagnostic(rule, Severity::kWarning, "wide characters", SpanAt(unicode, 1, 13, 2)));
    report.diagnostics.push_back(
        MakeDiagnostic(rule, Severity::kNote, "tab before value", SpanAt(tabbed, 2, 7, 5)));
    report.diagnostics.push_back(
        MakeDiagnostic(rule, Severity::kError, "cannot place this", UnknownLine(lost)));
    report.diagnostics.push_back(
        MakeDiagnostic(rule, Severity::kWarning, "far right", SpanAt(wide, 1, 304, 1)));
    report.diagnostics.push_back(
        MakeDiagnostic(rule, Severity::kError, "spans lines", SpanRange(podinfo, 2, 1, 4, 16)));
    report.diagnostics.push_back(
        MakeDiagnostic(kInternalId, Severity::kWarning, "internal problem with no file", Span{}));
    report.diagnostics.push_back(MakeDiagnostic(
        kInternalId, Severity::kError, "internal problem in a file", SpanAt(lost, 1, 1, 1)));
    SortDiagnostics(report.diagnostics);
  }
};

const json& FindRule(const json& run, const std::string& id) {
  for (const json& r : run["tool"]["driver"]["rules"]) {
    if (r["id"] == id) return r;
  }
  static const json kNull;
  ADD_FAILURE() << "no rule " << id;
  return kNull;
}

TEST(SarifEmitterTest, TopLevelAndDriver) {
  KitchenSink k;
  const std::string sarif = EmitSarif(k.report);
  KeepSarif(sarif);
  const json doc = json::parse(sarif);
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const json& run = doc["runs"][0];
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  const json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "fluxlint");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://github.com/fluxlint/fluxlint");
  EXPECT_EQ(sarif.find("Time"), std::string::npos) << "no timestamps";
  EXPECT_EQ(sarif.back(), '\n');
}

TEST(SarifEmitterTest, RulesAreTheRunRulesPlusResultRulesSortedById) {
  KitchenSink k;
  const std::string sarif = EmitSarif(k.report);
  KeepSarif(sarif);
  const json run = json::parse(sarif)["runs"][0];
  std::vector<std::string> ids;
  for (const json& r : run["tool"]["driver"]["rules"]) ids.push_back(r["id"]);
  std::vector<std::string> expected = {k.rule, kInternalId};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected) << "a run rule that is not registered is left out";

  const json& rule = FindRule(run, k.rule);
  const rules::Rule* info = rules::FindRule(k.rule);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(rule["shortDescription"]["text"], std::string(info->info.summary));
  const std::string full = rules::RuleFullDescription(k.rule);
  EXPECT_EQ(rule["fullDescription"]["text"], full.empty() ? std::string(info->info.summary) : full);
  EXPECT_EQ(rule["help"]["markdown"], std::string(rules::RuleDocText(k.rule)));
  EXPECT_FALSE(rule["help"]["text"].get<std::string>().empty());
  EXPECT_EQ(rule["helpUri"],
            "https://github.com/fluxlint/fluxlint/blob/main/" + rules::RuleDocPath(k.rule));
  EXPECT_EQ(rule["defaultConfiguration"]["level"],
            std::string(SeverityName(info->info.default_severity)));
  std::string name;  // "yaml-duplicate-key" -> "YamlDuplicateKey"
  bool upper = true;
  for (char c : k.rule) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  EXPECT_EQ(rule["name"], name);
  const json tags = rule["properties"]["tags"];
  EXPECT_EQ(tags[0], "fluxlint");
  const std::string category = k.rule.substr(0, k.rule.find('-'));
  if (category != "fluxlint") {
    EXPECT_EQ(tags, json::array({"fluxlint", category}));
  }
  EXPECT_EQ(std::set<json>(tags.begin(), tags.end()).size(), tags.size()) << "tags are unique";

  // Not in the registry: described generically, levelled by its worst finding, no helpUri.
  const json& internal = FindRule(run, kInternalId);
  EXPECT_EQ(internal["name"], "FluxlintInternalError");
  EXPECT_FALSE(internal["fullDescription"]["text"].get<std::string>().empty());
  EXPECT_FALSE(internal["help"]["text"].get<std::string>().empty());
  EXPECT_FALSE(internal["help"]["markdown"].get<std::string>().empty());
  EXPECT_FALSE(internal.contains("helpUri"));
  EXPECT_EQ(internal["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(internal["properties"]["tags"], json::array({"fluxlint"}));
}

TEST(SarifEmitterTest, ResultsHaveRealRegionsAndConsistentIndexes) {
  KitchenSink k;
  const std::string sarif = EmitSarif(k.report);
  KeepSarif(sarif);
  const json run = json::parse(sarif)["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  const json& results = run["results"];
  // Every finding with a file is a result; the one without a file is a notification.
  ASSERT_EQ(results.size(), k.report.diagnostics.size() - 1);
  for (const json& r : results) {
    ASSERT_LT(r["ruleIndex"].get<size_t>(), rules.size());
    EXPECT_EQ(rules[r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
    const json& region = r["locations"][0]["physicalLocation"]["region"];
    for (const auto& [key, value] : region.items()) EXPECT_GE(value.get<int>(), 1) << key;
    EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  }

  auto result_for = [&](const std::string& message) -> json {
    for (const json& r : results) {
      if (r["message"]["text"].get<std::string>().rfind(message, 0) == 0) return r;
    }
    ADD_FAILURE() << "no result " << message;
    return json();
  };

  const json dup = result_for("duplicate key 'name'");
  EXPECT_EQ(dup["ruleId"], k.rule);
  EXPECT_EQ(dup["level"], "error");
  EXPECT_EQ(dup["message"]["text"], "duplicate key 'name'\nhelp: remove one of the two entries");
  const json& loc = dup["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "apps/podinfo.yaml");
  EXPECT_EQ(loc["region"],
            json::parse(R"({"startLine":4,"startColumn":3,"endLine":4,"endColumn":7})"));
  ASSERT_EQ(dup["relatedLocations"].size(), 2u);
  EXPECT_EQ(dup["relatedLocations"][0]["id"], 1);
  EXPECT_EQ(dup["relatedLocations"][0]["message"]["text"], "first defined here");
  EXPECT_EQ(dup["relatedLocations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":3,"startColumn":3,"endLine":3,"endColumn":7})"));
  EXPECT_EQ(dup["relatedLocations"][1]["id"], 2);
  EXPECT_FALSE(dup["relatedLocations"][1].contains("physicalLocation"));

  const json wide = result_for("wide characters");
  EXPECT_EQ(wide["level"], "warning");
  EXPECT_EQ(wide["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "apps/caf%C3%A9%20app/config%20map.yaml");
  EXPECT_EQ(wide["locations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":1,"startColumn":13,"endLine":1,"endColumn":15})"));

  EXPECT_EQ(result_for("tab before value")["level"], "note");
  EXPECT_EQ(result_for("tab before value")["locations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":2,"startColumn":7,"endLine":2,"endColumn":12})"));
  EXPECT_EQ(result_for("cannot place this")["locations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":1})"));
  EXPECT_EQ(result_for("spans lines")["locations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":2,"startColumn":1,"endLine":4,"endColumn":16})"));
  EXPECT_FALSE(result_for("far right").contains("relatedLocations"));
}

TEST(SarifEmitterTest, NotesAndFilelessFindingsAreToolNotifications) {
  KitchenSink k;
  const std::string sarif = EmitSarif(k.report);
  KeepSarif(sarif);
  const json run = json::parse(sarif)["runs"][0];
  ASSERT_EQ(run["invocations"].size(), 1u);
  const json& inv = run["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], true);
  const json& notes = inv["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["level"], "note");
  EXPECT_EQ(notes[0]["message"]["text"], k.report.notes[0]);
  EXPECT_EQ(notes[1]["level"], "warning");
  EXPECT_EQ(notes[1]["message"]["text"], "internal problem with no file");
  EXPECT_EQ(notes[1]["associatedRule"]["id"], kInternalId);
  const json& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules[notes[1]["associatedRule"]["index"].get<size_t>()]["id"], kInternalId);
}

TEST(SarifEmitterTest, FingerprintsMatchJsonAndIgnoreUnrelatedEdits) {
  KitchenSink k;
  const std::string sarif = EmitSarif(k.report);
  KeepSarif(sarif);
  const json results = json::parse(sarif)["runs"][0]["results"];
  const json findings = json::parse(EmitJson(k.report))["findings"];
  std::set<std::string> seen;
  size_t r = 0;
  for (const json& f : findings) {
    if (f["location"]["path"] == "") continue;  // not a result (notification)
    const std::string fp = results[r++]["partialFingerprints"]["fluxlint/v1"];
    EXPECT_EQ(fp, f["fingerprint"]);
    EXPECT_TRUE(seen.insert(fp).second) << "fingerprints are unique: " << fp;
  }

  // The same finding three lines further down, after unrelated edits above it.
  SourceStore store;
  const SourceFile* before = store.Add("a.yaml", "a: 1\nname: web\n", "", "HEAD");
  const SourceFile* after = store.Add("a.yaml", "# new\n# lines\nb: 2\na: 1\nname: web\n", "", "");
  Report one;
  one.diagnostics.push_back(
      MakeDiagnostic(k.rule, Severity::kError, "bad name", SpanAt(before, 2, 1, 4)));
  Report two;
  two.diagnostics.push_back(
      MakeDiagnostic(k.rule, Severity::kError, "bad name", SpanAt(after, 5, 1, 4)));
  const std::string sarif_one = EmitSarif(one);
  const std::string sarif_two = EmitSarif(two);
  KeepSarif(sarif_one, "before");
  KeepSarif(sarif_two, "after");
  const json fp1 = json::parse(sarif_one)["runs"][0]["results"][0]["partialFingerprints"];
  const json fp2 = json::parse(sarif_two)["runs"][0]["results"][0]["partialFingerprints"];
  EXPECT_EQ(fp1, fp2);
  EXPECT_NE(json::parse(sarif_one)["runs"][0]["results"][0]["locations"],
            json::parse(sarif_two)["runs"][0]["results"][0]["locations"]);
}

TEST(SarifEmitterTest, ZeroFindings) {
  Report report;
  report.tool_version = "0.1.0";
  report.files_checked = 3;
  for (const rules::Rule& r : rules::AllRules()) report.rules_run.emplace_back(r.info.id);
  const std::string sarif = EmitSarif(report);
  KeepSarif(sarif);
  const json run = json::parse(sarif)["runs"][0];
  EXPECT_EQ(run["results"], json::array());
  EXPECT_FALSE(run.contains("invocations"));
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), rules::AllRules().size());
}

TEST(SarifEmitterTest, InvalidUtf8IsReplacedNotThrown) {
  SourceStore store;
  const SourceFile* f = store.Add("bad\xFF.yaml", "k: \xFF\xFE\n", "", "work tree");
  Report report;
  report.tool_version = "0.1.0";
  report.diagnostics.push_back(MakeDiagnostic(SomeRegisteredRule(), Severity::kError,
                                              "bad byte \xFF here", SpanAt(f, 1, 4, 1)));
  const std::string sarif = EmitSarif(report);
  KeepSarif(sarif);
  const json doc = json::parse(sarif);
  EXPECT_EQ(doc["runs"][0]["results"][0]["message"]["text"], "bad byte \xEF\xBF\xBD here");
  EXPECT_EQ(
      doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "bad%FF.yaml");
}

TEST(SarifEmitterTest, RunsAreCappedAtGithubsResultLimitKeepingTheMostSevere) {
  SourceStore store;
  const SourceFile* f = store.Add("a.yaml", "a: 1\n", "", "work tree");
  Report report;
  report.tool_version = "0.1.0";
  const std::string rule = SomeRegisteredRule();
  // 3 notes first, then 25,000 warnings, then 2 errors: the 3 notes do not fit.
  for (int i = 0; i < 3; ++i) {
    report.diagnostics.push_back(MakeDiagnostic(rule, Severity::kNote, "n", SpanAt(f, 1, 1, 1)));
  }
  for (int i = 0; i < 25000; ++i) {
    report.diagnostics.push_back(MakeDiagnostic(rule, Severity::kWarning, "w", SpanAt(f, 1, 1, 1)));
  }
  for (int i = 0; i < 2; ++i) {
    report.diagnostics.push_back(MakeDiagnostic(rule, Severity::kError, "e", SpanAt(f, 1, 1, 1)));
  }
  // Not a result, so not counted against the limit.
  report.diagnostics.push_back(MakeDiagnostic(kInternalId, Severity::kNote, "x", Span{}));
  const json run = json::parse(EmitSarif(report))["runs"][0];
  const json& results = run["results"];
  ASSERT_EQ(results.size(), 25000u);
  size_t errors = 0;
  size_t notes = 0;
  for (const json& r : results) {
    errors += r["level"] == "error";
    notes += r["level"] == "note";
  }
  EXPECT_EQ(errors, 2u);
  EXPECT_EQ(notes, 0u);
  const json& notifications = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), 2u);
  EXPECT_EQ(notifications[1]["level"], "warning");
  EXPECT_EQ(notifications[1]["message"]["text"].get<std::string>().rfind(
                "5 findings (the least severe) are left out", 0),
            0u)
      << notifications[1];
}

TEST(SarifEmitterTest, Deterministic) {
  KitchenSink a;
  KitchenSink b;
  EXPECT_EQ(EmitSarif(a.report), EmitSarif(b.report));
  EXPECT_EQ(EmitSarif(a.report), EmitSarif(a.report));
}

}  // namespace
}  // namespace fluxlint::output
