#include "rules/registry.h"

#include <algorithm>
#include <string>

#include "rules/rule_docs.h"

namespace fluxlint::rules {
namespace {

// The one table of rules, sorted by id. Each rule is defined in rules/<category>/<name>.cc.
constexpr Rule kRules[] = {
    {{"fluxlint-placeholder", "placeholder", Severity::kNote, Scope::kYaml}, nullptr},
};

}  // namespace

std::span<const Rule> AllRules() { return kRules; }

const Rule* FindRule(std::string_view id) {
  for (const Rule& r : kRules) {
    if (r.info.id == id) return &r;
  }
  return nullptr;
}

std::string_view RuleDocText(std::string_view id) {
  for (const RuleDoc& d : AllRuleDocs()) {
    if (d.id == id) return d.text;
  }
  return {};
}

std::string RuleFullDescription(std::string_view id) {
  std::string_view text = RuleDocText(id);
  size_t start = text.find("## What it does");
  if (start == std::string_view::npos) return {};
  start = text.find('\n', start);
  if (start == std::string_view::npos) return {};
  while (start < text.size() && text[start] == '\n') ++start;
  size_t end = text.find("\n\n", start);
  if (end == std::string_view::npos) end = text.size();
  std::string out(text.substr(start, end - start));
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string RuleDocPath(std::string_view id) { return "docs/rules/" + std::string(id) + ".md"; }

}  // namespace fluxlint::rules
