// diff-helmrelease-reinstall: HelmRelease changes that make helm-controller uninstall the
// release and install a new one.
#include "diff/snapshot_diff.h"
#include "flux/objects.h"
#include "rules/diff/diff_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

constexpr std::string_view kHelmGroup = "helm.toolkit.fluxcd.io";

struct Target {
  std::string what;  ///< "release name", …
  std::string before;
  std::string after;
  Span head_span;  ///< the field that changed it at head (may be invalid: removed)
  Span base_span;
};

}  // namespace

void CheckDiffHelmreleaseReinstall(const Context& context, Reporter& out) {
  if (context.diff == nullptr) return;
  const diff::SnapshotDiff& sd = *context.diff;
  diffrules::Dedup dedup;
  std::string base_name = diffrules::BaseName(context);
  for (const diff::ObjectDiff& d : sd.objects()) {
    if (d.kind != diff::ObjectDiff::Kind::kChanged || d.key.group != kHelmGroup ||
        d.key.kind != "HelmRelease") {
      continue;
    }
    flux::HelmRelease b = flux::ParseHelmRelease(*d.base).object;
    flux::HelmRelease h = flux::ParseHelmRelease(*d.head).object;
    const std::string& ns = d.key.ns;
    // The field a person edits for each derived value: releaseName is derived from
    // targetNamespace when it is not set.
    auto first_valid = [](std::initializer_list<Span> spans) {
      for (const Span& s : spans) {
        if (s.valid()) return s;
      }
      return Span{};
    };
    std::vector<Target> targets;
    if (b.ReleaseName() != h.ReleaseName()) {
      targets.push_back({"release name", b.ReleaseName(), h.ReleaseName(),
                         first_valid({h.release_name.span, h.target_namespace.span}),
                         first_valid({b.release_name.span, b.target_namespace.span})});
    }
    if (b.ReleaseNamespace(ns) != h.ReleaseNamespace(ns)) {
      targets.push_back({"release namespace", b.ReleaseNamespace(ns), h.ReleaseNamespace(ns),
                         h.target_namespace.span, b.target_namespace.span});
    }
    if (b.StorageNamespace(ns) != h.StorageNamespace(ns)) {
      targets.push_back({"storage namespace", b.StorageNamespace(ns), h.StorageNamespace(ns),
                         h.storage_namespace.span, b.storage_namespace.span});
    }
    bool in_place = h.chart_name_change_strategy.value == "InPlaceUpdate";
    if (b.chart && h.chart && b.chart->chart.value != h.chart->chart.value && !in_place) {
      targets.push_back({"chart", b.chart->chart.value, h.chart->chart.value, h.chart->chart.span,
                         b.chart->chart.span});
    }
    if (targets.empty()) continue;
    const diff::OwnerPair& owner = sd.owner(d);
    Span span = targets[0].head_span.valid() ? targets[0].head_span : diffrules::NameSpan(*d.head);
    if (!diffrules::Reportable(context, span, owner)) continue;
    std::string changes;
    for (const Target& t : targets) {
      if (!changes.empty()) changes += ", ";
      changes += t.what + " '" + t.before + "' -> '" + t.after + "'";
    }
    std::string message =
        d.key.Describe() + ": " + changes + "; helm-controller uninstalls release '" +
        b.ReleaseName() + "' in namespace '" + b.ReleaseNamespace(ns) +
        "' and installs a new one: everything the chart created is deleted and created again";
    if (!dedup.First(span, message)) continue;
    Diagnostic& diag = out.Report(span, message);
    for (const Target& t : targets) {
      if (t.base_span.valid()) {
        diag.related.push_back({t.base_span, t.what + " was '" + t.before + "' at " + base_name});
      }
    }
    bool chart_changed = targets.back().what == "chart";
    diag.help = chart_changed && targets.size() == 1
                    ? "set spec.upgrade.chartNameChangeStrategy: InPlaceUpdate to upgrade the "
                      "release in place, or accept the reinstall"
                    : "keep the release name and namespaces (set spec.releaseName to the old "
                      "name), or accept that the release is reinstalled";
  }
}

}  // namespace fluxlint::rules
