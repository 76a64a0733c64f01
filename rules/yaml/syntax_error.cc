// yaml-syntax-error: a YAML file that does not parse.
#include "model/snapshot.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckYamlSyntaxError(const Context& context, Reporter& out) {
  for (const auto& file : context.head.files()) {
    for (const yaml::LoadError& e : file->errors) {
      if (e.kind == yaml::LoadErrorKind::kDuplicateKey) continue;
      Diagnostic& d = out.Report(e.span, e.message);
      if (e.context_span.valid() && !e.context.empty()) {
        d.related.push_back({e.context_span, e.context});
      }
      switch (e.kind) {
        case yaml::LoadErrorKind::kLimit:
          d.help = "split the file or simplify it; fluxlint refuses input that could exhaust memory";
          break;
        case yaml::LoadErrorKind::kBinary:
          d.help = "rename the file if it is not YAML, or add it to ignorePaths in .fluxlint.yaml";
          break;
        default:
          d.help = "kubectl, kustomize and Flux reject this file; fix the YAML at this position";
          break;
      }
    }
  }
}

}  // namespace fluxlint::rules
