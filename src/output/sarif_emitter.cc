// SARIF 2.1.0 for GitHub code scanning. What "valid" means is in spec/sarif.md: the SARIF
// Multitool's `validate --rule-kind "Ghas;Sarif"` must report no errors and no warnings.

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "output/emitters.h"
#include "output/fingerprint.h"
#include "output/format_util.h"
#include "rules/registry.h"

namespace fluxlint::output {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/fluxlint/fluxlint";
// Rule pages: kDocsBaseUri + RuleDocPath(id).
constexpr std::string_view kDocsBaseUri = "https://github.com/fluxlint/fluxlint/blob/main/";
constexpr std::string_view kSrcRoot = "%SRCROOT%";
// GitHub code scanning's hard limits: more results per run, or more locations per result, and
// the upload is rejected.
constexpr size_t kMaxResults = 25000;
constexpr size_t kMaxRelated = 1000;

std::string_view Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

Json Message(std::string_view text) {
  Json m = Json::object();
  m["text"] = std::string(text);
  return m;
}

// A repository-relative path as a relative URI reference: '/'-separated, percent-encoded
// (RFC 3986) except for unreserved characters, '/' and the harmless sub-delimiters.
std::string PathToUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  while (path.size() >= 2 && path.substr(0, 2) == "./") path.remove_prefix(2);
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("-._~/!$&'()*+,;=@").find(ch) != std::string_view::npos;
    if (ch == '\\') {
      out += '/';
    } else if (keep) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// Only values >= 1 are written; a span without a line points at line 1 of its file.
Json Region(const Span& span) {
  Json region = Json::object();
  if (span.begin.line == 0) {
    region["startLine"] = 1;
    return region;
  }
  region["startLine"] = span.begin.line;
  const bool has_start_column = span.begin.column > 0;
  if (has_start_column) region["startColumn"] = span.begin.column;
  if (span.end.line >= span.begin.line) {
    region["endLine"] = span.end.line;
    if (has_start_column && span.end.column > 0) {
      region["endColumn"] = span.end.line == span.begin.line
                                ? std::max(span.end.column, span.begin.column)
                                : span.end.column;
    }
  }
  return region;
}

Json PhysicalLocation(const Span& span) {
  Json artifact = Json::object();
  artifact["uri"] = PathToUri(span.path());
  artifact["uriBaseId"] = std::string(kSrcRoot);
  Json physical = Json::object();
  physical["artifactLocation"] = std::move(artifact);
  physical["region"] = Region(span);
  return physical;
}

Json TagsFor(std::string_view rule_id) {
  Json tags = Json::array({"fluxlint"});
  std::string_view category = RuleCategory(rule_id);
  if (!category.empty() && category != "fluxlint") tags.push_back(std::string(category));
  return tags;
}

Json RuleDescriptor(const std::string& id, Severity fallback_level) {
  const rules::Rule* rule = rules::FindRule(id);
  Json r = Json::object();
  r["id"] = id;
  r["name"] = CamelCaseRuleName(id);
  if (rule != nullptr) {
    std::string summary(rule->info.summary);
    if (summary.empty()) summary = id;
    std::string full = rules::RuleFullDescription(id);
    if (full.empty()) full = summary;
    const std::string help_uri = std::string(kDocsBaseUri) + rules::RuleDocPath(id);
    std::string markdown(rules::RuleDocText(id));
    if (markdown.empty()) markdown = "# " + id + "\n\n" + full + "\n";
    r["shortDescription"] = Message(summary);
    r["fullDescription"] = Message(full);
    Json help = Json::object();
    help["text"] = full + "\n\nDocumentation: " + help_uri;
    help["markdown"] = std::move(markdown);
    r["help"] = std::move(help);
    r["helpUri"] = help_uri;
    r["defaultConfiguration"] = Json::object({{"level", Level(rule->info.default_severity)}});
  } else {
    // Not a lint rule (e.g. an internal problem fluxlint reports about its own run): describe it
    // generically so the log stays complete and valid; there is no rule page to link to.
    const std::string full = "A problem fluxlint reports about its own run (id '" + id +
                             "'); it is not a configurable lint rule.";
    r["shortDescription"] = Message("fluxlint diagnostic " + id);
    r["fullDescription"] = Message(full);
    Json help = Json::object();
    help["text"] = full + " Run `fluxlint rules` to list the lint rules.";
    help["markdown"] =
        "# " + id + "\n\n" + full + " Run `fluxlint rules` to list the lint rules.\n";
    r["help"] = std::move(help);
    r["defaultConfiguration"] = Json::object({{"level", Level(fallback_level)}});
  }
  r["properties"] = Json::object({{"tags", TagsFor(id)}});
  return r;
}

}  // namespace

std::string EmitSarif(const Report& report) {
  // The rules to describe: those that ran and exist, plus every id a finding uses, by id.
  // For ids not in the registry the default level is the highest severity they were reported at.
  std::map<std::string, Severity> rule_ids;
  for (const std::string& id : report.rules_run) {
    if (rules::FindRule(id) != nullptr) rule_ids.emplace(id, Severity::kNote);
  }
  for (const Diagnostic& d : report.diagnostics) {
    auto [it, inserted] = rule_ids.emplace(d.rule_id, d.severity);
    if (!inserted) it->second = std::max(it->second, d.severity);
  }
  std::map<std::string, size_t> rule_index;
  Json rules = Json::array();
  for (const auto& [id, level] : rule_ids) {
    rule_index[id] = rules.size();
    rules.push_back(RuleDescriptor(id, level));
  }

  Json driver = Json::object();
  driver["name"] = "fluxlint";
  // The validator wants a version that starts with a digit (SARIF2005).
  const std::string& version = report.tool_version;
  if (!version.empty() && version[0] >= '0' && version[0] <= '9') {
    driver["version"] = version;
    driver["semanticVersion"] = version;
  } else {
    driver["version"] = "0.0.0-" + (version.empty() ? std::string("unknown") : version);
  }
  driver["informationUri"] = std::string(kInformationUri);
  driver["rules"] = std::move(rules);

  const std::vector<std::string> fingerprints = Fingerprints(report.diagnostics);
  Json results = Json::array();
  // Code scanning rejects results without a physical location, so findings that are not about
  // a file (and run notes) are reported as tool execution notifications instead.
  Json notifications = Json::array();
  for (const std::string& note : report.notes) {
    Json n = Json::object();
    n["level"] = "note";
    n["message"] = Message(note);
    notifications.push_back(std::move(n));
  }
  // Code scanning rejects a run with more than kMaxResults results: keep the most severe ones
  // (in report order within a severity) and say how many were left out.
  size_t with_file[3] = {0, 0, 0};  // by Severity value
  for (const Diagnostic& d : report.diagnostics) {
    if (d.span.file != nullptr) ++with_file[static_cast<int>(d.severity)];
  }
  size_t quota[3] = {0, 0, 0};
  size_t budget = kMaxResults;
  for (int s = 2; s >= 0; --s) {
    quota[s] = std::min(with_file[s], budget);
    budget -= quota[s];
  }
  const size_t omitted =
      with_file[0] + with_file[1] + with_file[2] - quota[0] - quota[1] - quota[2];

  for (size_t i = 0; i < report.diagnostics.size(); ++i) {
    const Diagnostic& d = report.diagnostics[i];
    if (d.span.file != nullptr) {
      size_t& left = quota[static_cast<int>(d.severity)];
      if (left == 0) continue;
      --left;
    }
    std::string text = d.message;
    if (!d.help.empty()) text += "\nhelp: " + d.help;
    const size_t index = rule_index.at(d.rule_id);
    if (d.span.file == nullptr) {
      Json n = Json::object();
      n["level"] = std::string(Level(d.severity));
      n["message"] = Message(text);
      n["associatedRule"] = Json::object({{"id", d.rule_id}, {"index", index}});
      notifications.push_back(std::move(n));
      continue;
    }
    Json result = Json::object();
    result["ruleId"] = d.rule_id;
    result["ruleIndex"] = index;
    result["level"] = std::string(Level(d.severity));
    result["message"] = Message(text);
    Json location = Json::object();
    location["physicalLocation"] = PhysicalLocation(d.span);
    result["locations"] = Json::array({std::move(location)});
    if (!d.related.empty()) {
      Json related = Json::array();
      for (const RelatedSpan& r : d.related) {
        if (related.size() == kMaxRelated) break;
        Json rel = Json::object();
        rel["id"] = related.size() + 1;
        if (r.span.file != nullptr) rel["physicalLocation"] = PhysicalLocation(r.span);
        rel["message"] = Message(r.message.empty() ? std::string("related location") : r.message);
        related.push_back(std::move(rel));
      }
      result["relatedLocations"] = std::move(related);
    }
    result["partialFingerprints"] = Json::object({{std::string(kFingerprintKey), fingerprints[i]}});
    results.push_back(std::move(result));
  }

  if (omitted > 0) {
    Json n = Json::object();
    n["level"] = "warning";
    n["message"] =
        Message(std::to_string(omitted) +
                " findings (the least severe) are left out of this log: GitHub code scanning "
                "rejects runs with more than " +
                std::to_string(kMaxResults) + " results. Use another format to see them.");
    notifications.push_back(std::move(n));
  }

  Json run = Json::object();
  run["tool"] = Json::object({{"driver", std::move(driver)}});
  if (!notifications.empty()) {
    Json invocation = Json::object();
    invocation["executionSuccessful"] = true;
    invocation["toolExecutionNotifications"] = std::move(notifications);
    run["invocations"] = Json::array({std::move(invocation)});
  }
  run["results"] = std::move(results);
  run["columnKind"] = "unicodeCodePoints";

  Json doc = Json::object();
  doc["$schema"] = std::string(kSchemaUri);
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace fluxlint::output
