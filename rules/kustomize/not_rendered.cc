// kustomize-not-rendered: parts fluxlint does not render (remote resources, Helm charts,
// plugins, and Flux sources that are not this repository).
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckKustomizeNotRendered(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.source_status == model::SourceStatus::kNotAnalysed) {
      Span span = Or(k.spec.source_ref.name.span, Or(k.spec.source_ref.span, NameSpan(k)));
      if (s.Reportable(span, &k)) {
        std::string message = Describe(k) + " is not analysed: its source " + k.source.Describe() +
                              " is not this repository";
        if (once.First(span, message)) {
          Diagnostic& d = out.Report(span, message);
          if (k.source_definition.valid()) {
            Span where = k.source_definition;
            if (const model::ObjectEntry* e = s.objects().Containing(where)) {
              const yaml::Node* name = e->node->Find({"metadata", "name"});
              if (name != nullptr && name->span.valid()) where = name->span;
            }
            d.related.push_back({where, "the source is defined here"});
          }
          d.help =
              "if that content is in this repository too, map the source to its folder "
              "with `sources` in .fluxlint.yaml";
        }
      }
    }
    if (k.render == nullptr) continue;
    for (const kustomize::BuildIssue& issue : k.render->build_issues) {
      if (issue.kind != kustomize::BuildIssue::kNotRendered) continue;
      Span span = Or(issue.span, NameSpan(k));
      if (!s.Reportable(span, &k) || !once.First(span, issue.message)) continue;
      Diagnostic& d = out.Report(span, issue.message);
      d.related = issue.related;
      d.help = issue.help;
    }
  }
  for (const model::KustomizeRoot& root : s.kustomize_roots()) {
    for (const kustomize::BuildIssue& issue : root.result->issues) {
      if (issue.kind != kustomize::BuildIssue::kNotRendered || !issue.span.valid()) continue;
      if (!once.First(issue.span, issue.message)) continue;
      Diagnostic& d = out.Report(issue.span, issue.message);
      d.related = issue.related;
      d.help = issue.help;
    }
  }
}

}  // namespace fluxlint::rules
