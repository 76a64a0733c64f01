#include "kustomize/resource.h"

#include <algorithm>
#include <utility>

namespace fluxlint::kustomize {

Gvk Gvk::FromApiVersion(std::string_view api_version, std::string_view kind) {
  Gvk gvk;
  gvk.kind = std::string(kind);
  size_t slash = api_version.rfind('/');
  if (slash == std::string_view::npos) {
    gvk.version = std::string(api_version);
  } else {
    gvk.group = std::string(api_version.substr(0, slash));
    gvk.version = std::string(api_version.substr(slash + 1));
  }
  return gvk;
}

std::string Gvk::ApiVersion() const {
  if (group.empty()) return version;
  return group + "/" + version;
}

bool Gvk::IsSelectedBy(const Gvk& selector) const {
  if (!selector.group.empty() && selector.group != group) return false;
  if (!selector.version.empty() && selector.version != version) return false;
  if (!selector.kind.empty() && selector.kind != kind) return false;
  return true;
}

std::string Gvk::SortString() const {
  std::string s = group.empty() ? "~G" : group;
  s += '_';
  s += version.empty() ? "~V" : version;
  s += '_';
  s += kind.empty() ? "~K" : kind;
  return s;
}

namespace {

// Cluster-scoped (apiVersion, kind) pairs of the Kubernetes 1.21 OpenAPI schema that kustomize
// v5 embeds (kyaml/openapi). kustomize looks kinds up by exact apiVersion and kind; anything
// not listed (custom resources, newer API versions) is namespaced. Verified against kubectl
// kustomize v5.5.0.
constexpr std::pair<std::string_view, std::string_view> kClusterScoped[] = {
    {"v1", "ComponentStatus"},
    {"v1", "Namespace"},
    {"v1", "Node"},
    {"v1", "PersistentVolume"},
    {"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"},
    {"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"},
    {"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"},
    {"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"},
    {"apiextensions.k8s.io/v1", "CustomResourceDefinition"},
    {"apiregistration.k8s.io/v1", "APIService"},
    {"apiregistration.k8s.io/v1beta1", "APIService"},
    {"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"},
    {"certificates.k8s.io/v1", "CertificateSigningRequest"},
    {"certificates.k8s.io/v1beta1", "CertificateSigningRequest"},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema"},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration"},
    {"networking.k8s.io/v1", "IngressClass"},
    {"networking.k8s.io/v1beta1", "IngressClass"},
    {"node.k8s.io/v1", "RuntimeClass"},
    {"node.k8s.io/v1beta1", "RuntimeClass"},
    {"policy/v1beta1", "PodSecurityPolicy"},
    {"extensions/v1beta1", "PodSecurityPolicy"},
    {"rbac.authorization.k8s.io/v1", "ClusterRole"},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRole"},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"},
    {"scheduling.k8s.io/v1", "PriorityClass"},
    {"scheduling.k8s.io/v1beta1", "PriorityClass"},
    {"storage.k8s.io/v1", "CSIDriver"},
    {"storage.k8s.io/v1", "CSINode"},
    {"storage.k8s.io/v1", "StorageClass"},
    {"storage.k8s.io/v1", "VolumeAttachment"},
    {"storage.k8s.io/v1beta1", "CSIDriver"},
    {"storage.k8s.io/v1beta1", "CSINode"},
    {"storage.k8s.io/v1beta1", "StorageClass"},
    {"storage.k8s.io/v1beta1", "VolumeAttachment"},
    // Review objects (TokenReview, SubjectAccessReview, …) only exist as requests: the schema
    // has no list path for them and kustomize treats them as namespaced, so they are absent.
};

}  // namespace

bool IsClusterScopedKind(std::string_view api_version, std::string_view kind) {
  if (kind.empty()) return false;
  for (const auto& [av, k] : kClusterScoped) {
    if (k == kind && av == api_version) return true;
  }
  return false;
}

bool ResId::IsClusterScoped() const { return IsClusterScopedKind(gvk.ApiVersion(), gvk.kind); }

std::string ResId::EffectiveNamespace() const {
  if (IsClusterScoped()) return "~X";  // never equal to a real namespace
  if (ns.empty()) return "default";
  return ns;
}

bool ResId::NamespaceEquals(const ResId& other) const {
  return EffectiveNamespace() == other.EffectiveNamespace();
}

bool ResId::Equals(const ResId& other) const {
  return gvk == other.gvk && name == other.name && NamespaceEquals(other);
}

bool ResId::IsSelectedBy(const ResId& selector) const {
  if (!selector.name.empty() && selector.name != name) return false;
  if (!selector.ns.empty() && !selector.NamespaceEquals(*this)) return false;
  return gvk.IsSelectedBy(selector.gvk);
}

std::string ResId::Key() const {
  std::string k = gvk.group;
  k += '|';
  k += gvk.version;
  k += '|';
  k += gvk.kind;
  k += '|';
  k += EffectiveNamespace();
  k += '|';
  k += name;
  return k;
}

std::string ResId::Describe() const {
  std::string s;
  if (!gvk.group.empty()) s += gvk.group + "/";
  s += gvk.kind.empty() ? "<no kind>" : gvk.kind;
  s += '/';
  if (!ns.empty()) s += ns + "/";
  s += name.empty() ? "<no name>" : name;
  return s;
}

yaml::Node MakeString(std::string value, Span span) {
  // Quoted scalars are always strings; the emitter picks the printed style.
  return yaml::Node::Scalar(std::move(value), span, yaml::ScalarStyle::kDoubleQuoted);
}

ResId Resource::CurId() const {
  ResId id;
  id.gvk = Gvk::FromApiVersion(node.GetString("apiVersion"), node.GetString("kind"));
  if (const yaml::Node* md = node.Get("metadata")) {
    id.name = std::string(md->GetString("name"));
    id.ns = std::string(md->GetString("namespace"));
  }
  return id;
}

ResId Resource::OrgId() const { return prev_ids.empty() ? CurId() : prev_ids.front(); }

std::vector<ResId> Resource::AllIds() const {
  std::vector<ResId> ids = prev_ids;
  ids.push_back(CurId());
  return ids;
}

void Resource::StorePreviousId() { prev_ids.push_back(CurId()); }

std::string_view Resource::Kind() const { return node.GetString("kind"); }

std::string_view Resource::Name() const {
  const yaml::Node* md = node.Get("metadata");
  return md ? md->GetString("name") : std::string_view();
}

std::string_view Resource::Namespace() const {
  const yaml::Node* md = node.Get("metadata");
  return md ? md->GetString("namespace") : std::string_view();
}

namespace {

yaml::Node& MetadataOf(yaml::Node& node) {
  yaml::Node* md = node.GetMutable("metadata");
  if (md == nullptr || !md->IsMapping()) {
    Span span = md != nullptr ? md->span : node.span;
    md = &node.Set("metadata", yaml::Node::Mapping(span), span);
  }
  return *md;
}

}  // namespace

void Resource::SetName(std::string name, Span span) {
  yaml::Node& md = MetadataOf(node);
  Span key_span = span;
  md.Set("name", MakeString(std::move(name), span), key_span);
}

void Resource::SetNamespace(std::string ns, Span span) {
  yaml::Node& md = MetadataOf(node);
  md.Set("namespace", MakeString(std::move(ns), span), span);
}

}  // namespace fluxlint::kustomize
