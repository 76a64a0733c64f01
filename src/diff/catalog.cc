#include "diff/catalog.h"

#include <algorithm>
#include <initializer_list>

#include "diff/crd_rules.h"
#include "util/glob.h"
#include "yaml/scalar.h"

namespace fluxlint::diff {
namespace {

constexpr std::string_view kBuiltinOrigin = "built-in catalog";

struct WhenNameEntry {
  When when;
  std::string_view name;
};

constexpr WhenNameEntry kWhenNames[] = {
    {When::kAlways, "always"},
    {When::kOnceSet, "onceSet"},
    {When::kNoUnset, "noUnset"},
    {When::kNoDecrease, "noDecrease"},
    {When::kBothPresent, "bothPresent"},
    {When::kPresence, "presence"},
    {When::kBaseImmutable, "baseImmutable"},
    {When::kServiceClusterIP, "serviceClusterIP"},
    {When::kServiceIPFamilies, "serviceIPFamilies"},
    {When::kServiceLoadBalancerClass, "serviceLoadBalancerClass"},
    {When::kServiceHealthCheckNodePort, "serviceHealthCheckNodePort"},
};

bool GlobOrEqual(std::string_view pattern, std::string_view text) {
  if (pattern == "*") return true;
  if (pattern.find_first_of("*?") == std::string_view::npos) return pattern == text;
  return GlobMatch(pattern, text);
}

/// Reads one catalog file, collecting problems.
class Parser {
 public:
  explicit Parser(std::vector<Diagnostic>* errors) : errors_(errors) {}

  void Error(const Span& span, std::string message) {
    if (errors_ == nullptr) return;
    Diagnostic& d = errors_->emplace_back();
    d.rule_id = "catalog";
    d.severity = Severity::kError;
    d.message = std::move(message);
    d.span = span;
  }

  bool CheckKeys(const yaml::Node& map, std::initializer_list<std::string_view> known,
                 std::string_view where) {
    bool ok = true;
    for (size_t i = 0; i < map.EntryCount(); ++i) {
      const yaml::Node& key = map.Key(i);
      if (!key.IsScalar() || std::find(known.begin(), known.end(), key.value) == known.end()) {
        Error(key.span, "unknown key '" + key.value + "' in " + std::string(where));
        ok = false;
      }
    }
    return ok;
  }

  std::optional<std::string> String(const yaml::Node& map, std::string_view key, bool required,
                                    std::string_view where) {
    const yaml::Node* v = map.Get(key);
    if (v == nullptr) {
      if (required) Error(map.span, std::string(where) + " needs '" + std::string(key) + "'");
      return std::nullopt;
    }
    if (!v->IsScalar()) {
      Error(v->span, "'" + std::string(key) + "' must be a string");
      return std::nullopt;
    }
    return v->IsNull() && v->style == yaml::ScalarStyle::kPlain ? "" : v->value;
  }

  std::vector<std::string> Strings(const yaml::Node& map, std::string_view key,
                                   std::string_view where, bool required) {
    std::vector<std::string> out;
    const yaml::Node* v = map.Get(key);
    if (v == nullptr) {
      if (required) Error(map.span, std::string(where) + " needs '" + std::string(key) + "'");
      return out;
    }
    if (!v->IsSequence()) {
      Error(v->span, "'" + std::string(key) + "' must be a list");
      return out;
    }
    for (const yaml::Node& item : v->children) {
      if (!item.IsScalar()) {
        Error(item.span, "'" + std::string(key) + "' items must be strings");
        continue;
      }
      out.push_back(item.value);
    }
    return out;
  }

  std::optional<KindSelector> Selector(const yaml::Node& map, std::string_view where) {
    KindSelector s;
    bool has_group = map.Get("group") != nullptr;
    bool has_groups = map.Get("groups") != nullptr;
    if (has_group == has_groups) {
      Error(map.span, std::string(where) + " needs exactly one of 'group' and 'groups'");
      return std::nullopt;
    }
    if (has_group) {
      std::optional<std::string> g = String(map, "group", true, where);
      if (!g) return std::nullopt;
      s.groups.push_back(*g);
    } else {
      s.groups = Strings(map, "groups", where, true);
    }
    s.kinds = Strings(map, "kinds", where, true);
    if (s.groups.empty() || s.kinds.empty()) return std::nullopt;
    return s;
  }

  std::vector<FieldPath> Paths(const yaml::Node& map, std::string_view key, bool required,
                               std::string_view where) {
    std::vector<FieldPath> out;
    const yaml::Node* v = map.Get(key);
    if (v == nullptr) {
      if (required) Error(map.span, std::string(where) + " needs '" + std::string(key) + "'");
      return out;
    }
    if (!v->IsSequence() || v->children.empty()) {
      Error(v->span, "'" + std::string(key) + "' must be a non-empty list of field paths");
      return out;
    }
    for (const yaml::Node& item : v->children) {
      if (!item.IsScalar()) {
        Error(item.span, "a field path must be a string");
        continue;
      }
      Result<FieldPath> p = ParseFieldPath(item.value);
      if (!p.ok()) {
        Error(item.span, p.status().message());
        continue;
      }
      out.push_back(std::move(p).value());
    }
    return out;
  }

 private:
  std::vector<Diagnostic>* errors_;
};

}  // namespace

std::string_view WhenName(When when) {
  for (const WhenNameEntry& e : kWhenNames) {
    if (e.when == when) return e.name;
  }
  return "always";
}

bool KindSelector::Matches(std::string_view group, std::string_view kind) const {
  bool group_ok = std::any_of(groups.begin(), groups.end(),
                              [&](const std::string& g) { return GlobOrEqual(g, group); });
  if (!group_ok) return false;
  return std::any_of(kinds.begin(), kinds.end(),
                     [&](const std::string& k) { return GlobOrEqual(k, kind); });
}

const yaml::Node* ObjectDefaults::Find(const FieldPath& path) const {
  for (const DefaultValues* set : sets_) {
    for (const auto& [pattern, value] : set->values) {
      if (pattern.size() == path.size() && PatternCovers(pattern, path)) return &value;
    }
    if (object_ == nullptr) continue;
    for (const auto& [pattern, source] : set->copies) {
      if (pattern.size() == path.size() && PatternCovers(pattern, path)) {
        const yaml::Node* v = NodeAt(*object_, source);
        if (v != nullptr) return v;
      }
    }
  }
  return nullptr;
}

Catalog Catalog::Parse(const yaml::LoadedFile& file, std::vector<Diagnostic>* errors) {
  Catalog catalog;
  Parser p(errors);
  for (const yaml::LoadError& e : file.errors) p.Error(e.span, e.message);
  if (!file.errors.empty()) return catalog;
  const yaml::Node* root = nullptr;
  for (const yaml::Document& d : file.documents) {
    if (d.empty) continue;
    if (root != nullptr) {
      p.Error(d.span, "the catalog is one YAML document");
      break;
    }
    root = &d.root;
  }
  if (root == nullptr || !root->IsMapping()) {
    p.Error(root != nullptr ? root->span : FileSpan(file.file), "the catalog must be a mapping");
    return catalog;
  }
  p.CheckKeys(*root, {"version", "clusterScoped", "defaults", "recreate", "entries"},
              "the catalog");
  std::optional<std::string> version = p.String(*root, "version", true, "the catalog");
  if (version && *version != "1") {
    p.Error(root->Get("version")->span, "unsupported catalog version '" + *version + "'");
  }
  auto each = [&](std::string_view key, auto&& fn) {
    const yaml::Node* list = root->Get(key);
    if (list == nullptr) return;
    if (!list->IsSequence()) {
      p.Error(list->span, "'" + std::string(key) + "' must be a list");
      return;
    }
    for (const yaml::Node& item : list->children) {
      if (!item.IsMapping()) {
        p.Error(item.span, "'" + std::string(key) + "' items must be mappings");
        continue;
      }
      fn(item);
    }
  };

  each("clusterScoped", [&](const yaml::Node& item) {
    p.CheckKeys(item, {"group", "groups", "kinds"}, "a clusterScoped item");
    if (auto s = p.Selector(item, "a clusterScoped item")) {
      catalog.cluster_scoped_.push_back(std::move(*s));
    }
  });

  each("defaults", [&](const yaml::Node& item) {
    p.CheckKeys(item, {"group", "groups", "kinds", "values", "copies"}, "a defaults item");
    std::optional<KindSelector> s = p.Selector(item, "a defaults item");
    if (!s) return;
    DefaultValues d;
    d.selector = std::move(*s);
    if (const yaml::Node* values = item.Get("values")) {
      if (!values->IsMapping()) {
        p.Error(values->span, "'values' must map field paths to values");
      } else {
        for (size_t i = 0; i < values->EntryCount(); ++i) {
          Result<FieldPath> path = ParseFieldPath(values->Key(i).value);
          if (!path.ok()) {
            p.Error(values->Key(i).span, path.status().message());
            continue;
          }
          d.values.emplace_back(std::move(path).value(), values->Value(i));
        }
      }
    }
    if (const yaml::Node* copies = item.Get("copies")) {
      if (!copies->IsMapping()) {
        p.Error(copies->span, "'copies' must map field paths to field paths");
      } else {
        for (size_t i = 0; i < copies->EntryCount(); ++i) {
          Result<FieldPath> to = ParseFieldPath(copies->Key(i).value);
          Result<FieldPath> from = ParseFieldPath(copies->Value(i).value);
          if (!to.ok() || !from.ok()) {
            p.Error(copies->Key(i).span,
                    !to.ok() ? to.status().message() : from.status().message());
            continue;
          }
          d.copies.emplace_back(std::move(to).value(), std::move(from).value());
        }
      }
    }
    catalog.defaults_.push_back(std::move(d));
  });

  each("recreate", [&](const yaml::Node& item) {
    p.CheckKeys(item, {"group", "groups", "kinds", "cost"}, "a recreate item");
    std::optional<KindSelector> s = p.Selector(item, "a recreate item");
    std::optional<std::string> cost = p.String(item, "cost", true, "a recreate item");
    if (s && cost) catalog.recreate_.push_back({std::move(*s), std::move(*cost)});
  });

  std::vector<std::string> ids;
  each("entries", [&](const yaml::Node& item) {
    p.CheckKeys(item,
                {"id", "group", "groups", "kinds", "paths", "except", "exceptIf", "unordered",
                 "when", "severity", "message", "note"},
                "an entry");
    CatalogEntry e;
    std::optional<std::string> id = p.String(item, "id", true, "an entry");
    std::optional<KindSelector> s = p.Selector(item, "an entry");
    std::optional<std::string> message = p.String(item, "message", true, "an entry");
    if (!id || !s || !message) return;
    if (std::find(ids.begin(), ids.end(), *id) != ids.end()) {
      p.Error(item.Get("id")->span, "entry id '" + *id + "' is used twice");
      return;
    }
    ids.push_back(*id);
    e.id = *id;
    e.selector = std::move(*s);
    e.message = std::move(*message);
    e.note = p.String(item, "note", false, "an entry").value_or("");
    e.paths = p.Paths(item, "paths", true, "an entry");
    if (e.paths.empty()) return;
    if (item.Get("except") != nullptr) e.except = p.Paths(item, "except", false, "an entry");
    if (std::optional<std::string> cond = p.String(item, "exceptIf", false, "an entry")) {
      if (*cond != "suspended") {
        p.Error(item.Get("exceptIf")->span, "exceptIf must be 'suspended'");
      } else {
        e.except_if_suspended = true;
      }
    }
    if (const yaml::Node* u = item.Get("unordered")) {
      if (!u->IsScalar() || yaml::ResolveScalar(*u) != yaml::ScalarType::kBool) {
        p.Error(u->span, "'unordered' must be true or false");
      } else {
        e.unordered = u->value == "true" || u->value == "True" || u->value == "TRUE";
      }
    }
    if (std::optional<std::string> when = p.String(item, "when", false, "an entry")) {
      auto it = std::find_if(std::begin(kWhenNames), std::end(kWhenNames),
                             [&](const WhenNameEntry& w) { return w.name == *when; });
      if (it == std::end(kWhenNames)) {
        p.Error(item.Get("when")->span, "unknown condition '" + *when + "'");
        return;
      }
      e.when = it->when;
    }
    if (std::optional<std::string> sev = p.String(item, "severity", false, "an entry")) {
      std::optional<Severity> parsed = ParseSeverity(*sev);
      if (!parsed) {
        p.Error(item.Get("severity")->span, "severity must be error, warning or note");
      } else {
        e.severity = *parsed;
      }
    }
    e.origin = std::string(kBuiltinOrigin);
    e.span = item.span;
    catalog.entries_.push_back(std::move(e));
  });
  return catalog;
}

Catalog Catalog::Builtin(std::vector<Diagnostic>* errors) {
  auto file = std::make_shared<SourceFile>();
  file->path = "rules/immutable_fields.yaml";
  file->text = std::string(BuiltinCatalogText());
  file->revision = "built-in";
  file->IndexLines();
  auto loaded = std::make_shared<const yaml::LoadedFile>(yaml::Load(*file));
  Catalog catalog = Parse(*loaded, errors);
  catalog.builtin_file_ = file;
  catalog.builtin_loaded_ = loaded;
  // Built-in entries point at no repository file.
  for (CatalogEntry& e : catalog.entries_) e.span = {};
  return catalog;
}

void Catalog::AddConfig(const config::Config& config) {
  for (const config::ImmutableFields& f : config.immutable_fields) {
    CatalogEntry e;
    e.selector.groups.push_back(f.api_group);
    e.selector.kinds.push_back(f.kind);
    for (const std::string& text : f.paths) {
      Result<FieldPath> p = ParseFieldPath(text);
      if (p.ok()) e.paths.push_back(std::move(p).value());
    }
    if (e.paths.empty()) continue;
    e.id = "config:" + (f.api_group.empty() ? "" : f.api_group + "/") + f.kind;
    e.message = "field is immutable";
    e.note = "declared immutable in the fluxlint configuration";
    e.origin = config.source_path.empty() ? ".fluxlint.yaml" : config.source_path;
    e.span = f.span;
    entries_.push_back(std::move(e));
  }
}

void Catalog::AddCrd(const yaml::Node& crd) {
  CrdFacts facts = ReadCrd(crd);
  if (facts.kind.empty()) return;
  std::pair<std::string, std::string> id{facts.group, facts.kind};
  if (std::find(crd_kinds_.begin(), crd_kinds_.end(), id) != crd_kinds_.end()) return;
  crd_kinds_.push_back(id);
  if (facts.cluster_scoped) cluster_scoped_.push_back({{facts.group}, {facts.kind}});
  for (CatalogEntry& e : facts.entries) entries_.push_back(std::move(e));
}

std::vector<const CatalogEntry*> Catalog::EntriesFor(std::string_view group,
                                                     std::string_view kind) const {
  std::vector<const CatalogEntry*> out;
  for (const CatalogEntry& e : entries_) {
    if (e.selector.Matches(group, kind)) out.push_back(&e);
  }
  return out;
}

ObjectDefaults Catalog::DefaultsFor(std::string_view group, std::string_view kind,
                                    const yaml::Node* object) const {
  std::vector<const DefaultValues*> sets;
  for (const DefaultValues& d : defaults_) {
    if (d.selector.Matches(group, kind)) sets.push_back(&d);
  }
  return ObjectDefaults(std::move(sets), object);
}

std::string_view Catalog::RecreateCostOf(std::string_view group, std::string_view kind) const {
  for (const RecreateCost& r : recreate_) {
    if (r.selector.Matches(group, kind)) return r.cost;
  }
  return {};
}

bool Catalog::IsClusterScoped(std::string_view group, std::string_view kind) const {
  return std::any_of(cluster_scoped_.begin(), cluster_scoped_.end(),
                     [&](const KindSelector& s) { return s.Matches(group, kind); });
}

}  // namespace fluxlint::diff
