// flux-api-removed: a Flux apiVersion (or a field) that the target Flux version no longer has.
#include <optional>

#include "flux/api_versions.h"
#include "flux/objects.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

void CheckObject(const Context& context, const yaml::Node& object,
                 const model::FluxKustomization* owner, ReportOnce& once, Reporter& out) {
  if (!object.IsMapping()) return;
  const yaml::Node* api = object.Get("apiVersion");
  const yaml::Node* kind = object.Get("kind");
  if (api == nullptr || kind == nullptr || !api->IsScalar() || !kind->IsScalar()) return;
  auto [group, version] = flux::SplitApiVersion(api->value);
  if (!flux::IsFluxGroup(group)) return;
  const model::Snapshot& s = context.head;
  if (std::optional<flux::Removal> r =
          flux::FindRemoval(group, version, kind->value, context.config.flux_version)) {
    Span span = Or(api->span, object.span);
    if (s.Reportable(span, owner) && once.First(span, r->message)) {
      Diagnostic& d = out.Report(span, r->message);
      d.help = "change apiVersion to " + group + "/" + r->current +
               " (`flux migrate -f <dir>` rewrites files); the API server no longer serves " +
               version + ", so the object cannot be applied";
    }
    return;  // the removed fields belong to the GA version only
  }
  for (const flux::RemovedFieldUse& use :
       flux::FindRemovedFields(group, version, kind->value, object)) {
    Span span = Or(use.span, object.span);
    if (!s.Reportable(span, owner) || !once.First(span, use.message)) continue;
    Diagnostic& d = out.Report(span, use.message);
    d.help = "move it to " + std::string(use.field->use_instead) +
             "; the API server drops unknown fields, so this setting does nothing";
  }
}

}  // namespace

void CheckFluxApiRemoved(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  // What the renders apply: objects keep the spans of the documents they came from (and a
  // patch file's own apiVersion, which kustomize ignores, is not reported).
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.render == nullptr) continue;
    for (const yaml::Node& o : k.render->objects) CheckObject(context, o, &k, once, out);
  }
  for (const model::KustomizeRoot& root : s.kustomize_roots()) {
    for (const yaml::Node& o : root.result->objects) CheckObject(context, o, nullptr, once, out);
  }
  // Documents that no render reads (a Flux Kustomization's own definition in a file no
  // Kustomization applies, plain manifests).
  for (const auto& file : s.files()) {
    if (file->file == nullptr || s.Rendered(file->file->path)) continue;
    for (const yaml::Document& d : file->documents) {
      if (!d.empty) CheckObject(context, d.root, nullptr, once, out);
    }
  }
}

}  // namespace fluxlint::rules
