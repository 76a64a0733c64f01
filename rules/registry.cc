#include "rules/registry.h"

#include <algorithm>
#include <string>

#include "rules/rule_docs.h"

namespace fluxlint::rules {

// Each check is defined in rules/<category>/<name>.cc.
void CheckYamlDuplicateKey(const Context& context, Reporter& out);
void CheckYamlSyntaxError(const Context& context, Reporter& out);
void CheckYamlUnreadableFile(const Context& context, Reporter& out);

namespace {

// The one table of rules, sorted by id. A null check is run by the engine itself
// (fluxlint-unused-suppression needs every other rule's findings).
constexpr Rule kRules[] = {
    {{"fluxlint-unused-suppression", "fluxlint.io/ignore annotation that suppresses nothing",
      Severity::kWarning, Scope::kYaml},
     nullptr},
    {{"yaml-duplicate-key", "Mapping with the same key twice", Severity::kError, Scope::kYaml},
     &CheckYamlDuplicateKey},
    {{"yaml-syntax-error", "YAML file that does not parse", Severity::kError, Scope::kYaml},
     &CheckYamlSyntaxError},
    {{"yaml-unreadable-file", "YAML file that cannot be read (symlink leaving the repository, loop, too large)",
      Severity::kError, Scope::kYaml},
     &CheckYamlUnreadableFile},
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
