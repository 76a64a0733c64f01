#include "flux/api_versions.h"

#include <charconv>

namespace fluxlint::flux {
namespace {

bool ParseNumber(std::string_view text, int* out) {
  if (text.empty() || text.size() > 4) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return std::from_chars(text.data(), text.data() + text.size(), *out).ec == std::errc();
}

void CollectRemovedFields(const RemovedField& field, const yaml::Node& node, size_t step,
                          std::string path, Span key_span, std::vector<RemovedFieldUse>* out) {
  if (step == field.path.size()) {
    RemovedFieldUse use;
    use.field = &field;
    use.path = path;
    use.span = key_span.valid() ? key_span : node.span;
    use.message = path + " is not a field of " + std::string(field.group) + "/" +
                  std::string(field.version) + " " + std::string(field.kind);
    if (!field.use_instead.empty()) {
      use.message += "; use " + std::string(field.use_instead);
    } else {
      use.message += "; remove it";
    }
    out->push_back(std::move(use));
    return;
  }
  const std::string_view name = field.path[step];
  if (name == "[]") {
    if (!node.IsSequence()) return;
    for (size_t i = 0; i < node.ItemCount(); ++i) {
      CollectRemovedFields(field, node.children[i], step + 1, path + "[" + std::to_string(i) + "]",
                           node.children[i].span, out);
    }
    return;
  }
  if (!node.IsMapping()) return;
  for (size_t i = 0; i < node.EntryCount(); ++i) {
    const yaml::Node& key = node.Key(i);
    if (!key.IsScalar() || key.value != name) continue;
    CollectRemovedFields(field, node.Value(i), step + 1,
                         path.empty() ? std::string(name) : path + "." + std::string(name),
                         key.span, out);
    break;  // the first entry wins, as in Node::Get
  }
}

}  // namespace

std::optional<FluxVersion> FluxVersion::Parse(std::string_view text) {
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  FluxVersion v;
  if (!ParseNumber(text.substr(0, dot), &v.major)) return std::nullopt;
  std::string_view rest = text.substr(dot + 1);
  const size_t dot2 = rest.find('.');
  if (dot2 != std::string_view::npos) {
    int patch = 0;
    if (!ParseNumber(rest.substr(dot2 + 1), &patch)) return std::nullopt;
    rest = rest.substr(0, dot2);
  }
  if (!ParseNumber(rest, &v.minor)) return std::nullopt;
  return v;
}

std::string FluxVersion::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

bool StrictSubstitutionByDefault(FluxVersion flux_version) {
  return flux_version >= FluxVersion{2, 9};
}

const std::vector<KindVersions>& FluxKinds() {
  static const std::vector<KindVersions> kKinds = {
      {kKustomizeGroup, "Kustomization", "v1", {2, 0}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 8}}}},
      {kHelmGroup, "HelmRelease", "v2", {2, 3}, {{"v2beta1", {2, 7}}, {"v2beta2", {2, 8}}}},
      {kSourceGroup, "GitRepository", "v1", {2, 0}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 8}}}},
      {kSourceGroup, "HelmRepository", "v1", {2, 3}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 8}}}},
      {kSourceGroup, "HelmChart", "v1", {2, 3}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 8}}}},
      {kSourceGroup, "Bucket", "v1", {2, 4}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 8}}}},
      {kSourceGroup, "OCIRepository", "v1", {2, 6}, {{"v1beta2", {2, 8}}}},
      {kSourceGroup, "ExternalArtifact", "v1", {2, 7}, {}},
      {kNotificationGroup, "Receiver", "v1", {2, 1}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 9}}}},
      {kNotificationGroup, "Alert", "v1beta3", {2, 1}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 9}}}},
      {kNotificationGroup,
       "Provider",
       "v1beta3",
       {2, 1},
       {{"v1beta1", {2, 7}}, {"v1beta2", {2, 9}}}},
      {kImageGroup, "ImageRepository", "v1", {2, 7}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 9}}}},
      {kImageGroup, "ImagePolicy", "v1", {2, 7}, {{"v1beta1", {2, 7}}, {"v1beta2", {2, 9}}}},
      {kImageGroup,
       "ImageUpdateAutomation",
       "v1",
       {2, 7},
       {{"v1beta1", {2, 7}}, {"v1beta2", {2, 9}}}},
  };
  return kKinds;
}

const KindVersions* FindKind(std::string_view group, std::string_view kind) {
  for (const KindVersions& k : FluxKinds()) {
    if (k.group == group && k.kind == kind) return &k;
  }
  return nullptr;
}

bool IsFluxGroup(std::string_view group) {
  constexpr std::string_view kSuffix = ".toolkit.fluxcd.io";
  return group.size() > kSuffix.size() && group.ends_with(kSuffix);
}

std::optional<Removal> FindRemoval(std::string_view group, std::string_view version,
                                   std::string_view kind, FluxVersion flux_version) {
  const KindVersions* k = FindKind(group, kind);
  if (k == nullptr) return std::nullopt;
  for (const RemovedVersion& r : k->removed) {
    if (r.version != version || flux_version < r.removed_in) continue;
    Removal removal;
    removal.group = std::string(group);
    removal.version = std::string(version);
    removal.kind = std::string(kind);
    removal.removed_in = r.removed_in;
    removal.current = std::string(k->current);
    removal.message = removal.group + "/" + removal.version + " " + removal.kind +
                      " was removed in Flux " + r.removed_in.ToString() + "; use " + removal.group +
                      "/" + removal.current + " (run `flux migrate`)";
    return removal;
  }
  return std::nullopt;
}

std::optional<Removal> FindRemoval(std::string_view group, std::string_view version,
                                   std::string_view kind, std::string_view flux_version) {
  return FindRemoval(group, version, kind,
                     FluxVersion::Parse(flux_version).value_or(kLatestFluxVersion));
}

const std::vector<RemovedField>& RemovedFields() {
  static const std::vector<RemovedField> kFields = {
      {kKustomizeGroup, "Kustomization", "v1", {"spec", "validation"}, ""},
      {kKustomizeGroup, "Kustomization", "v1", {"spec", "patchesStrategicMerge"}, "spec.patches"},
      {kKustomizeGroup, "Kustomization", "v1", {"spec", "patchesJson6902"}, "spec.patches"},
      {kHelmGroup,
       "HelmRelease",
       "v2",
       {"spec", "chart", "spec", "valuesFile"},
       "spec.chart.spec.valuesFiles"},
      {kHelmGroup,
       "HelmRelease",
       "v2",
       {"spec", "postRenderers", "[]", "kustomize", "patchesStrategicMerge"},
       "spec.postRenderers[].kustomize.patches"},
      {kHelmGroup,
       "HelmRelease",
       "v2",
       {"spec", "postRenderers", "[]", "kustomize", "patchesJson6902"},
       "spec.postRenderers[].kustomize.patches"},
  };
  return kFields;
}

std::vector<RemovedFieldUse> FindRemovedFields(std::string_view group, std::string_view version,
                                               std::string_view kind, const yaml::Node& root) {
  std::vector<RemovedFieldUse> uses;
  for (const RemovedField& field : RemovedFields()) {
    if (field.group != group || field.version != version || field.kind != kind) continue;
    CollectRemovedFields(field, root, 0, "", Span(), &uses);
  }
  return uses;
}

}  // namespace fluxlint::flux
