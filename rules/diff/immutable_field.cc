// diff-immutable-field: a change the API server refuses on an existing object.
#include <algorithm>

#include "diff/immutable.h"
#include "diff/selectors.h"
#include "rules/diff/diff_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckDiffImmutableField(const Context& context, Reporter& out) {
  if (context.diff == nullptr) return;
  const diff::SnapshotDiff& sd = *context.diff;
  diffrules::Dedup dedup;
  std::string base_name = diffrules::BaseName(context);
  for (const diff::ObjectDiff& d : sd.objects()) {
    if (d.kind != diff::ObjectDiff::Kind::kChanged) continue;
    const diff::OwnerPair& owner = sd.owner(d);
    // Immutable selectors are diff-selector-drift's: it points at what changed them.
    std::vector<const diff::SelectorField*> selectors;
    for (const diff::SelectorField* s : diff::SelectorFieldsOf(d.key.group, d.key.kind)) {
      if (s->immutable) selectors.push_back(s);
    }
    for (const diff::Violation& v : diff::FindViolations(d, sd.catalog())) {
      std::vector<const diff::FieldChange*> changes;
      for (const diff::FieldChange* c : v.changes) {
        bool selector = std::any_of(
            selectors.begin(), selectors.end(),
            [&](const diff::SelectorField* s) { return diff::PatternCovers(s->path, c->path); });
        if (!selector) changes.push_back(c);
      }
      if (changes.empty()) continue;
      const diff::FieldChange& first = *changes[0];
      Span span = first.HeadSpan();
      if (!span.valid()) span = diffrules::NameSpan(*d.head);
      if (!diffrules::Reportable(context, span, owner)) continue;

      const diff::CatalogEntry& entry = *v.entry;
      std::string what = diffrules::DescribeChange(first);
      if (!v.detail.empty() && (entry.when == diff::When::kServiceClusterIP ||
                                entry.when == diff::When::kServiceIPFamilies)) {
        // The primary address or family, which may be written in either of two fields.
        what = first.path_text + " changes the primary value (" + v.detail + ")";
      }
      if (changes.size() > 1) {
        what += " and " + std::to_string(changes.size() - 1) + " more field" +
                (changes.size() > 2 ? "s" : "");
      }
      std::string why;
      Span force_span;
      bool forced = diffrules::Forced(owner, d, &why, &force_span);
      std::string message;
      Severity severity = entry.severity;
      if (forced) {
        severity = Severity::kWarning;
        message = d.key.Describe() + " will be deleted and recreated: " + what +
                  ", which cannot be updated in place, and " + why;
        std::string_view cost = sd.catalog().RecreateCostOf(d.key.group, d.key.kind);
        if (!cost.empty()) message += "; " + std::string(cost);
      } else {
        message = d.key.Describe() + ": " + what + "; the API server refuses the update: " +
                  diffrules::InvalidMessage(d.key, entry.message);
      }
      if (!dedup.First(span, message)) continue;
      Diagnostic& diag = out.Report(severity, span, message);
      Span base_span = first.BaseSpan();
      if (base_span.valid()) {
        diag.related.push_back({base_span, first.added() ? "not set at " + base_name
                                                         : "was " + diff::ShortValue(first.base) +
                                                               " at " + base_name});
      }
      for (size_t i = 1; i < changes.size() && i < 10; ++i) {
        Span s = changes[i]->HeadSpan();
        if (s.valid()) diag.related.push_back({s, "also changed: " + changes[i]->path_text});
      }
      if (forced && force_span.valid()) diag.related.push_back({force_span, "force is set here"});
      if (entry.span.valid()) {
        diag.related.push_back({entry.span, "declared immutable by " + entry.origin});
      }
      std::string note = entry.note.empty() ? "" : entry.note + "; ";
      if (forced) {
        diag.help = note + "make sure losing the old object is acceptable, or revert the change";
      } else {
        diag.help = note +
                    "revert the change, or give the object a new name (Flux creates the new one "
                    "and prunes the old one), or let Flux recreate it with the label " +
                    std::string(diffrules::kForceKey) + ": enabled";
      }
    }
  }
}

}  // namespace fluxlint::rules
