// kustomize-build-error: what kustomize (and so Flux) refuses to build.
#include "config/config.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

/// A YAML error in a linted file that a yaml-* rule reports at the same place already.
bool ReportedByYamlRule(const Context& context, const kustomize::BuildIssue& issue) {
  if (issue.code != "parse" || !issue.span.valid() || !context.head.IsLinted(issue.span)) {
    return false;
  }
  for (const auto& f : context.head.files()) {
    if (f->file != issue.span.file) continue;
    for (const yaml::LoadError& e : f->errors) {
      if (e.span.begin.offset != issue.span.begin.offset) continue;
      std::string_view rule = e.kind == yaml::LoadErrorKind::kDuplicateKey ? "yaml-duplicate-key"
                                                                           : "yaml-syntax-error";
      if (context.config.RuleEnabled(rule)) return true;
    }
  }
  return false;
}

void ReportIssue(const Context& context, const kustomize::BuildIssue& issue, Span fallback,
                 ReportOnce& once, Reporter& out) {
  if (ReportedByYamlRule(context, issue)) return;
  Span span = Or(issue.span, fallback);
  if (!once.First(span, issue.message)) return;
  Diagnostic& d = out.Report(span, issue.message);
  d.related = issue.related;
  d.help = issue.help;
}

}  // namespace

void CheckKustomizeBuildError(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.render == nullptr) continue;
    Span fallback = Or(k.spec.path.span, NameSpan(k));
    for (const kustomize::BuildIssue& issue : k.render->build_issues) {
      if (issue.kind != kustomize::BuildIssue::kError) continue;
      if (!s.Reportable(Or(issue.span, fallback), &k)) continue;
      ReportIssue(context, issue, fallback, once, out);
    }
  }
  for (const model::KustomizeRoot& root : s.kustomize_roots()) {
    for (const kustomize::BuildIssue& issue : root.result->issues) {
      if (issue.kind != kustomize::BuildIssue::kError) continue;
      Span fallback;  // the root's kustomization file
      for (const auto& f : s.files()) {
        if (f->file == nullptr) continue;
        std::string_view path = f->file->path;
        std::string_view name =
            path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
        std::string_view dir = path.substr(0, path.size() - name.size());
        if (!dir.empty()) dir.remove_suffix(1);
        if (dir == root.dir && (name == "kustomization.yaml" || name == "kustomization.yml" ||
                                name == "Kustomization")) {
          fallback = FileSpan(f->file);
        }
      }
      if (!Or(issue.span, fallback).valid()) continue;
      ReportIssue(context, issue, fallback, once, out);
    }
  }
}

}  // namespace fluxlint::rules
