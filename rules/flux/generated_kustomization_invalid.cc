// flux-generated-kustomization-invalid: YAML that is not a Kubernetes object in a path that
// Flux turns into a generated kustomization.
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckFluxGeneratedKustomizationInvalid(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.render == nullptr) continue;
    for (const model::GenerationIssue& g : k.render->generation_issues) {
      if (!s.Reportable(g.span, &k)) continue;
      if (!once.First(g.span, g.message)) continue;
      Diagnostic& d = out.Report(g.span, g.message);
      d.related.push_back({Or(k.spec.path.span, NameSpan(k)),
                           Describe(k) + " applies this directory, which has no "
                                         "kustomization.yaml: Flux generates one from every "
                                         ".yaml/.yml file below it"});
      d.help =
          "add a kustomization.yaml that lists the manifests, move the file out of the "
          "path, or exclude it with a .sourceignore";
    }
  }
}

}  // namespace fluxlint::rules
