// flux-substitute-from-missing: a non-optional substituteFrom object that is nowhere to be
// found.
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckFluxSubstituteFromMissing(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (!k.spec.post_build) continue;
    const auto& refs = k.spec.post_build->substitute_from;
    for (size_t i = 0; i < refs.size() && i < k.substitute_from.size(); ++i) {
      if (k.substitute_from[i].found != model::SubstituteFromStatus::kMissing) continue;
      Span span = Or(refs[i].name.span, refs[i].span);
      if (!s.Reportable(span, &k)) continue;
      std::string message = "substituteFrom " + k.substitute_from[i].description +
                            " is not in the repository and not optional: " + Describe(k) +
                            " fails unless the cluster has it";
      if (!once.First(span, message)) continue;
      Diagnostic& d = out.Report(span, message);
      d.help =
          "if the cluster provides it, declare it under substituteFrom in .fluxlint.yaml "
          "(its variables are then checked too); otherwise add it or set optional: true";
    }
  }
}

}  // namespace fluxlint::rules
