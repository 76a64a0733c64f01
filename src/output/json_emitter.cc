// The versioned JSON document; every field is described in docs/json-output.md.

#include <nlohmann/json.hpp>
#include <string>

#include "output/emitters.h"
#include "output/fingerprint.h"
#include "output/format_util.h"

namespace fluxlint::output {
namespace {

using Json = nlohmann::ordered_json;

// Bump only for incompatible changes (see docs/json-output.md, "Versioning").
constexpr int kJsonSchemaVersion = 1;

Json LocationJson(const Span& span) {
  Json loc = Json::object();
  loc["path"] = std::string(span.path());
  loc["line"] = span.begin.line;
  loc["column"] = span.begin.line > 0 ? span.begin.column : 0;
  const bool has_end = span.begin.line > 0 && span.end.line >= span.begin.line;
  loc["end_line"] = has_end ? span.end.line : 0;
  loc["end_column"] = has_end ? span.end.column : 0;
  return loc;
}

}  // namespace

std::string EmitJson(const Report& report) {
  const SeverityCounts counts = CountSeverities(report.diagnostics);
  const std::vector<std::string> fingerprints = Fingerprints(report.diagnostics);

  Json doc = Json::object();
  doc["version"] = kJsonSchemaVersion;
  doc["tool"] = Json::object();
  doc["tool"]["name"] = "fluxlint";
  doc["tool"]["version"] = report.tool_version;
  doc["head"] = report.head_revision;
  doc["base"] = report.base_revision.empty() ? Json(nullptr) : Json(report.base_revision);
  doc["notes"] = Json::array();
  for (const std::string& note : report.notes) doc["notes"].push_back(note);
  Json summary = Json::object();
  summary["errors"] = counts.errors;
  summary["warnings"] = counts.warnings;
  summary["notes"] = counts.notes;
  summary["files"] = report.files_checked;
  doc["summary"] = std::move(summary);

  Json findings = Json::array();
  for (size_t i = 0; i < report.diagnostics.size(); ++i) {
    const Diagnostic& d = report.diagnostics[i];
    Json f = Json::object();
    f["rule"] = d.rule_id;
    f["severity"] = std::string(SeverityName(d.severity));
    f["message"] = d.message;
    f["help"] = d.help.empty() ? Json(nullptr) : Json(d.help);
    f["location"] = LocationJson(d.span);
    f["related"] = Json::array();
    for (const RelatedSpan& r : d.related) {
      Json rel = Json::object();
      rel["message"] = r.message;
      rel["location"] = LocationJson(r.span);
      f["related"].push_back(std::move(rel));
    }
    f["fingerprint"] = fingerprints[i];
    findings.push_back(std::move(f));
  }
  doc["findings"] = std::move(findings);
  // Invalid UTF-8 (from a file's bytes) becomes U+FFFD instead of throwing.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace fluxlint::output
