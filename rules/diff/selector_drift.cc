// diff-selector-drift: a label selector that changed between the revisions.
#include <map>

#include "diff/immutable.h"
#include "diff/selectors.h"
#include "rules/diff/diff_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

/// "matchLabels.team set to 'platform'": a change described relative to the selector.
std::string Relative(const diff::FieldChange& c, size_t depth) {
  diff::FieldChange copy = c;
  copy.path.erase(copy.path.begin(), copy.path.begin() + static_cast<std::ptrdiff_t>(depth));
  copy.path_text = copy.path.empty() ? c.path_text : diff::FormatFieldPath(copy.path);
  return diffrules::DescribeChange(copy);
}

}  // namespace

void CheckDiffSelectorDrift(const Context& context, Reporter& out) {
  if (context.diff == nullptr) return;
  const diff::SnapshotDiff& sd = *context.diff;
  diffrules::Dedup dedup;
  std::string base_name = diffrules::BaseName(context);
  for (const diff::ObjectDiff& d : sd.objects()) {
    if (d.kind != diff::ObjectDiff::Kind::kChanged) continue;
    const diff::OwnerPair& owner = sd.owner(d);
    for (const diff::SelectorField* field : diff::SelectorFieldsOf(d.key.group, d.key.kind)) {
      // One finding per selector (NetworkPolicy peers are several), keyed by its concrete path.
      std::map<std::string, std::vector<const diff::FieldChange*>> by_selector;
      std::vector<std::string> order;
      for (const diff::FieldChange& c : d.changes) {
        if (!diff::PatternCovers(field->path, c.path)) continue;
        diff::FieldPath at(c.path.begin(),
                           c.path.begin() + static_cast<std::ptrdiff_t>(field->path.size()));
        std::string key = diff::FormatFieldPath(at);
        if (!by_selector.count(key)) order.push_back(key);
        by_selector[key].push_back(&c);
      }
      for (const std::string& selector : order) {
        const std::vector<const diff::FieldChange*>& changes = by_selector[selector];
        // Point at a value that head has (its provenance is the cause); a removal has none.
        const diff::FieldChange* primary = changes[0];
        for (const diff::FieldChange* c : changes) {
          if (!c->removed() && c->HeadSpan().valid()) {
            primary = c;
            break;
          }
        }
        Span span = primary->HeadSpan();
        if (!span.valid()) span = diffrules::NameSpan(*d.head);
        if (!diffrules::Reportable(context, span, owner)) continue;

        std::string what;
        for (size_t i = 0; i < changes.size() && i < 4; ++i) {
          if (i > 0) what += ", ";
          what += Relative(*changes[i], field->path.size());
        }
        if (changes.size() > 4) what += ", …";
        std::string message;
        Severity severity = field->immutable ? Severity::kError : Severity::kWarning;
        std::string why;
        Span force_span;
        bool forced = field->immutable && diffrules::Forced(owner, d, &why, &force_span);
        if (forced) {
          severity = Severity::kWarning;
          message = "the selector of " + d.key.Describe() + " changes (" + what +
                    "): it is immutable, and " + why + ", so Flux deletes and recreates " +
                    d.key.Describe();
          std::string_view cost = sd.catalog().RecreateCostOf(d.key.group, d.key.kind);
          if (!cost.empty()) message += "; " + std::string(cost);
        } else if (field->immutable) {
          message =
              "the selector of " + d.key.Describe() + " changes (" + what +
              "); a workload's selector is immutable, so the apply fails: " +
              diffrules::InvalidMessage(d.key, selector + ": Invalid value: field is immutable");
        } else {
          message = "the selector of " + d.key.Describe() + " changes (" + what +
                    "): it now selects other pods, silently";
          if (d.key.kind == "Service") {
            message += "; traffic goes to whatever matches the new labels";
          } else if (d.key.kind == "PodDisruptionBudget") {
            message += "; the budget protects other pods";
          } else if (d.key.kind == "NetworkPolicy") {
            message += "; the policy allows or isolates other pods";
          }
        }
        if (!dedup.First(span, message)) continue;
        Diagnostic& diag = out.Report(severity, span, message);
        diag.related.push_back(
            {diffrules::NameSpan(*d.head), d.key.Describe() + " is defined here"});
        for (const diff::FieldChange* c : changes) {
          if (c != primary && !c->removed() && c->HeadSpan().valid()) {
            diag.related.push_back({c->HeadSpan(), "also changed: " + c->path_text});
          }
          Span base_span = c->BaseSpan();
          if (c->base != nullptr && base_span.valid()) {
            diag.related.push_back({base_span, c->path_text + " was " + diff::ShortValue(c->base) +
                                                   " at " + base_name});
          }
        }
        if (forced && force_span.valid()) diag.related.push_back({force_span, "force is set here"});
        if (field->immutable) {
          diag.help =
              "keep selectors out of the change: use `labels:` with `includeSelectors: false` "
              "instead of commonLabels, or recreate the workload under a new name";
        } else {
          diag.help =
              "check that the new selector matches the intended pods; `labels:` with "
              "`includeSelectors: false` adds labels without touching selectors";
        }
      }
    }
  }
}

}  // namespace fluxlint::rules
