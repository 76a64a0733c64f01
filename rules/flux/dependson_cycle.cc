// flux-dependson-cycle: Kustomizations (or HelmReleases) that depend on each other in a circle.
#include "model/dependency_graph.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

/// The Kustomization that decides whether a node's finding belongs to this run.
const model::FluxKustomization* Owner(const model::FluxGraph& graph, model::DependencyKind kind,
                                      int node) {
  if (kind == model::DependencyKind::kKustomization) return KustomizationAt(graph, node);
  return KustomizationAt(graph, graph.helm_releases[static_cast<size_t>(node)].owner);
}

/// The dependsOn entry from its first key to the end of its last field (the mapping's own span
/// runs to where the next entry starts).
Span EntrySpan(const flux::DependencyRef& d) {
  Span span = d.span;
  bool any = false;
  for (const flux::Field* f : {&d.name, &d.ns, &d.ready_expr}) {
    if (!f->present || !f->span.valid() || f->span.file != span.file) continue;
    if (!any || f->span.end.offset > span.end.offset) span.end = f->span.end;
    any = true;
  }
  return span;
}

}  // namespace

void CheckFluxDependsonCycle(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  const model::FluxGraph& graph = s.flux();
  ReportOnce once;
  for (model::DependencyKind kind :
       {model::DependencyKind::kKustomization, model::DependencyKind::kHelmRelease}) {
    const bool ks = kind == model::DependencyKind::kKustomization;
    for (const model::DependencyCycle& cycle : model::FindDependencyCycles(graph, kind)) {
      const model::DependencyEdge& closing = cycle.edges.back();
      const flux::DependencyRef& entry =
          model::NodeDependsOn(graph, kind, closing.from)[closing.entry];
      bool reportable = false;
      for (const model::DependencyEdge& e : cycle.edges) {
        const flux::DependencyRef& d = model::NodeDependsOn(graph, kind, e.from)[e.entry];
        if (s.Reportable(EntrySpan(d), Owner(graph, kind, e.from))) reportable = true;
      }
      if (!reportable) continue;
      std::string description = model::DescribeCycle(graph, kind, cycle);
      std::string message = std::string("dependsOn cycle among ") +
                            (ks ? "Kustomizations" : "HelmReleases") + ": " + description;
      if (!once.First(EntrySpan(entry), message)) continue;
      Diagnostic& d = out.Report(EntrySpan(entry), message);
      for (const model::DependencyEdge& e : cycle.edges) {
        const flux::DependencyRef& dep = model::NodeDependsOn(graph, kind, e.from)[e.entry];
        std::string label = model::NodeRef(graph, kind, e.from).ToString() + " depends on " +
                            model::NodeRef(graph, kind, e.to).ToString();
        if (&e == &closing) label += " (closes the cycle)";
        d.related.push_back({EntrySpan(dep), label});
      }
      d.help = ks ? "remove one of these dependsOn entries: kustomize-controller waits for a "
                    "cycle forever and stops event-driven reconciliation of every Kustomization "
                    "of the source (fluxcd/kustomize-controller#1712)"
                  : "remove one of these dependsOn entries: helm-controller waits for a cycle "
                    "forever and never installs or upgrades these releases";
    }
  }
}

}  // namespace fluxlint::rules
