#include "kustomize/kustomization.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "util/edit_distance.h"
#include "yaml/scalar.h"

namespace fluxlint::kustomize {

namespace {

constexpr std::string_view kKustomizationVersion = "kustomize.config.k8s.io/v1beta1";
constexpr std::string_view kComponentVersion = "kustomize.config.k8s.io/v1alpha1";

std::string_view TypeName(const yaml::Node& n) {
  if (n.IsMapping()) return "a mapping";
  if (n.IsSequence()) return "a list";
  switch (yaml::ResolveScalar(n)) {
    case yaml::ScalarType::kNull:
      return "null";
    case yaml::ScalarType::kBool:
      return "a boolean";
    case yaml::ScalarType::kInt:
      return "a number";
    case yaml::ScalarType::kFloat:
      return "a number";
    case yaml::ScalarType::kString:
      return "a string";
  }
  return "a value";
}

/// kustomize decodes kustomizations with Go's encoding/json, which matches field names without
/// regard to case ("newtag" sets newTag).
bool KeyIs(std::string_view key, std::string_view field) {
  if (key.size() != field.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(key[i])) !=
        std::tolower(static_cast<unsigned char>(field[i]))) {
      return false;
    }
  }
  return true;
}

/// Reads the fields of one kustomization (or nested structure), collecting errors.
class Parser {
 public:
  explicit Parser(std::vector<ModelError>* errors) : errors_(errors) {}

  void Error(std::string code, std::string message, Span span, std::string help = "") {
    errors_->push_back(ModelError{std::move(code), std::move(message), span, std::move(help)});
  }

  void TypeError(const yaml::Node& n, std::string_view where, std::string_view want) {
    Error(
        "invalid-field",
        std::string(where) + " must be " + std::string(want) + ", not " + std::string(TypeName(n)),
        n.span);
  }

  /// Reports keys of `map` that are not in `known` (kustomize reads kustomizations strictly).
  void CheckKeys(const yaml::Node& map, std::string_view where,
                 const std::vector<std::string>& known) {
    for (size_t i = 0; i < map.EntryCount(); ++i) {
      const yaml::Node& key = map.Key(i);
      if (std::any_of(known.begin(), known.end(),
                      [&](const std::string& k) { return KeyIs(key.value, k); })) {
        continue;
      }
      Error("unknown-field",
            "unknown field '" + key.value + "' in " + std::string(where) +
                DidYouMean(key.value, known),
            key.span);
    }
  }

  bool IsString(const yaml::Node& n) {
    return n.IsScalar() && yaml::ResolveScalar(n) == yaml::ScalarType::kString;
  }

  /// A string field; null leaves `out` empty. Returns false (with an error) on a wrong type.
  bool String(const yaml::Node& n, std::string_view where, std::string* out) {
    if (n.IsNull()) return true;
    if (!IsString(n)) {
      TypeError(n, where, "a string");
      return false;
    }
    *out = n.value;
    return true;
  }

  bool Bool(const yaml::Node& n, std::string_view where, bool* out) {
    if (n.IsNull()) return true;
    if (!n.IsScalar() || yaml::ResolveScalar(n) != yaml::ScalarType::kBool) {
      TypeError(n, where, "true or false");
      return false;
    }
    *out = n.value == "true" || n.value == "True" || n.value == "TRUE";
    return true;
  }

  std::vector<Entry> StringList(const yaml::Node& n, std::string_view where) {
    std::vector<Entry> out;
    if (n.IsNull()) return out;
    if (!n.IsSequence()) {
      TypeError(n, where, "a list of strings");
      return out;
    }
    for (const yaml::Node& item : n.children) {
      std::string v;
      if (!String(item, std::string(where) + " entries", &v)) continue;
      if (item.IsNull()) continue;
      out.push_back(Entry{std::move(v), item.span});
    }
    return out;
  }

  std::vector<Pair> StringMap(const yaml::Node& n, std::string_view where) {
    std::vector<Pair> out;
    if (n.IsNull()) return out;
    if (!n.IsMapping()) {
      TypeError(n, where, "a mapping of strings");
      return out;
    }
    for (size_t i = 0; i < n.EntryCount(); ++i) {
      const yaml::Node& v = n.Value(i);
      if (!v.IsNull() && !IsString(v)) {
        TypeError(v, std::string(where) + " value '" + n.Key(i).value + "'", "a string");
        continue;
      }
      Pair p{n.Key(i), v};
      if (v.IsNull()) p.value.value.clear();
      out.push_back(std::move(p));
    }
    return out;
  }

  const yaml::Node* Mapping(const yaml::Node& n, std::string_view where) {
    if (n.IsNull()) return nullptr;
    if (!n.IsMapping()) {
      TypeError(n, where, "a mapping");
      return nullptr;
    }
    return &n;
  }

  const yaml::Node* List(const yaml::Node& n, std::string_view where) {
    if (n.IsNull()) return nullptr;
    if (!n.IsSequence()) {
      TypeError(n, where, "a list");
      return nullptr;
    }
    return &n;
  }

  std::optional<Entry> OptString(const yaml::Node& n, std::string_view where) {
    std::string v;
    if (!String(n, where, &v) || n.IsNull()) return std::nullopt;
    return Entry{std::move(v), n.span};
  }

  void Selector(const yaml::Node& n, std::string_view where) {
    if (!Mapping(n, where)) return;
    CheckKeys(
        n, where,
        {"group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"});
    for (size_t i = 0; i < n.EntryCount(); ++i) {
      std::string ignored;
      String(n.Value(i), std::string(where) + "." + n.Key(i).value, &ignored);
    }
  }

  std::optional<GeneratorOptions> Options(const yaml::Node& n, std::string_view where) {
    if (!Mapping(n, where)) return std::nullopt;
    CheckKeys(n, where, {"labels", "annotations", "disableNameSuffixHash", "immutable"});
    GeneratorOptions o;
    o.span = n.span;
    for (size_t i = 0; i < n.EntryCount(); ++i) {
      std::string_view key = n.Key(i).value;
      const yaml::Node& v = n.Value(i);
      std::string field = std::string(where) + "." + std::string(key);
      if (KeyIs(key, "labels")) o.labels = StringMap(v, field);
      if (KeyIs(key, "annotations")) o.annotations = StringMap(v, field);
      if (KeyIs(key, "disableNameSuffixHash")) Bool(v, field, &o.disable_name_suffix_hash);
      if (KeyIs(key, "immutable")) Bool(v, field, &o.immutable);
    }
    return o;
  }

  std::vector<GeneratorArgs> Generators(const yaml::Node& n, std::string_view where, bool secret) {
    std::vector<GeneratorArgs> out;
    if (!List(n, where)) return out;
    std::vector<std::string> known = {"name",     "namespace", "behavior", "files",
                                      "literals", "envs",      "env",      "options"};
    if (secret) known.push_back("type");
    for (const yaml::Node& item : n.children) {
      if (!Mapping(item, std::string(where) + " entries")) continue;
      CheckKeys(item, std::string(where) + " entry", known);
      GeneratorArgs g;
      g.span = item.span;
      g.name_span = item.span;
      for (size_t i = 0; i < item.EntryCount(); ++i) {
        std::string_view key = item.Key(i).value;
        const yaml::Node& v = item.Value(i);
        std::string field = std::string(where) + "." + std::string(key);
        if (KeyIs(key, "name")) {
          String(v, field, &g.name);
          g.name_span = v.span;
        }
        if (KeyIs(key, "namespace")) String(v, field, &g.ns);
        if (KeyIs(key, "behavior")) String(v, field, &g.behavior);
        if (KeyIs(key, "type")) String(v, field, &g.type);
        if (KeyIs(key, "files")) g.files = StringList(v, field);
        if (KeyIs(key, "literals")) g.literals = StringList(v, field);
        if (KeyIs(key, "envs")) {
          for (Entry& e : StringList(v, field)) g.envs.push_back(std::move(e));
        }
        if (KeyIs(key, "env")) {
          if (auto e = OptString(v, field)) g.envs.push_back(std::move(*e));
        }
        if (KeyIs(key, "options")) g.options = Options(v, field);
      }
      if (!g.behavior.empty() && g.behavior != "create" && g.behavior != "merge" &&
          g.behavior != "replace") {
        Error("invalid-field", "behavior '" + g.behavior + "' is not one of create, merge, replace",
              item.Get("behavior")->span);
      }
      out.push_back(std::move(g));
    }
    return out;
  }

  void Patches(const yaml::Node& n, Kustomization* k) {
    if (!List(n, "patches")) return;
    for (const yaml::Node& item : n.children) {
      if (!Mapping(item, "patches entries")) continue;
      CheckKeys(item, "patches entry", {"path", "patch", "target", "options"});
      PatchEntry p;
      p.span = item.span;
      for (size_t i = 0; i < item.EntryCount(); ++i) {
        std::string_view key = item.Key(i).value;
        const yaml::Node& v = item.Value(i);
        if (KeyIs(key, "path")) String(v, "patches.path", &p.path);
        if (KeyIs(key, "patch")) {
          std::string ignored;
          if (String(v, "patches.patch", &ignored) && !v.IsNull()) p.inline_patch = &v;
        }
        if (KeyIs(key, "target")) {
          Selector(v, "patches.target");
          if (v.IsMapping()) p.target = &v;
        }
        if (KeyIs(key, "options")) {
          if (!Mapping(v, "patches.options")) continue;
          CheckKeys(v, "patches.options", {"allowNameChange", "allowKindChange"});
          if (const yaml::Node* o = v.Get("allowNameChange")) {
            Bool(*o, "patches.options.allowNameChange", &p.allow_name_change);
          }
          if (const yaml::Node* o = v.Get("allowKindChange")) {
            Bool(*o, "patches.options.allowKindChange", &p.allow_kind_change);
          }
        }
      }
      if (!p.path.empty() && p.inline_patch != nullptr) {
        Error("invalid-field", "a patch may have 'path' or 'patch', not both", item.span);
      } else if (p.path.empty() && p.inline_patch == nullptr) {
        Error("invalid-field", "a patch needs 'path' or 'patch'", item.span);
      }
      k->patches.push_back(p);
    }
  }

  void Json6902(const yaml::Node& n, Kustomization* k) {
    if (!List(n, "patchesJson6902")) return;
    for (const yaml::Node& item : n.children) {
      if (!Mapping(item, "patchesJson6902 entries")) continue;
      CheckKeys(item, "patchesJson6902 entry", {"target", "path", "patch"});
      PatchEntry p;
      p.json6902 = true;
      p.span = item.span;
      for (size_t i = 0; i < item.EntryCount(); ++i) {
        std::string_view key = item.Key(i).value;
        const yaml::Node& v = item.Value(i);
        if (KeyIs(key, "path")) String(v, "patchesJson6902.path", &p.path);
        if (KeyIs(key, "patch")) {
          std::string ignored;
          if (String(v, "patchesJson6902.patch", &ignored) && !v.IsNull()) p.inline_patch = &v;
        }
        if (KeyIs(key, "target")) {
          Selector(v, "patchesJson6902.target");
          if (v.IsMapping()) p.target = &v;
        }
      }
      if (p.target == nullptr) {
        Error("invalid-field", "a patchesJson6902 entry needs a target", item.span);
      }
      k->patches_json6902.push_back(p);
    }
  }

  void StrategicMerge(const yaml::Node& n, Kustomization* k) {
    if (!List(n, "patchesStrategicMerge")) return;
    for (const yaml::Node& item : n.children) {
      std::string v;
      if (!String(item, "patchesStrategicMerge entries", &v) || item.IsNull()) continue;
      PatchEntry p;
      p.span = item.span;
      // An entry is a file name or an inline patch; the builder tells them apart the way
      // kustomize does (an entry that parses as a YAML mapping is a patch).
      p.path = v;
      p.inline_patch = &item;
      p.legacy_strategic_merge = true;
      k->patches_strategic_merge.push_back(p);
    }
  }

  void Images(const yaml::Node& n, Kustomization* k) {
    if (!List(n, "images")) return;
    for (const yaml::Node& item : n.children) {
      if (!Mapping(item, "images entries")) continue;
      CheckKeys(item, "images entry", {"name", "newName", "newTag", "digest", "tagSuffix"});
      ImageEntry img;
      img.span = item.span;
      for (size_t i = 0; i < item.EntryCount(); ++i) {
        std::string_view key = item.Key(i).value;
        const yaml::Node& v = item.Value(i);
        std::string field = "images." + std::string(key);
        if (KeyIs(key, "name")) String(v, field, &img.name);
        if (KeyIs(key, "newName")) String(v, field, &img.new_name);
        if (KeyIs(key, "newTag")) String(v, field, &img.new_tag);
        if (KeyIs(key, "digest")) String(v, field, &img.digest);
      }
      k->images.push_back(std::move(img));
    }
  }

  void Replicas(const yaml::Node& n, Kustomization* k) {
    if (!List(n, "replicas")) return;
    for (const yaml::Node& item : n.children) {
      if (!Mapping(item, "replicas entries")) continue;
      CheckKeys(item, "replicas entry", {"name", "count"});
      ReplicaEntry r;
      r.span = item.span;
      r.count = yaml::Node::Scalar("0", item.span);
      for (size_t i = 0; i < item.EntryCount(); ++i) {
        std::string_view key = item.Key(i).value;
        const yaml::Node& v = item.Value(i);
        if (KeyIs(key, "name")) String(v, "replicas.name", &r.name);
        if (KeyIs(key, "count")) {
          if (v.IsNull()) continue;
          if (!v.IsScalar() || yaml::ResolveScalar(v) != yaml::ScalarType::kInt) {
            TypeError(v, "replicas.count", "an integer");
            continue;
          }
          r.count = v;
        }
      }
      k->replicas.push_back(std::move(r));
    }
  }

  void Labels(const yaml::Node& n, Kustomization* k) {
    if (!List(n, "labels")) return;
    for (const yaml::Node& item : n.children) {
      if (!Mapping(item, "labels entries")) continue;
      CheckKeys(item, "labels entry", {"pairs", "includeSelectors", "includeTemplates", "fields"});
      LabelEntry l;
      l.span = item.span;
      for (size_t i = 0; i < item.EntryCount(); ++i) {
        std::string_view key = item.Key(i).value;
        const yaml::Node& v = item.Value(i);
        if (KeyIs(key, "pairs")) l.pairs = StringMap(v, "labels.pairs");
        if (KeyIs(key, "includeSelectors"))
          Bool(v, "labels.includeSelectors", &l.include_selectors);
        if (KeyIs(key, "includeTemplates"))
          Bool(v, "labels.includeTemplates", &l.include_templates);
        if (KeyIs(key, "fields")) {
          if (!List(v, "labels.fields")) continue;
          for (const yaml::Node& f : v.children) {
            if (f.IsMapping()) {
              CheckKeys(f, "labels.fields entry", {"group", "version", "kind", "path", "create"});
            }
            FieldSpec fs;
            Span span;
            if (auto err = ParseFieldSpec(f, &fs, &span)) {
              Error("invalid-field", "labels.fields: " + *err, span);
              continue;
            }
            l.fields.push_back(std::move(fs));
          }
        }
      }
      k->labels.push_back(std::move(l));
    }
  }

  void Sort(const yaml::Node& n, Kustomization* k) {
    if (!Mapping(n, "sortOptions")) return;
    CheckKeys(n, "sortOptions", {"order", "legacySortOptions"});
    SortOptions s;
    s.span = n.span;
    if (const yaml::Node* o = n.Get("order")) String(*o, "sortOptions.order", &s.order);
    if (s.order != "legacy" && s.order != "fifo") {
      const yaml::Node* o = n.Get("order");
      Error("invalid-field", "sortOptions.order must be 'legacy' or 'fifo'",
            o != nullptr ? o->span : n.span);
    }
    if (const yaml::Node* l = n.Get("legacySortOptions")) {
      if (Mapping(*l, "sortOptions.legacySortOptions")) {
        CheckKeys(*l, "sortOptions.legacySortOptions", {"orderFirst", "orderLast"});
        s.has_legacy_options = true;
        if (const yaml::Node* f = l->Get("orderFirst")) {
          for (Entry& e : StringList(*f, "orderFirst")) s.order_first.push_back(e.value);
        }
        if (const yaml::Node* f = l->Get("orderLast")) {
          for (Entry& e : StringList(*f, "orderLast")) s.order_last.push_back(e.value);
        }
        if (s.order == "fifo") {
          Error("invalid-field",
                "sortOptions.legacySortOptions is set but the sort order is 'fifo', not 'legacy'",
                l->span);
        }
      }
    }
    k->sort_options = std::move(s);
  }

 private:
  std::vector<ModelError>* errors_;
};

const std::vector<std::string>& TopLevelFields() {
  static const std::vector<std::string> kFields = {
      "apiVersion",
      "kind",
      "metadata",
      "openapi",
      "namePrefix",
      "nameSuffix",
      "namespace",
      "commonLabels",
      "labels",
      "commonAnnotations",
      "patchesStrategicMerge",
      "patchesJson6902",
      "patches",
      "images",
      "replacements",
      "replicas",
      "vars",
      "sortOptions",
      "resources",
      "components",
      "crds",
      "bases",
      "configMapGenerator",
      "secretGenerator",
      "helmGlobals",
      "helmCharts",
      "helmChartInflationGenerator",
      "generatorOptions",
      "configurations",
      "generators",
      "transformers",
      "validators",
      "buildMetadata",
  };
  return kFields;
}

}  // namespace

Kustomization ParseKustomization(const yaml::Node& doc, std::vector<ModelError>* errors) {
  Kustomization k;
  k.span = doc.span;
  Parser p(errors);
  if (doc.IsNull()) {
    p.Error("invalid-field", "the kustomization is empty", doc.span);
    return k;
  }
  if (!doc.IsMapping()) {
    p.TypeError(doc, "a kustomization", "a mapping");
    return k;
  }
  if (doc.EntryCount() == 0) {
    p.Error("invalid-field", "the kustomization is empty", doc.span);
    return k;
  }
  p.CheckKeys(doc, "the kustomization", TopLevelFields());
  std::vector<Entry> bases;
  for (size_t i = 0; i < doc.EntryCount(); ++i) {
    std::string_view key = doc.Key(i).value;
    const yaml::Node& v = doc.Value(i);
    if (KeyIs(key, "apiVersion")) p.String(v, "apiVersion", &k.api_version);
    if (KeyIs(key, "kind")) p.String(v, "kind", &k.kind);
    if (KeyIs(key, "metadata")) {
      if (p.Mapping(v, "metadata")) {
        p.CheckKeys(v, "metadata", {"name", "namespace", "labels", "annotations"});
      }
    }
    if (KeyIs(key, "namePrefix")) k.name_prefix = p.OptString(v, "namePrefix");
    if (KeyIs(key, "nameSuffix")) k.name_suffix = p.OptString(v, "nameSuffix");
    if (KeyIs(key, "namespace")) k.name_space = p.OptString(v, "namespace");
    if (KeyIs(key, "commonLabels")) {
      k.common_labels = p.StringMap(v, "commonLabels");
      k.common_labels_span = doc.Key(i).span;
    }
    if (KeyIs(key, "commonAnnotations")) {
      k.common_annotations = p.StringMap(v, "commonAnnotations");
      k.common_annotations_span = doc.Key(i).span;
    }
    if (KeyIs(key, "labels")) p.Labels(v, &k);
    if (KeyIs(key, "patchesStrategicMerge")) p.StrategicMerge(v, &k);
    if (KeyIs(key, "patchesJson6902")) p.Json6902(v, &k);
    if (KeyIs(key, "patches")) p.Patches(v, &k);
    if (KeyIs(key, "images")) p.Images(v, &k);
    if (KeyIs(key, "replicas")) p.Replicas(v, &k);
    if (KeyIs(key, "replacements")) {
      if (p.List(v, "replacements")) {
        for (const yaml::Node& item : v.children) {
          if (p.Mapping(item, "replacements entries")) k.replacements.push_back(&item);
        }
      }
    }
    if (KeyIs(key, "sortOptions")) p.Sort(v, &k);
    if (KeyIs(key, "resources")) k.resources = p.StringList(v, "resources");
    if (KeyIs(key, "bases")) bases = p.StringList(v, "bases");
    if (KeyIs(key, "components")) k.components = p.StringList(v, "components");
    if (KeyIs(key, "crds")) k.crds = p.StringList(v, "crds");
    if (KeyIs(key, "configurations")) k.configurations = p.StringList(v, "configurations");
    if (KeyIs(key, "configMapGenerator")) {
      k.config_map_generator = p.Generators(v, "configMapGenerator", false);
    }
    if (KeyIs(key, "secretGenerator"))
      k.secret_generator = p.Generators(v, "secretGenerator", true);
    if (KeyIs(key, "generatorOptions")) k.generator_options = p.Options(v, "generatorOptions");
    if ((KeyIs(key, "helmCharts") || KeyIs(key, "helmChartInflationGenerator")) && !v.IsNull()) {
      if (v.IsSequence()) {
        for (const yaml::Node& item : v.children) {
          std::string name = item.IsMapping() ? std::string(item.GetString("name")) : "";
          k.helm_charts.push_back(Entry{name, item.span});
        }
      } else {
        p.TypeError(v, key, "a list");
      }
    }
    if (KeyIs(key, "generators")) k.generators = p.StringList(v, "generators");
    if (KeyIs(key, "transformers")) k.transformers = p.StringList(v, "transformers");
    if (KeyIs(key, "validators")) k.validators = p.StringList(v, "validators");
    if (KeyIs(key, "buildMetadata") && !v.IsNull()) {
      std::vector<Entry> items = p.StringList(v, "buildMetadata");
      if (!items.empty()) k.build_metadata = Entry{"buildMetadata", doc.Key(i).span};
    }
    if (KeyIs(key, "openapi") && v.IsMapping() && v.EntryCount() > 0) {
      k.openapi = Entry{"openapi", doc.Key(i).span};
    }
    if (KeyIs(key, "vars") && !v.IsNull()) {
      if (p.List(v, "vars") && v.ItemCount() > 0) k.vars = Entry{"vars", doc.Key(i).span};
    }
  }
  for (Entry& b : bases) k.resources.push_back(std::move(b));

  // kustomize fills in a missing kind/apiVersion, then insists on the right pair.
  if (k.kind.empty()) k.kind = "Kustomization";
  const yaml::Node* kind_node = doc.Get("kind");
  const yaml::Node* version_node = doc.Get("apiVersion");
  if (k.kind != "Kustomization" && k.kind != "Component") {
    p.Error("invalid-field", "kind must be Kustomization or Component, not '" + k.kind + "'",
            kind_node != nullptr ? kind_node->span : doc.span);
  } else {
    std::string_view required = k.IsComponent() ? kComponentVersion : kKustomizationVersion;
    if (k.api_version.empty()) {
      k.api_version = std::string(required);
    } else if (k.api_version != required) {
      p.Error("invalid-field",
              "apiVersion for a " + k.kind + " must be " + std::string(required) + ", not '" +
                  k.api_version + "'",
              version_node != nullptr ? version_node->span : doc.span);
    }
  }
  return k;
}

}  // namespace fluxlint::kustomize
