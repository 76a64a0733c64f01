// flux-path-missing: a Kustomization's spec.path that does not exist in its source.
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"
#include "util/edit_distance.h"

namespace fluxlint::rules {

void CheckFluxPathMissing(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (!k.analysed() || k.dir_exists) continue;
    // A `${VAR}` left in the path by a parent whose variables are not all known (a
    // substituteFrom object that only the cluster has) is not a finding: the cluster may fill it.
    if (const model::FluxKustomization* parent = KustomizationAt(s.flux(), k.parent);
        parent != nullptr && !parent->variables_complete &&
        k.spec.path.value.find("${") != std::string::npos) {
      continue;
    }
    Span span = Or(k.spec.path.span, Or(k.spec.spec_span, NameSpan(k)));
    if (!s.Reportable(span, &k)) continue;
    std::string root = k.source_root.empty() ? "." : k.source_root;
    std::string message = "path '" + k.spec.path.value + "' of " + Describe(k) +
                          (k.dir_is_file ? " is a file, not a directory" : " not found") +
                          " in source " + k.source.Describe() + " (source root '" + root +
                          "', looked for '" + (k.dir.empty() ? "." : k.dir) + "')";
    std::string match = ClosestMatch(k.missing_component, k.parent_dirs);
    if (!match.empty()) {
      std::string suggestion = k.existing_parent.empty() ? match : k.existing_parent + "/" + match;
      if (!k.source_root.empty() && suggestion.starts_with(k.source_root + "/")) {
        suggestion = suggestion.substr(k.source_root.size() + 1);
      }
      message += ", did you mean './" + suggestion + "'?";
    }
    if (!once.First(span, message)) continue;
    Diagnostic& d = out.Report(span, message);
    if (k.source_status == model::SourceStatus::kMapped && k.source_definition.valid()) {
      d.related.push_back({k.source_definition, "the source root comes from this mapping"});
    }
    d.help =
        "kustomize-controller fails with \"kustomization path not found\"; spec.path is "
        "relative to the root of the source, not to this file";
  }
}

}  // namespace fluxlint::rules
