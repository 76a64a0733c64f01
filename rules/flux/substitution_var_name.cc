// flux-substitution-var-name: a postBuild variable whose name the controller rejects.
#include "flux/envsubst.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckFluxSubstitutionVarName(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    // The check runs only when substitution does (spec §1).
    if (!k.substitution_runs) continue;
    for (const model::VarNameIssue& v : k.var_name_issues) {
      Span span = Or(v.span, Or(k.spec.post_build ? k.spec.post_build->span : Span{}, NameSpan(k)));
      if (!s.Reportable(span, &k)) continue;
      std::string message =
          flux::InvalidVarNameMessage(v.name) + " (" + v.origin + ", used by " + Describe(k) + ")";
      if (!once.First(span, flux::InvalidVarNameMessage(v.name))) continue;
      Diagnostic& d = out.Report(span, message);
      d.help =
          "kustomize-controller fails the whole Kustomization on this key; rename it (letters, "
          "digits and _, not starting with a digit), or keep such data out of the "
          "substituteFrom object";
    }
  }
}

}  // namespace fluxlint::rules
