// flux-source-missing: a sourceRef naming a source that the repository does not define.
#include <set>

#include "config/config.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"
#include "util/edit_distance.h"

namespace fluxlint::rules {
namespace {

/// Names of the sources of `kind` anywhere in the repository, for "did you mean".
std::vector<std::string> SourceNames(const model::Snapshot& s, std::string_view kind) {
  std::set<std::string> names;
  for (const model::FluxSource& src : s.flux().sources) {
    if (src.ref.kind == kind) names.insert(src.ref.name);
  }
  for (const model::ObjectEntry* e : s.objects().OfKind(kind)) names.insert(e->name);
  return {names.begin(), names.end()};
}

bool Mapped(const config::Config& config, const flux::ObjectRef& ref) {
  for (const config::SourceMapping& m : config.sources) {
    if (m.kind == ref.kind && m.name == ref.name &&
        (m.namespace_.empty() || m.namespace_ == ref.ns)) {
      return true;
    }
  }
  return false;
}

/// Whether the source a HelmRelease names exists: in its cluster, anywhere in the graph, or
/// written in a file (without a namespace, or in that namespace).
bool SourceDefined(const model::Snapshot& s, const flux::ObjectRef& ref) {
  for (const model::FluxSource& src : s.flux().sources) {
    if (src.ref.kind == ref.kind && src.ref.name == ref.name &&
        (src.ref.ns == ref.ns || src.ref.ns.empty())) {
      return true;
    }
  }
  for (const model::ObjectEntry* e : s.objects().Find(ref.kind, ref.name)) {
    if (e->ns == ref.ns || e->ns.empty()) return true;
  }
  return false;
}

}  // namespace

void CheckFluxSourceMissing(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  const model::FluxGraph& graph = s.flux();
  ReportOnce once;
  for (const model::FluxKustomization& k : graph.kustomizations) {
    if (k.source_status != model::SourceStatus::kMissing) continue;
    if (!k.spec.source_ref.kind.present || !k.spec.source_ref.name.present) continue;
    Span span = Or(k.spec.source_ref.name.span, Or(k.spec.source_ref.span, NameSpan(k)));
    if (!s.Reportable(span, &k)) continue;
    std::string message = "sourceRef " + k.source.Describe() +
                          " is not defined in the repository; " + Describe(k) + " is not analysed" +
                          DidYouMean(k.source.name, SourceNames(s, k.source.kind));
    if (!once.First(span, message)) continue;
    Diagnostic& d = out.Report(span, message);
    d.help =
        "if the cluster gets this source elsewhere (flux bootstrap, another repository), map it "
        "to a folder of this repository with `sources` in .fluxlint.yaml";
  }
  for (const model::FluxHelmRelease& h : graph.helm_releases) {
    const model::FluxKustomization* owner = KustomizationAt(graph, h.owner);
    auto check = [&](const flux::SourceReference& ref, std::string_view field) {
      if (!ref.kind.present || !ref.name.present) return;
      flux::ObjectRef target = ref.Resolve(h.ref.ns);
      if (SourceDefined(s, target) || Mapped(context.config, target)) return;
      Span span = Or(ref.name.span, ref.span);
      if (!s.Reportable(span, owner)) return;
      std::string message = std::string(field) + " " + target.Describe() +
                            " is not defined in the repository; HelmRelease " + h.ref.ToString() +
                            " cannot fetch its chart" +
                            DidYouMean(target.name, SourceNames(s, target.kind));
      if (!once.First(span, message)) return;
      Diagnostic& d = out.Report(span, message);
      d.help =
          "define the source in the repository, or fix the reference (its namespace "
          "defaults to the HelmRelease's)";
    };
    if (h.spec.chart) check(h.spec.chart->source_ref, "chart.spec.sourceRef");
    if (h.spec.chart_ref) check(*h.spec.chart_ref, "chartRef");
  }
}

}  // namespace fluxlint::rules
