// flux-dependson-missing: a dependsOn entry naming an object defined nowhere.
#include "model/dependency_graph.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"
#include "util/edit_distance.h"

namespace fluxlint::rules {

void CheckFluxDependsonMissing(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  const model::FluxGraph& graph = s.flux();
  ReportOnce once;
  for (model::DependencyKind kind :
       {model::DependencyKind::kKustomization, model::DependencyKind::kHelmRelease}) {
    const bool ks = kind == model::DependencyKind::kKustomization;
    for (const model::MissingDependency& m :
         model::FindMissingDependencies(graph, s.objects(), kind)) {
      const flux::DependencyRef& dep = model::NodeDependsOn(graph, kind, m.owner)[m.entry];
      const model::FluxKustomization* owner =
          ks ? KustomizationAt(graph, m.owner)
             : KustomizationAt(graph, graph.helm_releases[static_cast<size_t>(m.owner)].owner);
      Span span = Or(dep.name.span, dep.span);
      if (!s.Reportable(span, owner)) continue;
      std::string message = std::string("dependsOn ") + (ks ? "Kustomization" : "HelmRelease") +
                            " '" + m.target.ToString() + "' is not defined in the repository";
      if (!m.other_namespaces.empty()) {
        message += " (there is one in namespace '" + m.other_namespaces.front() +
                   "'; the namespace of a dependsOn entry defaults to the owner's)";
      } else {
        message += DidYouMean(m.target.name, m.candidates);
      }
      if (!once.First(span, message)) continue;
      Diagnostic& d = out.Report(span, message);
      d.help = std::string("fix the name (or add `namespace:`); the controller reports \"") +
               (ks ? "dependency '" + m.target.ToString() + "' not found"
                   : "unable to get '" + m.target.ToString() + "' dependency") +
               "\" and retries forever";
    }
  }
}

}  // namespace fluxlint::rules
