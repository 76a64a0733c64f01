#ifndef FLUXLINT_RULES_RULE_DOCS_H_
#define FLUXLINT_RULES_RULE_DOCS_H_

#include <span>
#include <string_view>

namespace fluxlint::rules {

/// A rule's Markdown doc, embedded at build time from rules/<category>/<name>.md.
struct RuleDoc {
  std::string_view id;    ///< derived from the file path: yaml/duplicate_key.md -> yaml-duplicate-key
  std::string_view path;  ///< "rules/yaml/duplicate_key.md"
  std::string_view text;
};

/// Every embedded doc, sorted by path (generated; see cmake/EmbedRuleDocsScript.cmake).
std::span<const RuleDoc> AllRuleDocs();

}  // namespace fluxlint::rules

#endif  // FLUXLINT_RULES_RULE_DOCS_H_
