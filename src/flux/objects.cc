#include "flux/objects.h"

#include <initializer_list>
#include <set>
#include <tuple>

#include "flux/api_versions.h"
#include "util/quote.h"
#include "yaml/scalar.h"

namespace fluxlint::flux {
namespace {

using yaml::Node;

/// What a YAML value is, for messages: "a mapping", "a number", …
std::string Describe(const Node& node) {
  if (node.IsMapping()) return "a mapping";
  if (node.IsSequence()) return "a list";
  switch (yaml::ResolveScalar(node)) {
    case yaml::ScalarType::kNull:
      return "null";
    case yaml::ScalarType::kBool:
      return "a boolean";
    case yaml::ScalarType::kInt:
    case yaml::ScalarType::kFloat:
      return "a number";
    case yaml::ScalarType::kString:
      break;
  }
  return "a string";
}

std::string Join(std::initializer_list<std::string_view> values) {
  std::string out;
  for (std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out.append(v);
  }
  return out;
}

/// A value found under a key: `node` is nullptr when the key is absent or its value is null.
struct Child {
  const Node* node = nullptr;
  Span key_span;
};

/// Reads fields out of mappings and records what the CRD would reject.
class Reader {
 public:
  explicit Reader(std::vector<Problem>* problems) : problems_(problems) {}

  /// The value of `key` in `parent` (a mapping, or nullptr).
  static Child Get(const Node* parent, std::string_view key) {
    Child c;
    if (parent == nullptr || !parent->IsMapping()) return c;
    for (size_t i = 0; i < parent->EntryCount(); ++i) {
      const Node& k = parent->Key(i);
      if (!k.IsScalar() || k.value != key) continue;
      c.key_span = k.span;
      if (!parent->Value(i).IsNull()) c.node = &parent->Value(i);
      return c;
    }
    return c;
  }

  void Add(Problem::Kind kind, const std::string& path, std::string message, Span span) {
    problems_->push_back(Problem{kind, path, std::move(message), span});
  }

  /// A mapping under `key`; nullptr (and a problem) when it is something else.
  const Node* Map(const Node* parent, std::string_view key, const std::string& path,
                  Span* key_span = nullptr) {
    const Child c = Get(parent, key);
    if (key_span != nullptr) *key_span = c.key_span;
    if (c.node == nullptr) return nullptr;
    if (!c.node->IsMapping()) {
      Add(Problem::kWrongType, path, path + " must be a mapping, not " + Describe(*c.node),
          c.node->span);
      return nullptr;
    }
    return c.node;
  }

  const Node* Seq(const Node* parent, std::string_view key, const std::string& path) {
    const Child c = Get(parent, key);
    if (c.node == nullptr) return nullptr;
    if (!c.node->IsSequence()) {
      Add(Problem::kWrongType, path, path + " must be a list, not " + Describe(*c.node),
          c.node->span);
      return nullptr;
    }
    return c.node;
  }

  /// A string scalar. A scalar of another type is reported but kept (present, with its text);
  /// a collection is reported and left absent (with its span).
  Field StrValue(const Node* node, Span key_span, const std::string& path) {
    Field f;
    f.key_span = key_span;
    if (node == nullptr) return f;
    f.span = node->span;
    if (!node->IsScalar()) {
      Add(Problem::kWrongType, path, path + " must be a string, not " + Describe(*node),
          node->span);
      return f;
    }
    if (yaml::ResolveScalar(*node) != yaml::ScalarType::kString) {
      wrong_type_.insert(path);
      Add(Problem::kWrongType, path,
          path + " must be a string, not " + Describe(*node) + ": quote it", node->span);
    }
    f.value = node->value;
    f.present = true;
    return f;
  }

  Field Str(const Node* parent, std::string_view key, const std::string& path) {
    const Child c = Get(parent, key);
    return StrValue(c.node, c.key_span, path);
  }

  BoolField Bool(const Node* parent, std::string_view key, const std::string& path) {
    BoolField b;
    const Child c = Get(parent, key);
    if (c.node == nullptr) return b;
    b.span = c.node->span;
    if (!c.node->IsScalar() || yaml::ResolveScalar(*c.node) != yaml::ScalarType::kBool) {
      Add(Problem::kWrongType, path, path + " must be true or false, not " + Describe(*c.node),
          c.node->span);
      return b;
    }
    b.present = true;
    b.value = c.node->value == "true" || c.node->value == "True" || c.node->value == "TRUE";
    return b;
  }

  /// Reports `path` as missing at `where` unless it is present or already reported as a
  /// wrong type (then its span is set).
  void Require(const Field& f, const std::string& path, Span where) {
    if (f.present || f.span.valid()) return;
    Add(Problem::kMissingField, path, path + " is required", where);
  }
  void Require(const BoolField& b, const std::string& path, Span where) {
    if (b.present || b.span.valid()) return;
    Add(Problem::kMissingField, path, path + " is required", where);
  }

  /// Whether `f` is a string the value checks below should look at (not one already
  /// reported as a number or boolean).
  bool Checkable(const Field& f, const std::string& path) const {
    return f.present && !wrong_type_.contains(path);
  }

  void Enum(const Field& f, const std::string& path,
            std::initializer_list<std::string_view> allowed) {
    if (!Checkable(f, path)) return;
    for (std::string_view a : allowed) {
      if (f.value == a) return;
    }
    Add(Problem::kInvalidValue, path,
        path + " " + Quote(f.value) + " is not one of " + Join(allowed), f.span);
  }

  void Length(const Field& f, const std::string& path, size_t min, size_t max) {
    if (!Checkable(f, path)) return;
    if (f.value.size() < min) {
      Add(Problem::kInvalidValue, path, path + " must not be empty", f.span);
    } else if (f.value.size() > max) {
      Add(Problem::kInvalidValue, path,
          path + " is " + std::to_string(f.value.size()) + " characters long; at most " +
              std::to_string(max) + " are allowed",
          f.span);
    }
  }

  void Duration(const Field& f, const std::string& path) {
    if (!Checkable(f, path) || IsValidDuration(f.value)) return;
    Add(Problem::kInvalidValue, path,
        path + " " + Quote(f.value) +
            " is not a duration like 30s, 10m or 1h30m (^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$)",
        f.span);
  }

  void UrlScheme(const Field& f, const std::string& path,
                 std::initializer_list<std::string_view> schemes) {
    if (!Checkable(f, path)) return;
    for (std::string_view s : schemes) {
      if (f.value.starts_with(std::string(s) + "://")) return;
    }
    std::string list;
    for (std::string_view s : schemes) {
      if (!list.empty()) list += ", ";
      list += std::string(s) + "://";
    }
    Add(Problem::kInvalidValue, path, path + " " + Quote(f.value) + " must start with " + list,
        f.span);
  }

  /// The items of a list of mappings; other items are reported and skipped.
  std::vector<std::pair<const Node*, std::string>> Items(const Node* parent, std::string_view key,
                                                         const std::string& path) {
    std::vector<std::pair<const Node*, std::string>> items;
    const Node* seq = Seq(parent, key, path);
    if (seq == nullptr) return items;
    for (size_t i = 0; i < seq->ItemCount(); ++i) {
      const Node& item = seq->children[i];
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!item.IsMapping()) {
        Add(Problem::kWrongType, item_path, item_path + " must be a mapping, not " + Describe(item),
            item.span);
        continue;
      }
      items.emplace_back(&item, item_path);
    }
    return items;
  }

  /// The spec mapping of a document, with the place to report its missing fields.
  const Node* Spec(const Node& root, bool* has_spec, Span* spec_span, Span* where) {
    Span key_span;
    const Node* spec = Map(&root, "spec", "spec", &key_span);
    *has_spec = spec != nullptr;
    *spec_span = spec != nullptr ? spec->span : Span();
    *where = key_span.valid() ? key_span : root.span;
    return spec;
  }

 private:
  std::vector<Problem>* problems_;
  std::set<std::string> wrong_type_;  // paths of scalars reported as not being strings
};

SourceReference ReadSourceRef(Reader& r, const Node* node, const std::string& path) {
  SourceReference ref;
  ref.span = node->span;
  ref.api_version = r.Str(node, "apiVersion", path + ".apiVersion");
  ref.kind = r.Str(node, "kind", path + ".kind");
  ref.name = r.Str(node, "name", path + ".name");
  ref.ns = r.Str(node, "namespace", path + ".namespace");
  return ref;
}

std::vector<DependencyRef> ReadDependsOn(Reader& r, const Node* spec) {
  std::vector<DependencyRef> deps;
  for (const auto& [item, path] : r.Items(spec, "dependsOn", "spec.dependsOn")) {
    DependencyRef d;
    d.span = item->span;
    d.name = r.Str(item, "name", path + ".name");
    d.ns = r.Str(item, "namespace", path + ".namespace");
    d.ready_expr = r.Str(item, "readyExpr", path + ".readyExpr");
    r.Require(d.name, path + ".name", item->span);
    deps.push_back(std::move(d));
  }
  return deps;
}

std::vector<MetadataPair> ReadStringMap(Reader& r, const Node* parent, std::string_view key,
                                        const std::string& path) {
  std::vector<MetadataPair> pairs;
  const Node* map = r.Map(parent, key, path);
  if (map == nullptr) return pairs;
  for (size_t i = 0; i < map->EntryCount(); ++i) {
    const Node& k = map->Key(i);
    if (!k.IsScalar()) continue;
    MetadataPair p;
    p.key.value = k.value;
    p.key.span = k.span;
    p.key.key_span = k.span;
    p.key.present = true;
    const Node* v = map->Value(i).IsNull() ? nullptr : &map->Value(i);
    p.value = r.StrValue(v, k.span, path + "." + k.value);
    pairs.push_back(std::move(p));
  }
  return pairs;
}

std::optional<PostBuild> ReadPostBuild(Reader& r, const Node* spec) {
  const Node* node = r.Map(spec, "postBuild", "spec.postBuild");
  if (node == nullptr) return std::nullopt;
  PostBuild pb;
  pb.span = node->span;
  Span substitute_key;
  if (const Node* sub = r.Map(node, "substitute", "spec.postBuild.substitute", &substitute_key)) {
    pb.has_substitute = true;
    pb.substitute_span = substitute_key;
    for (size_t i = 0; i < sub->EntryCount(); ++i) {
      const Node& k = sub->Key(i);
      const Node& v = sub->Value(i);
      if (!k.IsScalar() || v.IsNull()) continue;  // the API server drops null values
      SubstituteVar var;
      var.name = k.value;
      var.key_span = k.span;
      var.value_span = v.span;
      const std::string path = "spec.postBuild.substitute." + k.value;
      if (!v.IsScalar() || yaml::ResolveScalar(v) != yaml::ScalarType::kString) {
        var.is_string = false;
        r.Add(Problem::kWrongType, path,
              path + " must be a string, not " + Describe(v) +
                  ": quote it (substitute is a map of strings and the API server rejects "
                  "other values)",
              v.span);
      }
      if (v.IsScalar()) var.value = v.value;
      pb.substitute.push_back(std::move(var));
    }
  }
  for (const auto& [item, path] :
       r.Items(node, "substituteFrom", "spec.postBuild.substituteFrom")) {
    SubstituteReference ref;
    ref.span = item->span;
    ref.kind = r.Str(item, "kind", path + ".kind");
    ref.name = r.Str(item, "name", path + ".name");
    ref.optional = r.Bool(item, "optional", path + ".optional");
    r.Require(ref.kind, path + ".kind", item->span);
    r.Enum(ref.kind, path + ".kind", {"ConfigMap", "Secret"});
    r.Require(ref.name, path + ".name", item->span);
    r.Length(ref.name, path + ".name", 1, 253);
    pb.substitute_from.push_back(std::move(ref));
  }
  pb.substitute_strategy = r.Str(node, "substituteStrategy", "spec.postBuild.substituteStrategy");
  r.Enum(pb.substitute_strategy, "spec.postBuild.substituteStrategy", {"WithVariables", "Always"});
  return pb;
}

bool ReadKubeConfig(const Node* spec, Span* span) {
  const Child c = Reader::Get(spec, "kubeConfig");
  if (c.node == nullptr) return false;
  *span = c.key_span;
  return true;
}

void CheckApiGroup(Reader& r, const ObjectMeta& meta, std::string_view group,
                   std::initializer_list<std::string_view> kinds) {
  bool kind_ok = false;
  for (std::string_view k : kinds) kind_ok = kind_ok || meta.kind == k;
  if (meta.group == group && kind_ok) return;
  r.Add(Problem::kInvalidValue, "kind",
        "expected " + Join(kinds) + " of " + std::string(group) + ", got " +
            (meta.kind.empty() ? std::string("no kind") : meta.kind) +
            (meta.api_version.empty() ? std::string() : " of " + meta.api_version),
        meta.kind_span.valid() ? meta.kind_span : meta.span);
}

}  // namespace

std::string ObjectRef::ToString() const { return ns.empty() ? name : ns + "/" + name; }

std::string ObjectRef::Describe() const { return kind + "/" + ToString(); }

ObjectRef SourceReference::Resolve(std::string_view owner_ns) const {
  return {kind.value, ns.value.empty() ? std::string(owner_ns) : ns.value, name.value};
}

ObjectRef DependencyRef::Resolve(std::string_view kind, std::string_view owner_ns) const {
  return {std::string(kind), ns.value.empty() ? std::string(owner_ns) : ns.value, name.value};
}

const SubstituteVar* PostBuild::FindVar(std::string_view name) const {
  for (const SubstituteVar& v : substitute) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::string HelmRelease::ReleaseName() const {
  if (!release_name.value.empty()) return release_name.value;
  if (!target_namespace.value.empty()) return target_namespace.value + "-" + meta.name.value;
  return meta.name.value;
}

std::string HelmRelease::ReleaseNamespace(std::string_view own_ns) const {
  return target_namespace.value.empty() ? std::string(own_ns) : target_namespace.value;
}

std::string HelmRelease::StorageNamespace(std::string_view own_ns) const {
  return storage_namespace.value.empty() ? std::string(own_ns) : storage_namespace.value;
}

std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kGitRepository:
      return "GitRepository";
    case SourceKind::kOCIRepository:
      return "OCIRepository";
    case SourceKind::kHelmRepository:
      return "HelmRepository";
    case SourceKind::kBucket:
      return "Bucket";
  }
  return "";
}

std::pair<std::string, std::string> SplitApiVersion(std::string_view api_version) {
  const size_t slash = api_version.rfind('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

ObjectMeta ParseMeta(const Node& root) {
  ObjectMeta meta;
  meta.span = root.span;
  if (!root.IsMapping()) return meta;
  const Child api = Reader::Get(&root, "apiVersion");
  if (api.node != nullptr && api.node->IsScalar()) {
    meta.api_version = api.node->value;
    meta.api_version_span = api.node->span;
    std::tie(meta.group, meta.version) = SplitApiVersion(meta.api_version);
  }
  const Child kind = Reader::Get(&root, "kind");
  if (kind.node != nullptr && kind.node->IsScalar()) {
    meta.kind = kind.node->value;
    meta.kind_span = kind.node->span;
  }
  const Child md = Reader::Get(&root, "metadata");
  if (md.node == nullptr || !md.node->IsMapping()) return meta;
  for (auto [key, field] : {std::pair{"name", &meta.name}, std::pair{"namespace", &meta.ns}}) {
    const Child c = Reader::Get(md.node, key);
    field->key_span = c.key_span;
    if (c.node == nullptr || !c.node->IsScalar()) continue;
    field->value = c.node->value;
    field->span = c.node->span;
    field->present = true;
  }
  for (auto [key, map] :
       {std::pair{"labels", &meta.labels}, std::pair{"annotations", &meta.annotations}}) {
    const Child c = Reader::Get(md.node, key);
    if (c.node == nullptr || !c.node->IsMapping()) continue;
    for (size_t i = 0; i < c.node->EntryCount(); ++i) {
      const Node& k = c.node->Key(i);
      const Node& v = c.node->Value(i);
      if (k.IsScalar() && v.IsScalar()) map->emplace(k.value, v.value);  // first one wins
    }
  }
  return meta;
}

ObjectType Classify(const Node& root) {
  struct FluxKind {
    std::string_view kind;
    std::string_view group;
    ObjectType type;
  };
  static constexpr FluxKind kFluxKinds[] = {
      {"Kustomization", kKustomizeGroup, ObjectType::kKustomization},
      {"HelmRelease", kHelmGroup, ObjectType::kHelmRelease},
      {"GitRepository", kSourceGroup, ObjectType::kGitRepository},
      {"OCIRepository", kSourceGroup, ObjectType::kOCIRepository},
      {"HelmRepository", kSourceGroup, ObjectType::kHelmRepository},
      {"Bucket", kSourceGroup, ObjectType::kBucket},
  };
  if (!root.IsMapping()) return ObjectType::kOther;
  // Most objects are not Flux's: the kind decides that before the group is split out.
  const Child kind = Reader::Get(&root, "kind");
  if (kind.node == nullptr || !kind.node->IsScalar()) return ObjectType::kOther;
  for (const FluxKind& f : kFluxKinds) {
    if (kind.node->value != f.kind) continue;
    const Child api = Reader::Get(&root, "apiVersion");
    if (api.node == nullptr || !api.node->IsScalar()) return ObjectType::kOther;
    return SplitApiVersion(api.node->value).first == f.group ? f.type : ObjectType::kOther;
  }
  return ObjectType::kOther;
}

Parsed<Kustomization> ParseKustomization(const Node& root) {
  Parsed<Kustomization> out;
  Kustomization& k = out.object;
  Reader r(&out.problems);
  k.meta = ParseMeta(root);
  CheckApiGroup(r, k.meta, kKustomizeGroup, {"Kustomization"});
  Span where;
  const Node* spec = r.Spec(root, &k.has_spec, &k.spec_span, &where);

  k.interval = r.Str(spec, "interval", "spec.interval");
  r.Require(k.interval, "spec.interval", where);
  r.Duration(k.interval, "spec.interval");
  k.retry_interval = r.Str(spec, "retryInterval", "spec.retryInterval");
  r.Duration(k.retry_interval, "spec.retryInterval");
  k.timeout = r.Str(spec, "timeout", "spec.timeout");
  r.Duration(k.timeout, "spec.timeout");
  k.path = r.Str(spec, "path", "spec.path");
  k.prune = r.Bool(spec, "prune", "spec.prune");
  r.Require(k.prune, "spec.prune", where);
  k.force = r.Bool(spec, "force", "spec.force");
  k.wait = r.Bool(spec, "wait", "spec.wait");
  k.suspend = r.Bool(spec, "suspend", "spec.suspend");

  Span source_key;
  if (const Node* src = r.Map(spec, "sourceRef", "spec.sourceRef", &source_key)) {
    k.source_ref = ReadSourceRef(r, src, "spec.sourceRef");
    r.Require(k.source_ref.kind, "spec.sourceRef.kind", source_key);
    r.Enum(k.source_ref.kind, "spec.sourceRef.kind",
           {"OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"});
    r.Require(k.source_ref.name, "spec.sourceRef.name", source_key);
  } else if (!Reader::Get(spec, "sourceRef").node) {
    r.Add(Problem::kMissingField, "spec.sourceRef", "spec.sourceRef is required", where);
  }

  k.depends_on = ReadDependsOn(r, spec);
  k.target_namespace = r.Str(spec, "targetNamespace", "spec.targetNamespace");
  r.Length(k.target_namespace, "spec.targetNamespace", 1, 63);
  k.name_prefix = r.Str(spec, "namePrefix", "spec.namePrefix");
  r.Length(k.name_prefix, "spec.namePrefix", 1, 200);
  k.name_suffix = r.Str(spec, "nameSuffix", "spec.nameSuffix");
  r.Length(k.name_suffix, "spec.nameSuffix", 1, 200);
  k.service_account_name = r.Str(spec, "serviceAccountName", "spec.serviceAccountName");
  k.deletion_policy = r.Str(spec, "deletionPolicy", "spec.deletionPolicy");
  r.Enum(k.deletion_policy, "spec.deletionPolicy",
         {"MirrorPrune", "Delete", "WaitForTermination", "Orphan"});

  for (const auto& [item, path] : r.Items(spec, "patches", "spec.patches")) {
    KustomizationPatch p;
    p.span = item->span;
    p.patch = r.Str(item, "patch", path + ".patch");
    r.Require(p.patch, path + ".patch", item->span);
    if (const Node* target = r.Map(item, "target", path + ".target")) p.target = *target;
    k.patches.push_back(std::move(p));
  }
  for (const auto& [item, path] : r.Items(spec, "images", "spec.images")) {
    KustomizationImage img;
    img.span = item->span;
    img.name = r.Str(item, "name", path + ".name");
    r.Require(img.name, path + ".name", item->span);
    img.new_name = r.Str(item, "newName", path + ".newName");
    img.new_tag = r.Str(item, "newTag", path + ".newTag");
    img.digest = r.Str(item, "digest", path + ".digest");
    k.images.push_back(std::move(img));
  }
  if (const Node* components = r.Seq(spec, "components", "spec.components")) {
    for (size_t i = 0; i < components->ItemCount(); ++i) {
      const Node& c = components->children[i];
      k.components.push_back(r.StrValue(c.IsNull() ? nullptr : &c, c.span,
                                        "spec.components[" + std::to_string(i) + "]"));
    }
  }
  k.ignore_missing_components =
      r.Bool(spec, "ignoreMissingComponents", "spec.ignoreMissingComponents");
  if (const Node* cm = r.Map(spec, "commonMetadata", "spec.commonMetadata")) {
    CommonMetadata meta;
    meta.span = cm->span;
    meta.labels = ReadStringMap(r, cm, "labels", "spec.commonMetadata.labels");
    meta.annotations = ReadStringMap(r, cm, "annotations", "spec.commonMetadata.annotations");
    k.common_metadata = std::move(meta);
  }
  k.post_build = ReadPostBuild(r, spec);

  for (const auto& [item, path] : r.Items(spec, "healthChecks", "spec.healthChecks")) {
    HealthCheck hc;
    hc.span = item->span;
    hc.api_version = r.Str(item, "apiVersion", path + ".apiVersion");
    hc.kind = r.Str(item, "kind", path + ".kind");
    hc.name = r.Str(item, "name", path + ".name");
    hc.ns = r.Str(item, "namespace", path + ".namespace");
    r.Require(hc.kind, path + ".kind", item->span);
    r.Require(hc.name, path + ".name", item->span);
    k.health_checks.push_back(std::move(hc));
  }
  Span decryption_key;
  if (const Node* dec = r.Map(spec, "decryption", "spec.decryption", &decryption_key)) {
    Decryption d;
    d.span = dec->span;
    d.provider = r.Str(dec, "provider", "spec.decryption.provider");
    r.Require(d.provider, "spec.decryption.provider", decryption_key);
    r.Enum(d.provider, "spec.decryption.provider", {"sops"});
    const Node* secret = r.Map(dec, "secretRef", "spec.decryption.secretRef");
    d.secret_ref_name = r.Str(secret, "name", "spec.decryption.secretRef.name");
    d.service_account_name = r.Str(dec, "serviceAccountName", "spec.decryption.serviceAccountName");
    k.decryption = std::move(d);
  }
  k.remote_cluster = ReadKubeConfig(spec, &k.kube_config_span);
  return out;
}

Parsed<HelmRelease> ParseHelmRelease(const Node& root) {
  Parsed<HelmRelease> out;
  HelmRelease& h = out.object;
  Reader r(&out.problems);
  h.meta = ParseMeta(root);
  CheckApiGroup(r, h.meta, kHelmGroup, {"HelmRelease"});
  Span where;
  const Node* spec = r.Spec(root, &h.has_spec, &h.spec_span, &where);

  h.interval = r.Str(spec, "interval", "spec.interval");
  r.Require(h.interval, "spec.interval", where);
  r.Duration(h.interval, "spec.interval");
  h.release_name = r.Str(spec, "releaseName", "spec.releaseName");
  r.Length(h.release_name, "spec.releaseName", 1, 53);
  h.target_namespace = r.Str(spec, "targetNamespace", "spec.targetNamespace");
  r.Length(h.target_namespace, "spec.targetNamespace", 1, 63);
  h.storage_namespace = r.Str(spec, "storageNamespace", "spec.storageNamespace");
  r.Length(h.storage_namespace, "spec.storageNamespace", 1, 63);

  Span chart_key;
  if (const Node* chart = r.Map(spec, "chart", "spec.chart", &chart_key)) {
    HelmChartTemplate t;
    Span tspec_key;
    const Node* tspec = r.Map(chart, "spec", "spec.chart.spec", &tspec_key);
    if (tspec == nullptr && !Reader::Get(chart, "spec").node) {
      r.Add(Problem::kMissingField, "spec.chart.spec", "spec.chart.spec is required", chart_key);
    }
    if (tspec != nullptr) {
      t.span = tspec->span;
      t.chart = r.Str(tspec, "chart", "spec.chart.spec.chart");
      r.Require(t.chart, "spec.chart.spec.chart", tspec_key);
      t.version = r.Str(tspec, "version", "spec.chart.spec.version");
      Span src_key;
      if (const Node* src = r.Map(tspec, "sourceRef", "spec.chart.spec.sourceRef", &src_key)) {
        t.source_ref = ReadSourceRef(r, src, "spec.chart.spec.sourceRef");
        r.Require(t.source_ref.kind, "spec.chart.spec.sourceRef.kind", src_key);
        r.Enum(t.source_ref.kind, "spec.chart.spec.sourceRef.kind",
               {"HelmRepository", "GitRepository", "Bucket"});
        r.Require(t.source_ref.name, "spec.chart.spec.sourceRef.name", src_key);
      } else if (!Reader::Get(tspec, "sourceRef").node) {
        r.Add(Problem::kMissingField, "spec.chart.spec.sourceRef",
              "spec.chart.spec.sourceRef is required", tspec_key);
      }
      if (const Node* files = r.Seq(tspec, "valuesFiles", "spec.chart.spec.valuesFiles")) {
        for (size_t i = 0; i < files->ItemCount(); ++i) {
          const Node& f = files->children[i];
          t.values_files.push_back(
              r.StrValue(f.IsNull() ? nullptr : &f, f.span,
                         "spec.chart.spec.valuesFiles[" + std::to_string(i) + "]"));
        }
      }
    }
    h.chart = std::move(t);
  }
  Span chart_ref_key;
  if (const Node* ref = r.Map(spec, "chartRef", "spec.chartRef", &chart_ref_key)) {
    h.chart_ref = ReadSourceRef(r, ref, "spec.chartRef");
    r.Require(h.chart_ref->kind, "spec.chartRef.kind", chart_ref_key);
    r.Require(h.chart_ref->name, "spec.chartRef.name", chart_ref_key);
  }
  const bool chart_written = chart_key.valid() && Reader::Get(spec, "chart").node;
  const bool chart_ref_written = chart_ref_key.valid() && Reader::Get(spec, "chartRef").node;
  if (!chart_written && !chart_ref_written) {
    r.Add(Problem::kMissingField, "spec.chart",
          "spec.chart or spec.chartRef is required (either chart or chartRef must be set)", where);
  } else if (chart_written && chart_ref_written) {
    r.Add(Problem::kInvalidValue, "spec.chartRef",
          "spec.chart and spec.chartRef are both set; set only one", chart_ref_key);
  }

  h.depends_on = ReadDependsOn(r, spec);
  const Child values = Reader::Get(spec, "values");
  if (values.node != nullptr) {
    if (values.node->IsMapping()) {
      h.values = *values.node;
    } else {
      r.Add(Problem::kWrongType, "spec.values",
            "spec.values must be a mapping, not " + Describe(*values.node), values.node->span);
    }
  }
  for (const auto& [item, path] : r.Items(spec, "valuesFrom", "spec.valuesFrom")) {
    ValuesReference v;
    v.span = item->span;
    v.kind = r.Str(item, "kind", path + ".kind");
    r.Require(v.kind, path + ".kind", item->span);
    r.Enum(v.kind, path + ".kind", {"ConfigMap", "Secret"});
    v.name = r.Str(item, "name", path + ".name");
    r.Require(v.name, path + ".name", item->span);
    v.values_key = r.Str(item, "valuesKey", path + ".valuesKey");
    v.target_path = r.Str(item, "targetPath", path + ".targetPath");
    v.optional = r.Bool(item, "optional", path + ".optional");
    h.values_from.push_back(std::move(v));
  }
  h.service_account_name = r.Str(spec, "serviceAccountName", "spec.serviceAccountName");
  h.suspend = r.Bool(spec, "suspend", "spec.suspend");
  if (const Node* upgrade = r.Map(spec, "upgrade", "spec.upgrade")) {
    h.upgrade_force = r.Bool(upgrade, "force", "spec.upgrade.force");
    h.chart_name_change_strategy =
        r.Str(upgrade, "chartNameChangeStrategy", "spec.upgrade.chartNameChangeStrategy");
  }
  Span kube_config;
  h.remote_cluster = ReadKubeConfig(spec, &kube_config);
  return out;
}

Parsed<Source> ParseSource(const Node& root) {
  Parsed<Source> out;
  Source& s = out.object;
  Reader r(&out.problems);
  s.meta = ParseMeta(root);
  switch (Classify(root)) {
    case ObjectType::kOCIRepository:
      s.kind = SourceKind::kOCIRepository;
      break;
    case ObjectType::kHelmRepository:
      s.kind = SourceKind::kHelmRepository;
      break;
    case ObjectType::kBucket:
      s.kind = SourceKind::kBucket;
      break;
    case ObjectType::kGitRepository:
      s.kind = SourceKind::kGitRepository;
      break;
    default:
      CheckApiGroup(r, s.meta, kSourceGroup,
                    {"GitRepository", "OCIRepository", "HelmRepository", "Bucket"});
      return out;
  }
  Span where;
  const Node* spec = r.Spec(root, &s.has_spec, &s.spec_span, &where);
  s.interval = r.Str(spec, "interval", "spec.interval");
  if (s.kind != SourceKind::kHelmRepository) r.Require(s.interval, "spec.interval", where);
  r.Duration(s.interval, "spec.interval");
  s.ignore = r.Str(spec, "ignore", "spec.ignore");
  s.suspend = r.Bool(spec, "suspend", "spec.suspend");
  s.provider = r.Str(spec, "provider", "spec.provider");
  const Node* secret = r.Map(spec, "secretRef", "spec.secretRef");
  s.secret_ref_name = r.Str(secret, "name", "spec.secretRef.name");

  if (s.kind == SourceKind::kBucket) {
    s.bucket_name = r.Str(spec, "bucketName", "spec.bucketName");
    r.Require(s.bucket_name, "spec.bucketName", where);
    s.endpoint = r.Str(spec, "endpoint", "spec.endpoint");
    r.Require(s.endpoint, "spec.endpoint", where);
    s.prefix = r.Str(spec, "prefix", "spec.prefix");
    return out;
  }
  s.url = r.Str(spec, "url", "spec.url");
  r.Require(s.url, "spec.url", where);
  switch (s.kind) {
    case SourceKind::kGitRepository:
      r.UrlScheme(s.url, "spec.url", {"http", "https", "ssh"});
      break;
    case SourceKind::kOCIRepository:
      r.UrlScheme(s.url, "spec.url", {"oci"});
      break;
    default:
      r.UrlScheme(s.url, "spec.url", {"http", "https", "oci"});
      s.type = r.Str(spec, "type", "spec.type");
      r.Enum(s.type, "spec.type", {"default", "oci"});
      break;
  }
  if (const Node* ref = r.Map(spec, "ref", "spec.ref")) {
    s.ref_tag = r.Str(ref, "tag", "spec.ref.tag");
    s.ref_semver = r.Str(ref, "semver", "spec.ref.semver");
    if (s.kind == SourceKind::kGitRepository) {
      s.ref_branch = r.Str(ref, "branch", "spec.ref.branch");
      s.ref_name = r.Str(ref, "name", "spec.ref.name");
      s.ref_commit = r.Str(ref, "commit", "spec.ref.commit");
    } else {
      s.ref_digest = r.Str(ref, "digest", "spec.ref.digest");
    }
  }
  return out;
}

AnyObject ParseObject(const Node& root) {
  switch (Classify(root)) {
    case ObjectType::kKustomization:
      return ParseKustomization(root);
    case ObjectType::kHelmRelease:
      return ParseHelmRelease(root);
    case ObjectType::kGitRepository:
    case ObjectType::kOCIRepository:
    case ObjectType::kHelmRepository:
    case ObjectType::kBucket:
      return ParseSource(root);
    case ObjectType::kOther:
      break;
  }
  return std::monostate();
}

bool SubstitutionDisabled(const Node& object) {
  for (const char* field : {"labels", "annotations"}) {
    const Node* map = object.Find({"metadata", field});
    if (map == nullptr || !map->IsMapping()) continue;
    const Node* value = map->Get(kSubstituteKey);
    if (value != nullptr && value->IsScalar() && value->value == "disabled") return true;
  }
  return false;
}

bool SubstitutionRuns(const Kustomization& k, size_t resolved_vars) {
  if (!k.post_build.has_value()) return false;
  return k.post_build->AlwaysSubstitute() || resolved_vars > 0;
}

bool IsValidDuration(std::string_view text) {
  const auto digits = [&](size_t* i) {
    const size_t start = *i;
    while (*i < text.size() && text[*i] >= '0' && text[*i] <= '9') ++*i;
    return *i > start;
  };
  size_t i = 0;
  if (text.empty()) return false;
  while (i < text.size()) {
    if (!digits(&i)) return false;
    if (i < text.size() && text[i] == '.') {
      ++i;
      if (!digits(&i)) return false;
    }
    if (i >= text.size()) return false;
    if (text[i] == 'm' && i + 1 < text.size() && text[i + 1] == 's') {
      i += 2;
    } else if (text[i] == 's' || text[i] == 'm' || text[i] == 'h') {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace fluxlint::flux
