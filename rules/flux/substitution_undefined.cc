// flux-substitution-undefined: `${VAR}` without a default that nothing defines (strict mode).
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckFluxSubstitutionUndefined(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.render == nullptr) continue;
    for (const model::SubstitutionIssue& issue : k.render->substitution_issues) {
      if (issue.error.kind != flux::SubstError::kUndefined) continue;
      if (!s.Reportable(issue.span, &k)) continue;
      const std::string& var = issue.error.variable;
      std::string message = "variable not set (strict mode): \"" + var + "\" in " + issue.object +
                            ", substituted by " + Describe(k);
      if (!once.First(issue.span, message)) continue;
      Diagnostic& d = out.Report(issue.span, message);
      if (k.spec.post_build) {
        d.related.push_back({Or(k.spec.post_build->span, NameSpan(k)),
                             "the postBuild variables of " + Describe(k)});
      }
      d.help = "define " + var + " in spec.postBuild.substitute or in a substituteFrom " +
               "ConfigMap/Secret of " + k.ref.ToString() +
               " (or in .fluxlint.yaml variables when the cluster provides it), or give a "
               "default: ${" +
               var + ":=value}";
    }
  }
}

}  // namespace fluxlint::rules
