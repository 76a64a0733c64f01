// yaml-unreadable-file: a YAML file fluxlint cannot read at all.
#include "model/snapshot.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckYamlUnreadableFile(const Context& context, Reporter& out) {
  for (const model::UnreadableFile& f : context.head.unreadable()) {
    Diagnostic& d = out.Report(f.span, f.status.message());
    switch (f.status.code()) {
      case ErrorCode::kOutsideRoot:
        d.help = "kustomize and Flux read only files inside the repository; copy the file in";
        break;
      case ErrorCode::kSymlinkLoop:
        d.help = "point the symlink at a real file";
        break;
      case ErrorCode::kTooLarge:
        d.help = "split the file, or add it to ignorePaths in .fluxlint.yaml";
        break;
      default:
        break;
    }
  }
}

}  // namespace fluxlint::rules
