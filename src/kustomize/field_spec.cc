#include "kustomize/field_spec.h"

#include <algorithm>
#include <initializer_list>
#include <span>
#include <utility>

#include "yaml/scalar.h"

namespace fluxlint::kustomize {

namespace {

// --- kustomize v5.5's built-in field specs, as data -------------------------------------------
//
// Each row is {group, version, kind, path, create}. Rows without a kind apply to every object.
// The lists follow kustomize's api/internal/konfig/builtinpluginconsts; behaviour checked with
// kubectl kustomize v5.5.0 (fixtures in tests/kustomize/cases/).

struct Row {
  std::string_view group;
  std::string_view version;
  std::string_view kind;
  std::string_view path;
  bool create;
};

std::vector<FieldSpec> Specs(std::initializer_list<Row> rows) {
  std::vector<FieldSpec> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back(FieldSpec{Gvk{std::string(r.group), std::string(r.version), std::string(r.kind)},
                            std::string(r.path), r.create});
  }
  return out;
}

// namePrefix / nameSuffix: only the object's own name (CRDs, APIServices and Namespaces are
// skipped by the transformer itself).
std::vector<FieldSpec> NameFieldSpecs() { return Specs({{"", "", "", "metadata/name", false}}); }

// namespace: metadata/namespace of namespaced kinds and RoleBinding subjects named "default"
// are handled by the transformer; these are the data-driven extras.
std::vector<FieldSpec> NamespaceFieldSpecs() {
  return Specs({
      {"", "", "", "metadata/namespace", true},
      {"", "", "Namespace", "metadata/name", true},  // a Namespace object takes the new name
      {"apiregistration.k8s.io", "", "APIService", "spec/service/namespace", true},
      {"apiextensions.k8s.io", "", "CustomResourceDefinition",
       "spec/conversion/webhook/clientConfig/service/namespace", false},
  });
}

// Labels on the object and on the pod templates it creates (metadataLabelsFieldSpecs; also
// what `labels: includeTemplates: true` adds).
std::vector<FieldSpec> MetadataLabelFieldSpecs() {
  return Specs({
      {"", "", "", "metadata/labels", true},
      {"", "v1", "ReplicationController", "spec/template/metadata/labels", true},
      {"", "", "Deployment", "spec/template/metadata/labels", true},
      {"", "", "ReplicaSet", "spec/template/metadata/labels", true},
      {"", "", "DaemonSet", "spec/template/metadata/labels", true},
      {"apps", "", "StatefulSet", "spec/template/metadata/labels", true},
      {"apps", "", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true},
      {"batch", "", "Job", "spec/template/metadata/labels", true},
      {"batch", "", "CronJob", "spec/jobTemplate/metadata/labels", true},
      {"batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true},
  });
}

// commonLabels (and labels with includeSelectors): the metadata specs above plus selectors.
std::vector<FieldSpec> CommonLabelFieldSpecs() {
  constexpr std::string_view kAffinity[] = {
      "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/"
      "podAffinityTerm/labelSelector/matchLabels",
      "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/"
      "labelSelector/matchLabels",
      "spec/template/spec/affinity/podAntiAffinity/"
      "preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
      "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/"
      "labelSelector/matchLabels",
      "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
  };
  std::vector<FieldSpec> out = Specs({
      {"", "v1", "Service", "spec/selector", true},
      {"", "v1", "ReplicationController", "spec/selector", true},
      {"", "", "Deployment", "spec/selector/matchLabels", true},
      {"", "", "ReplicaSet", "spec/selector/matchLabels", true},
      {"", "", "DaemonSet", "spec/selector/matchLabels", true},
      {"apps", "", "StatefulSet", "spec/selector/matchLabels", true},
      {"batch", "", "Job", "spec/selector/matchLabels", false},
      {"batch", "", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false},
      {"policy", "", "PodDisruptionBudget", "spec/selector/matchLabels", false},
      {"networking.k8s.io", "", "NetworkPolicy", "spec/podSelector/matchLabels", false},
      {"networking.k8s.io", "", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels",
       false},
      {"networking.k8s.io", "", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false},
  });
  for (std::string_view kind : {"Deployment", "StatefulSet"}) {
    for (std::string_view path : kAffinity) {
      out.push_back(FieldSpec{Gvk{"apps", "", std::string(kind)}, std::string(path), false});
    }
  }
  for (FieldSpec& fs : MetadataLabelFieldSpecs()) out.push_back(std::move(fs));
  return out;
}

std::vector<FieldSpec> CommonAnnotationFieldSpecs() {
  return Specs({
      {"", "", "", "metadata/annotations", true},
      {"", "v1", "ReplicationController", "spec/template/metadata/annotations", true},
      {"", "", "Deployment", "spec/template/metadata/annotations", true},
      {"", "", "ReplicaSet", "spec/template/metadata/annotations", true},
      {"", "", "DaemonSet", "spec/template/metadata/annotations", true},
      {"", "", "StatefulSet", "spec/template/metadata/annotations", true},
      {"batch", "", "Job", "spec/template/metadata/annotations", true},
      {"batch", "", "CronJob", "spec/jobTemplate/metadata/annotations", true},
      {"batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true},
  });
}

// images: besides these, the transformer rewrites the image of every element of any
// `containers` / `initContainers` sequence anywhere in an object (kustomize's legacy walk).
std::vector<FieldSpec> ImageFieldSpecs() {
  return Specs({
      {"", "", "", "spec/containers[]/image", true},
      {"", "", "", "spec/initContainers[]/image", true},
      {"", "", "", "spec/template/spec/containers[]/image", true},
      {"", "", "", "spec/template/spec/initContainers[]/image", true},
  });
}

std::vector<FieldSpec> ReplicaFieldSpecs() {
  return Specs({
      {"", "", "Deployment", "spec/replicas", true},
      {"", "", "ReplicationController", "spec/replicas", true},
      {"", "", "ReplicaSet", "spec/replicas", true},
      {"", "", "StatefulSet", "spec/replicas", true},
  });
}

// Where pod specs live in each workload kind, for the name references below.
struct PodSpecHolder {
  std::string_view group;
  std::string_view version;
  std::string_view kind;
  std::string_view prefix;  // path to the PodSpec
};

void AddPodRefs(NameBackReference& ref, std::initializer_list<PodSpecHolder> holders,
                std::initializer_list<std::string_view> subpaths) {
  for (const PodSpecHolder& h : holders) {
    for (std::string_view sub : subpaths) {
      ref.referrers.push_back(
          FieldSpec{Gvk{std::string(h.group), std::string(h.version), std::string(h.kind)},
                    std::string(h.prefix) + "/" + std::string(sub), false});
    }
  }
}

void AddRefs(NameBackReference& ref, std::initializer_list<Row> rows) {
  for (FieldSpec& fs : Specs(rows)) ref.referrers.push_back(std::move(fs));
}

std::vector<NameBackReference> NameReferences() {
  std::vector<NameBackReference> refs;
  auto add = [&refs](std::string_view group, std::string_view version,
                     std::string_view kind) -> NameBackReference& {
    refs.push_back(
        NameBackReference{Gvk{std::string(group), std::string(version), std::string(kind)}, {}});
    return refs.back();
  };

  // HorizontalPodAutoscalers name the workload they scale.
  for (std::string_view kind :
       {"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"}) {
    AddRefs(add("", "", kind),
            {{"", "", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", false}});
  }

  // ConfigMaps: pod volumes, env, envFrom, projected volumes — in every pod-creating kind.
  {
    NameBackReference& r = add("", "v1", "ConfigMap");
    AddPodRefs(r,
               {{"", "v1", "Pod", "spec"},
                {"", "", "PodTemplate", "template/spec"},
                {"", "", "Deployment", "spec/template/spec"},
                {"", "", "ReplicaSet", "spec/template/spec"},
                {"", "", "DaemonSet", "spec/template/spec"},
                {"", "", "StatefulSet", "spec/template/spec"},
                {"", "", "Job", "spec/template/spec"},
                {"", "", "CronJob", "spec/jobTemplate/spec/template/spec"}},
               {"volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
                "initContainers/env/valueFrom/configMapKeyRef/name",
                "containers/envFrom/configMapRef/name", "initContainers/envFrom/configMapRef/name",
                "volumes/projected/sources/configMap/name"});
    AddRefs(r, {{"", "", "Node", "spec/configSource/configMap", false},
                {"", "", "Role", "rules/resourceNames", false},
                {"", "", "ClusterRole", "rules/resourceNames", false},
                {"", "", "Ingress",
                 "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
                 false}});
  }

  // Secrets: like ConfigMaps plus imagePullSecrets, Ingress TLS, ServiceAccounts, storage.
  {
    NameBackReference& r = add("", "v1", "Secret");
    AddPodRefs(r,
               {{"", "v1", "Pod", "spec"},
                {"", "", "PodTemplate", "template/spec"},
                {"", "", "Deployment", "spec/template/spec"},
                {"", "", "ReplicaSet", "spec/template/spec"},
                {"", "", "DaemonSet", "spec/template/spec"},
                {"", "", "StatefulSet", "spec/template/spec"},
                {"", "", "Job", "spec/template/spec"},
                {"", "", "CronJob", "spec/jobTemplate/spec/template/spec"}},
               {"volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
                "initContainers/env/valueFrom/secretKeyRef/name",
                "containers/envFrom/secretRef/name", "initContainers/envFrom/secretRef/name",
                "imagePullSecrets/name", "volumes/projected/sources/secret/name"});
    AddRefs(r,
            {{"", "", "Ingress", "spec/tls/secretName", false},
             {"", "", "Ingress", "metadata/annotations/ingress.kubernetes.io\\/auth-secret", false},
             {"", "", "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret",
              false},
             {"", "", "Ingress",
              "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", false},
             {"", "", "ServiceAccount", "imagePullSecrets/name", false},
             {"", "", "StorageClass", "parameters/secretName", false},
             {"", "", "StorageClass", "parameters/adminSecretName", false},
             {"", "", "StorageClass", "parameters/userSecretName", false},
             {"", "", "StorageClass", "parameters/secretRef", false},
             {"", "", "Role", "rules/resourceNames", false},
             {"", "", "ClusterRole", "rules/resourceNames", false},
             {"serving.knative.dev", "v1", "Service",
              "spec/template/spec/containers/env/valueFrom/secretKeyRef/name", false},
             {"", "", "PersistentVolume", "spec/azureFile/secretName", false}});
  }

  // Services: StatefulSet governing service, Ingress backends, API services, webhooks (the
  // webhook's `service` mapping carries name and namespace).
  AddRefs(add("", "v1", "Service"),
          {{"apps", "", "StatefulSet", "spec/serviceName", false},
           {"", "", "Ingress", "spec/rules/http/paths/backend/serviceName", false},
           {"", "", "Ingress", "spec/backend/serviceName", false},
           {"", "", "Ingress", "spec/rules/http/paths/backend/service/name", false},
           {"", "", "Ingress", "spec/defaultBackend/service/name", false},
           {"apiregistration.k8s.io", "", "APIService", "spec/service/name", false},
           {"admissionregistration.k8s.io", "", "ValidatingWebhookConfiguration",
            "webhooks/clientConfig/service", false},
           {"admissionregistration.k8s.io", "", "MutatingWebhookConfiguration",
            "webhooks/clientConfig/service", false}});

  // RBAC: bindings name their role; subjects name service accounts (mapping with namespace).
  AddRefs(add("rbac.authorization.k8s.io", "", "Role"),
          {{"rbac.authorization.k8s.io", "", "RoleBinding", "roleRef/name", false}});
  AddRefs(add("rbac.authorization.k8s.io", "", "ClusterRole"),
          {{"rbac.authorization.k8s.io", "", "RoleBinding", "roleRef/name", false},
           {"rbac.authorization.k8s.io", "", "ClusterRoleBinding", "roleRef/name", false}});
  AddRefs(add("", "v1", "ServiceAccount"),
          {{"rbac.authorization.k8s.io", "", "RoleBinding", "subjects", false},
           {"rbac.authorization.k8s.io", "", "ClusterRoleBinding", "subjects", false},
           {"", "", "Pod", "spec/serviceAccountName", false},
           {"", "", "StatefulSet", "spec/template/spec/serviceAccountName", false},
           {"", "", "Deployment", "spec/template/spec/serviceAccountName", false},
           {"", "", "ReplicationController", "spec/template/spec/serviceAccountName", false},
           {"", "", "CronJob", "spec/jobTemplate/spec/template/spec/serviceAccountName", false},
           {"", "", "Job", "spec/template/spec/serviceAccountName", false},
           {"", "", "DaemonSet", "spec/template/spec/serviceAccountName", false}});

  // Storage.
  AddRefs(
      add("", "v1", "PersistentVolumeClaim"),
      {{"", "", "Pod", "spec/volumes/persistentVolumeClaim/claimName", false},
       {"", "", "StatefulSet", "spec/template/spec/volumes/persistentVolumeClaim/claimName", false},
       {"", "", "Deployment", "spec/template/spec/volumes/persistentVolumeClaim/claimName", false},
       {"", "", "ReplicationController",
        "spec/template/spec/volumes/persistentVolumeClaim/claimName", false},
       {"", "", "CronJob",
        "spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName", false},
       {"", "", "Job", "spec/template/spec/volumes/persistentVolumeClaim/claimName", false},
       {"", "", "DaemonSet", "spec/template/spec/volumes/persistentVolumeClaim/claimName", false}});
  AddRefs(add("", "v1", "PersistentVolume"),
          {{"", "", "PersistentVolumeClaim", "spec/volumeName", false},
           {"", "", "ClusterRole", "rules/resourceNames", false}});
  AddRefs(add("storage.k8s.io", "v1", "StorageClass"),
          {{"", "", "PersistentVolume", "spec/storageClassName", false},
           {"", "", "PersistentVolumeClaim", "spec/storageClassName", false},
           {"", "", "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName", false}});

  // Scheduling.
  AddRefs(add("scheduling.k8s.io", "v1", "PriorityClass"),
          {{"", "", "Pod", "spec/priorityClassName", false},
           {"", "", "StatefulSet", "spec/template/spec/priorityClassName", false},
           {"", "", "Deployment", "spec/template/spec/priorityClassName", false},
           {"", "", "ReplicationController", "spec/template/spec/priorityClassName", false},
           {"", "", "CronJob", "spec/jobTemplate/spec/template/spec/priorityClassName", false},
           {"", "", "Job", "spec/template/spec/priorityClassName", false},
           {"", "", "DaemonSet", "spec/template/spec/priorityClassName", false}});

  // kustomize declares the IngressClass group as "networking.k8s.io/v1", which no object has:
  // the reference is never updated. Kept as is to render what kustomize renders.
  AddRefs(add("networking.k8s.io/v1", "v1", "IngressClass"),
          {{"", "", "Ingress", "spec/ingressClassName", false}});
  return refs;
}

TransformerConfig MakeDefault() {
  TransformerConfig c;
  c.name_prefix = NameFieldSpecs();
  c.name_suffix = NameFieldSpecs();
  c.name_space = NamespaceFieldSpecs();
  c.common_labels = CommonLabelFieldSpecs();
  c.template_labels = MetadataLabelFieldSpecs();
  c.common_annotations = CommonAnnotationFieldSpecs();
  c.images = ImageFieldSpecs();
  c.replicas = ReplicaFieldSpecs();
  c.name_reference = NameReferences();
  return c;
}

void MergeSpecs(std::vector<FieldSpec>& into, const std::vector<FieldSpec>& from) {
  for (const FieldSpec& fs : from) {
    if (std::find(into.begin(), into.end(), fs) == into.end()) into.push_back(fs);
  }
}

std::optional<std::string> ParseSpecList(const yaml::Node& list, std::string_view field,
                                         std::vector<FieldSpec>* out, Span* error_span) {
  if (list.IsNull()) return std::nullopt;
  if (!list.IsSequence()) {
    *error_span = list.span;
    return "'" + std::string(field) + "' must be a list of field specs";
  }
  for (const yaml::Node& item : list.children) {
    FieldSpec fs;
    if (auto err = ParseFieldSpec(item, &fs, error_span)) return err;
    out->push_back(std::move(fs));
  }
  return std::nullopt;
}

std::optional<std::string> ParseGvkFields(const yaml::Node& node, Gvk* gvk, Span* error_span) {
  for (size_t i = 0; i < node.EntryCount(); ++i) {
    std::string_view key = node.Key(i).value;
    const yaml::Node& v = node.Value(i);
    std::string* dest = nullptr;
    if (key == "group") dest = &gvk->group;
    if (key == "version") dest = &gvk->version;
    if (key == "kind") dest = &gvk->kind;
    if (dest == nullptr) continue;
    if (!v.IsScalar()) {
      *error_span = v.span;
      return "'" + std::string(key) + "' must be a string";
    }
    if (!v.IsNull()) *dest = v.value;
  }
  return std::nullopt;
}

}  // namespace

const TransformerConfig& TransformerConfig::Default() {
  static const TransformerConfig kDefault = MakeDefault();
  return kDefault;
}

void TransformerConfig::Merge(const TransformerConfig& other) {
  MergeSpecs(name_prefix, other.name_prefix);
  MergeSpecs(name_suffix, other.name_suffix);
  MergeSpecs(name_space, other.name_space);
  MergeSpecs(common_labels, other.common_labels);
  MergeSpecs(template_labels, other.template_labels);
  MergeSpecs(common_annotations, other.common_annotations);
  MergeSpecs(images, other.images);
  MergeSpecs(replicas, other.replicas);
  for (const NameBackReference& ref : other.name_reference) {
    auto it = std::find_if(name_reference.begin(), name_reference.end(),
                           [&](const NameBackReference& r) { return r.gvk == ref.gvk; });
    if (it == name_reference.end()) {
      name_reference.push_back(ref);
    } else {
      MergeSpecs(it->referrers, ref.referrers);
    }
  }
}

std::optional<std::string> ParseFieldSpec(const yaml::Node& node, FieldSpec* out,
                                          Span* error_span) {
  if (!node.IsMapping()) {
    *error_span = node.span;
    return "a field spec must be a mapping with 'path' (and optionally group, version, kind, "
           "create)";
  }
  if (auto err = ParseGvkFields(node, &out->gvk, error_span)) return err;
  for (size_t i = 0; i < node.EntryCount(); ++i) {
    std::string_view key = node.Key(i).value;
    const yaml::Node& v = node.Value(i);
    if (key == "path") {
      if (!v.IsScalar()) {
        *error_span = v.span;
        return "'path' must be a string";
      }
      out->path = v.value;
    } else if (key == "create") {
      if (!v.IsScalar() || yaml::ResolveScalar(v) != yaml::ScalarType::kBool) {
        *error_span = v.span;
        return "'create' must be true or false";
      }
      out->create = v.value == "true" || v.value == "True" || v.value == "TRUE";
    }
  }
  return std::nullopt;
}

std::optional<std::string> ParseTransformerConfig(const yaml::Node& doc, TransformerConfig* out,
                                                  Span* error_span) {
  if (doc.IsNull()) return std::nullopt;
  if (!doc.IsMapping()) {
    *error_span = doc.span;
    return "a transformer configuration must be a mapping";
  }
  for (size_t i = 0; i < doc.EntryCount(); ++i) {
    std::string_view key = doc.Key(i).value;
    const yaml::Node& v = doc.Value(i);
    std::vector<FieldSpec>* list = nullptr;
    if (key == "namePrefix") list = &out->name_prefix;
    if (key == "nameSuffix") list = &out->name_suffix;
    if (key == "namespace") list = &out->name_space;
    if (key == "commonLabels") list = &out->common_labels;
    if (key == "templateLabels") list = &out->template_labels;
    if (key == "commonAnnotations") list = &out->common_annotations;
    if (key == "images") list = &out->images;
    if (key == "replicas") list = &out->replicas;
    if (list != nullptr) {
      std::vector<FieldSpec> specs;
      if (auto err = ParseSpecList(v, key, &specs, error_span)) return err;
      MergeSpecs(*list, specs);
      continue;
    }
    if (key == "nameReference") {
      if (v.IsNull()) continue;
      if (!v.IsSequence()) {
        *error_span = v.span;
        return "'nameReference' must be a list";
      }
      for (const yaml::Node& item : v.children) {
        if (!item.IsMapping()) {
          *error_span = item.span;
          return "a nameReference entry must be a mapping with kind and fieldSpecs";
        }
        NameBackReference ref;
        if (auto err = ParseGvkFields(item, &ref.gvk, error_span)) return err;
        if (const yaml::Node* specs = item.Get("fieldSpecs")) {
          if (auto err = ParseSpecList(*specs, "fieldSpecs", &ref.referrers, error_span)) {
            return err;
          }
        }
        TransformerConfig one;
        one.name_reference.push_back(std::move(ref));
        out->Merge(one);
      }
      continue;
    }
    // varReference and anything else kustomize does not act on is accepted and ignored.
  }
  return std::nullopt;
}

std::vector<std::string> SplitFieldPath(std::string_view path) {
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '\\' && i + 1 < path.size() && path[i + 1] == '/') {
      cur += '/';
      ++i;
    } else if (c == '/') {
      parts.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(std::move(cur));
  return parts;
}

bool FieldSpecSelects(const FieldSpec& fs, const Gvk& gvk) { return gvk.IsSelectedBy(fs.gvk); }

namespace {

struct Walker {
  std::span<const std::string_view> path;
  bool create;
  CreateKind create_kind;
  const SetFn& set;
  Span create_span;

  std::optional<std::string> Walk(yaml::Node& node, size_t i) const {
    if (i == path.size()) return set(node);
    if (node.IsSequence()) {
      for (yaml::Node& item : node.children) {
        if (auto err = Walk(item, i)) return err;
      }
      return std::nullopt;
    }
    if (!node.IsMapping()) {
      return "expected a mapping or a sequence at '" + std::string(path[i]) + "'";
    }
    std::string_view name = path[i];
    bool is_seq = name.size() >= 2 && name.substr(name.size() - 2) == "[]";
    if (is_seq) name.remove_suffix(2);
    bool last = i + 1 == path.size();
    // kustomize only creates anything when the transformer has a kind to create at the end.
    bool may_create = create && !is_seq && create_kind != CreateKind::kNone;
    yaml::Node* field = node.GetMutable(name);
    if (field == nullptr) {
      if (!may_create) return std::nullopt;
      yaml::Node created = (last && create_kind == CreateKind::kScalar)
                               ? yaml::Node::Null(create_span)
                               : yaml::Node::Mapping(create_span);
      field = &node.Set(name, std::move(created), create_span);
    } else if (field->IsNull()) {
      // A null value takes the kind the path expects (kustomize does the same).
      if (is_seq) {
        Span s = field->span;
        *field = yaml::Node::Sequence(s);
      } else if (may_create && !(last && create_kind == CreateKind::kScalar)) {
        Span s = field->span;
        *field = yaml::Node::Mapping(s);
      } else if (!last) {
        return "expected a mapping or a sequence at '" + std::string(name) + "', found null";
      }
    }
    return Walk(*field, i + 1);
  }
};

}  // namespace

std::optional<std::string> ApplyFieldSpec(yaml::Node& object, const FieldSpec& fs,
                                          CreateKind create_kind, const SetFn& set,
                                          Span create_span) {
  Gvk gvk = Gvk::FromApiVersion(object.GetString("apiVersion"), object.GetString("kind"));
  return ApplyFieldSpec(object, gvk, fs, create_kind, set, create_span);
}

std::optional<std::string> ApplyFieldSpec(yaml::Node& object, const Gvk& gvk, const FieldSpec& fs,
                                          CreateKind create_kind, const SetFn& set,
                                          Span create_span) {
  if (!FieldSpecSelects(fs, gvk)) return std::nullopt;
  // Split without copying unless the path has escapes (the common case has none).
  std::string_view path = fs.path;
  std::vector<std::string> unescaped;
  std::vector<std::string_view> parts;
  parts.reserve(16);
  if (path.find('\\') == std::string_view::npos) {
    size_t start = 0;
    while (true) {
      size_t slash = path.find('/', start);
      parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
  } else {
    unescaped = SplitFieldPath(path);
    for (const std::string& p : unescaped) parts.push_back(p);
  }
  Walker w{parts, fs.create, create_kind, set, create_span};
  return w.Walk(object, 0);
}

}  // namespace fluxlint::kustomize
