#include "diff/selectors.h"

namespace fluxlint::diff {
namespace {

FieldPath Path(std::string_view text) { return ParseFieldPath(text).value(); }

std::vector<SelectorField> MakeSelectorFields() {
  std::vector<SelectorField> out;
  for (std::string_view kind : {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"}) {
    out.push_back(
        {"apps", kind, Path("spec.selector"), true, true, "spec.template.metadata.labels"});
  }
  out.push_back(
      {"batch", "Job", Path("spec.selector"), true, true, "spec.template.metadata.labels"});
  out.push_back({"", "ReplicationController", Path("spec.selector"), false, false,
                 "spec.template.metadata.labels"});
  out.push_back({"", "Service", Path("spec.selector"), false, false, ""});
  out.push_back({"policy", "PodDisruptionBudget", Path("spec.selector"), true, false, ""});
  out.push_back({"networking.k8s.io", "NetworkPolicy", Path("spec.podSelector"), true, false, ""});
  out.push_back({"networking.k8s.io", "NetworkPolicy", Path("spec.ingress[*].from[*].podSelector"),
                 true, false, ""});
  out.push_back({"networking.k8s.io", "NetworkPolicy", Path("spec.egress[*].to[*].podSelector"),
                 true, false, ""});
  return out;
}

}  // namespace

const std::vector<SelectorField>& SelectorFields() {
  static const std::vector<SelectorField> kFields = MakeSelectorFields();
  return kFields;
}

std::vector<const SelectorField*> SelectorFieldsOf(std::string_view group, std::string_view kind) {
  std::vector<const SelectorField*> out;
  for (const SelectorField& f : SelectorFields()) {
    if (f.group == group && f.kind == kind) out.push_back(&f);
  }
  return out;
}

}  // namespace fluxlint::diff
