// flux-healthcheck-missing: a healthChecks entry naming an object the Kustomization does not
// apply.
#include "flux/api_versions.h"
#include "flux/objects.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"
#include "util/edit_distance.h"

namespace fluxlint::rules {
namespace {

struct Id {
  std::string group;
  std::string kind;
  std::string ns;
  std::string name;
};

Id ObjectId(const yaml::Node& o) {
  const yaml::Node* md = o.Get("metadata");
  return {flux::SplitApiVersion(o.GetString("apiVersion")).first, std::string(o.GetString("kind")),
          md ? std::string(md->GetString("namespace")) : "",
          md ? std::string(md->GetString("name")) : ""};
}

}  // namespace

void CheckFluxHealthcheckMissing(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  const model::FluxGraph& graph = s.flux();
  ReportOnce once;
  for (const model::FluxKustomization& k : graph.kustomizations) {
    if (k.render == nullptr || k.spec.health_checks.empty()) continue;
    // Objects a part that was not rendered (remote resource, helm chart) may produce are unknown.
    bool partial = false;
    for (const auto& issue : k.render->build_issues) {
      if (issue.kind == kustomize::BuildIssue::kNotRendered) partial = true;
    }
    if (partial) continue;
    std::vector<Id> produced;
    std::vector<std::string> helm_namespaces;  // where this Kustomization's HelmReleases install
    for (const yaml::Node& o : k.render->objects) {
      produced.push_back(ObjectId(o));
      if (flux::Classify(o) == flux::ObjectType::kHelmRelease) {
        flux::Parsed<flux::HelmRelease> hr = flux::ParseHelmRelease(o);
        helm_namespaces.push_back(hr.object.ReleaseNamespace(produced.back().ns));
      }
    }
    for (const flux::HealthCheck& hc : k.spec.health_checks) {
      if (!hc.kind.present || !hc.name.present) continue;
      std::string api_version = hc.api_version.value.empty() ? "apps/v1" : hc.api_version.value;
      std::string group = flux::SplitApiVersion(api_version).first;
      // kustomize-controller skips a check on the Kustomization itself.
      if (group == flux::kKustomizeGroup && hc.kind.value == "Kustomization" &&
          hc.name.value == k.ref.name && hc.ns.value == k.ref.ns) {
        continue;
      }
      bool found = false, other_ns = false;
      std::string found_ns;
      std::vector<std::string> names;
      for (const Id& id : produced) {
        if (id.group != group || id.kind != hc.kind.value) continue;
        names.push_back(id.name);
        if (id.name != hc.name.value) continue;
        if (id.ns == hc.ns.value) {
          found = true;
          break;
        }
        other_ns = true;
        found_ns = id.ns;
      }
      if (found) continue;
      // A chart installed by one of its HelmReleases may create it: not knowable.
      bool from_helm =
          !flux::IsFluxGroup(group) &&
          std::any_of(helm_namespaces.begin(), helm_namespaces.end(), [&](const std::string& ns) {
            return hc.ns.value.empty() || ns == hc.ns.value;
          });
      if (from_helm && !other_ns) continue;
      Span span = Or(hc.name.span, hc.span);
      if (!s.Reportable(span, &k)) continue;
      std::string target = api_version + " " + hc.kind.value + " " +
                           (hc.ns.value.empty() ? "" : hc.ns.value + "/") + hc.name.value;
      std::string message =
          "health check " + target + " names an object that " + Describe(k) + " does not apply";
      if (other_ns) {
        message += hc.ns.value.empty() ? " (it applies one in namespace '" + found_ns +
                                             "'; the health check namespace is not defaulted)"
                                       : " (it applies one in namespace '" + found_ns + "')";
      } else {
        message += DidYouMean(hc.name.value, names);
      }
      if (!once.First(span, message)) continue;
      Diagnostic& d = out.Report(span, message);
      d.help =
          "kustomize-controller waits for this object until the timeout and marks the "
          "Kustomization not ready; fix the kind, name or namespace (apiVersion defaults "
          "to apps/v1)";
    }
  }
}

}  // namespace fluxlint::rules
