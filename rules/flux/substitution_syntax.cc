// flux-substitution-syntax: a `${…}` expression that Flux's envsubst grammar rejects.
#include "model/snapshot.h"
#include "model/substitution.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckFluxSubstitutionSyntax(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.render == nullptr) continue;
    for (const model::SubstitutionIssue& issue : k.render->substitution_issues) {
      if (issue.error.kind == flux::SubstError::kUndefined) continue;
      if (!s.Reportable(issue.span, &k)) continue;
      // The expression as written: from `${` up to the next `}` on that line.
      std::string text;
      if (issue.span.valid() && issue.span.begin.offset < issue.span.file->text.size()) {
        std::string_view rest(issue.span.file->text);
        rest = rest.substr(issue.span.begin.offset, 80);
        rest = rest.substr(0, rest.find('\n'));
        size_t close = rest.find('}');
        if (close != std::string_view::npos) {
          text = std::string(rest.substr(0, close + 1));
        } else if (issue.span.end.offset > issue.span.begin.offset) {
          text = std::string(rest.substr(0, issue.span.end.offset - issue.span.begin.offset));
        }
      }
      Span span = issue.span;
      if (!text.empty() && span.valid()) {
        span.end = model::PositionAt(*span.file,
                                     static_cast<uint32_t>(span.begin.offset + text.size()));
      }
      std::string message = "postBuild substitution fails: " + issue.error.message;
      if (!text.empty()) message += " in '" + text + "'";
      if (!once.First(span, message)) continue;
      Diagnostic& d = out.Report(span, message);
      d.related.push_back(
          {Or(k.spec.post_build ? k.spec.post_build->span : Span{}, NameSpan(k)),
           Describe(k) + " substitutes this object; the whole Kustomization fails"});
      d.help = issue.error.kind == flux::SubstError::kSyntax
                   ? "a variable name has only letters, digits and _ (no '-' or '.'); write "
                     "$${…} to keep the text literally"
                   : "simplify the expression; fluxlint stops at this limit";
    }
  }
}

}  // namespace fluxlint::rules
