// yaml-duplicate-key: a mapping with the same key twice.
#include "model/snapshot.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckYamlDuplicateKey(const Context& context, Reporter& out) {
  for (const auto& file : context.head.files()) {
    for (const yaml::LoadError& e : file->errors) {
      if (e.kind != yaml::LoadErrorKind::kDuplicateKey) continue;
      Diagnostic& d = out.Report(e.span, e.message);
      if (e.related.valid()) d.related.push_back({e.related, "first defined here"});
      d.help = "remove one of the two entries; kubectl, kustomize and Flux reject the document";
    }
  }
}

}  // namespace fluxlint::rules
