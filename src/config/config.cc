#include "config/config.h"

#include <algorithm>
#include <sstream>

#include "util/edit_distance.h"
#include "util/glob.h"
#include "yaml/emitter.h"
#include "yaml/scalar.h"

namespace fluxlint::config {
namespace {

class Parser {
 public:
  Parser(const std::vector<std::string>& known_rules, std::vector<Diagnostic>* errors)
      : known_rules_(known_rules), errors_(errors) {}

  void Error(const Span& span, std::string message, std::string help = "") {
    Diagnostic& d = errors_->emplace_back();
    d.rule_id = "config";
    d.severity = Severity::kError;
    d.message = std::move(message);
    d.span = span;
    d.help = std::move(help);
  }

  /// Checks that `node` is a mapping whose keys are all in `allowed`; reports the rest.
  bool CheckKeys(const yaml::Node& node, std::string_view where,
                 const std::vector<std::string>& allowed) {
    if (!node.IsMapping()) {
      Error(node.span, std::string(where) + " must be a mapping");
      return false;
    }
    for (size_t i = 0; i < node.EntryCount(); ++i) {
      const yaml::Node& key = node.Key(i);
      if (!key.IsScalar() ||
          std::find(allowed.begin(), allowed.end(), key.value) == allowed.end()) {
        Error(key.span,
              "unknown key '" + key.value + "' in " + std::string(where) +
                  DidYouMean(key.value, allowed),
              "known keys: " + Join(allowed));
      }
    }
    return true;
  }

  bool String(const yaml::Node& node, std::string_view what, std::string* out) {
    if (!node.IsScalar() || node.IsNull()) {
      Error(node.span, std::string(what) + " must be a string");
      return false;
    }
    *out = node.value;
    return true;
  }

  void StringList(const yaml::Node& node, std::string_view what, std::vector<std::string>* out) {
    if (!node.IsSequence()) {
      Error(node.span, std::string(what) + " must be a list of strings");
      return;
    }
    out->clear();
    for (const yaml::Node& item : node.children) {
      std::string s;
      if (String(item, std::string(what) + " entry", &s)) out->push_back(std::move(s));
    }
  }

  void RuleGlobs(const yaml::Node& node, std::string_view what, std::vector<std::string>* out) {
    StringList(node, what, out);
    if (!node.IsSequence()) return;
    for (const yaml::Node& item : node.children) {
      if (!item.IsScalar()) continue;
      bool any = std::any_of(known_rules_.begin(), known_rules_.end(),
                             [&](const std::string& id) { return GlobMatch(item.value, id); });
      if (!any) {
        Error(item.span,
              "'" + item.value + "' matches no rule" + DidYouMean(item.value, known_rules_),
              "`fluxlint rules` lists every rule id");
      }
    }
  }

  bool Bool(const yaml::Node& node, std::string_view what, bool* out) {
    if (node.IsScalar() && yaml::ResolveScalar(node) == yaml::ScalarType::kBool) {
      *out = node.value == "true" || node.value == "True" || node.value == "TRUE";
      return true;
    }
    Error(node.span, std::string(what) + " must be true or false, not '" + node.value + "'");
    return false;
  }

  void Rules(const yaml::Node& node, Config* config) {
    if (!CheckKeys(node, "'rules'", {"select", "ignore", "severity"})) return;
    if (const yaml::Node* n = node.Get("select")) RuleGlobs(*n, "rules.select", &config->select);
    if (const yaml::Node* n = node.Get("ignore")) RuleGlobs(*n, "rules.ignore", &config->ignore);
    if (const yaml::Node* n = node.Get("severity")) {
      if (!n->IsMapping()) {
        Error(n->span, "rules.severity must be a mapping of rule id to error, warning or note");
        return;
      }
      for (size_t i = 0; i < n->EntryCount(); ++i) {
        const yaml::Node& key = n->Key(i);
        const yaml::Node& value = n->Value(i);
        if (std::find(known_rules_.begin(), known_rules_.end(), key.value) ==
            known_rules_.end()) {
          Error(key.span, "unknown rule '" + key.value + "'" + DidYouMean(key.value, known_rules_),
                "`fluxlint rules` lists every rule id");
          continue;
        }
        std::optional<Severity> s = value.IsScalar() ? ParseSeverity(value.value) : std::nullopt;
        if (!s) {
          Error(value.span, "severity must be error, warning or note, not '" + value.value + "'" +
                                DidYouMean(value.value, {"error", "warning", "note"}));
          continue;
        }
        config->severity[key.value] = *s;
      }
    }
  }

  void Variables(const yaml::Node& node, Config* config) {
    if (!node.IsMapping()) {
      Error(node.span, "'variables' must be a mapping of NAME: value");
      return;
    }
    for (size_t i = 0; i < node.EntryCount(); ++i) {
      const yaml::Node& key = node.Key(i);
      const yaml::Node& value = node.Value(i);
      if (!value.IsScalar()) {
        Error(value.span, "variable '" + key.value + "' must have a string value");
        continue;
      }
      config->variables[key.value] = value.IsNull() ? "" : value.value;
    }
  }

  void SubstituteFrom(const yaml::Node& node, Config* config) {
    if (!node.IsSequence()) {
      Error(node.span, "'substituteFrom' must be a list of {kind, name, namespace, data}");
      return;
    }
    for (const yaml::Node& item : node.children) {
      if (!CheckKeys(item, "a 'substituteFrom' entry", {"kind", "name", "namespace", "data"})) {
        continue;
      }
      ExternalObject obj;
      obj.span = item.span;
      const yaml::Node* kind = item.Get("kind");
      const yaml::Node* name = item.Get("name");
      if (kind == nullptr || name == nullptr) {
        Error(item.span, "a 'substituteFrom' entry needs 'kind' and 'name'");
        continue;
      }
      if (!String(*kind, "kind", &obj.kind) || !String(*name, "name", &obj.name)) continue;
      if (obj.kind != "ConfigMap" && obj.kind != "Secret") {
        Error(kind->span, "kind must be ConfigMap or Secret, not '" + obj.kind + "'" +
                              DidYouMean(obj.kind, {"ConfigMap", "Secret"}));
        continue;
      }
      if (const yaml::Node* ns = item.Get("namespace")) String(*ns, "namespace", &obj.namespace_);
      if (const yaml::Node* data = item.Get("data")) {
        if (!data->IsMapping()) {
          Error(data->span, "data must be a mapping of key: value");
        } else {
          for (size_t i = 0; i < data->EntryCount(); ++i) {
            obj.data[data->Key(i).value] = data->Value(i).IsNull() ? "" : data->Value(i).value;
          }
        }
      }
      config->substitute_from.push_back(std::move(obj));
    }
  }

  void Sources(const yaml::Node& node, Config* config) {
    if (!node.IsSequence()) {
      Error(node.span, "'sources' must be a list of {kind, name, namespace, path}");
      return;
    }
    static const std::vector<std::string> kKinds = {"GitRepository", "OCIRepository", "Bucket",
                                                    "ExternalArtifact"};
    for (const yaml::Node& item : node.children) {
      if (!CheckKeys(item, "a 'sources' entry", {"kind", "name", "namespace", "path"})) continue;
      SourceMapping m;
      m.span = item.span;
      const yaml::Node* kind = item.Get("kind");
      const yaml::Node* name = item.Get("name");
      if (kind == nullptr || name == nullptr) {
        Error(item.span, "a 'sources' entry needs 'kind' and 'name'");
        continue;
      }
      if (!String(*kind, "kind", &m.kind) || !String(*name, "name", &m.name)) continue;
      if (std::find(kKinds.begin(), kKinds.end(), m.kind) == kKinds.end()) {
        Error(kind->span, "unknown source kind '" + m.kind + "'" + DidYouMean(m.kind, kKinds));
        continue;
      }
      if (const yaml::Node* ns = item.Get("namespace")) String(*ns, "namespace", &m.namespace_);
      m.path = ".";
      if (const yaml::Node* p = item.Get("path")) String(*p, "path", &m.path);
      config->sources.push_back(std::move(m));
    }
  }

  void ImmutableFieldList(const yaml::Node& node, Config* config) {
    if (!node.IsSequence()) {
      Error(node.span, "'immutableFields' must be a list of {apiGroup, kind, paths}");
      return;
    }
    for (const yaml::Node& item : node.children) {
      if (!CheckKeys(item, "an 'immutableFields' entry", {"apiGroup", "kind", "paths"})) continue;
      ImmutableFields f;
      f.span = item.span;
      const yaml::Node* kind = item.Get("kind");
      const yaml::Node* paths = item.Get("paths");
      if (kind == nullptr || paths == nullptr) {
        Error(item.span, "an 'immutableFields' entry needs 'kind' and 'paths'");
        continue;
      }
      if (!String(*kind, "kind", &f.kind)) continue;
      if (const yaml::Node* g = item.Get("apiGroup")) String(*g, "apiGroup", &f.api_group);
      StringList(*paths, "paths", &f.paths);
      config->immutable_fields.push_back(std::move(f));
    }
  }

  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

 private:
  const std::vector<std::string>& known_rules_;
  std::vector<Diagnostic>* errors_;
};

}  // namespace

bool Config::RuleEnabled(std::string_view rule_id) const {
  bool selected = std::any_of(select.begin(), select.end(),
                              [&](const std::string& g) { return GlobMatch(g, rule_id); });
  bool ignored = std::any_of(ignore.begin(), ignore.end(),
                             [&](const std::string& g) { return GlobMatch(g, rule_id); });
  return selected && !ignored;
}

const std::vector<std::string>& KnownFluxVersions() {
  static const std::vector<std::string> kVersions = {"2.0", "2.1", "2.2", "2.3", "2.4",
                                                     "2.5", "2.6", "2.7", "2.8", "2.9"};
  return kVersions;
}

Config ParseConfig(const yaml::LoadedFile& file, const std::vector<std::string>& known_rules,
                   std::vector<Diagnostic>* errors) {
  Config config;
  if (file.file != nullptr) config.source_path = file.file->path;
  Parser p(known_rules, errors);
  for (const yaml::LoadError& e : file.errors) {
    p.Error(e.span, e.message);
  }
  if (!file.errors.empty()) return config;
  if (file.documents.size() > 1) {
    p.Error(file.documents[1].span, "the configuration file must hold one YAML document");
  }
  if (file.documents.empty() || file.documents[0].empty) return config;
  const yaml::Node& root = file.documents[0].root;
  static const std::vector<std::string> kTopLevel = {
      "rules",        "variables",  "substituteFrom", "sources",
      "immutableFields", "ignorePaths", "fluxVersion", "strictSubstitution"};
  if (!p.CheckKeys(root, "the configuration", kTopLevel)) return config;
  if (const yaml::Node* n = root.Get("rules")) p.Rules(*n, &config);
  if (const yaml::Node* n = root.Get("variables")) p.Variables(*n, &config);
  if (const yaml::Node* n = root.Get("substituteFrom")) p.SubstituteFrom(*n, &config);
  if (const yaml::Node* n = root.Get("sources")) p.Sources(*n, &config);
  if (const yaml::Node* n = root.Get("immutableFields")) p.ImmutableFieldList(*n, &config);
  if (const yaml::Node* n = root.Get("ignorePaths")) {
    p.StringList(*n, "ignorePaths", &config.ignore_paths);
  }
  if (const yaml::Node* n = root.Get("fluxVersion")) {
    std::string v;
    if (p.String(*n, "fluxVersion", &v)) {
      const auto& known = KnownFluxVersions();
      if (v == "latest") v = known.back();
      if (std::find(known.begin(), known.end(), v) == known.end()) {
        p.Error(n->span, "unknown Flux version '" + v + "'",
                "use a minor version from 2.0 to " + known.back() + ", or 'latest'");
      } else {
        config.flux_version = v;
      }
    }
  }
  if (const yaml::Node* n = root.Get("strictSubstitution")) {
    p.Bool(*n, "strictSubstitution", &config.strict_substitution);
  }
  SortDiagnostics(*errors);
  return config;
}

std::string DumpConfig(const Config& config) {
  using yaml::Node;
  auto list = [](const std::vector<std::string>& v) {
    Node n = Node::Sequence();
    for (const std::string& s : v) n.children.push_back(Node::Scalar(s));
    return n;
  };
  Node root = Node::Mapping();
  Node rules = Node::Mapping();
  rules.Set("select", list(config.select));
  rules.Set("ignore", list(config.ignore));
  Node severity = Node::Mapping();
  for (const auto& [id, s] : config.severity) {
    severity.Set(id, Node::Scalar(std::string(SeverityName(s))));
  }
  rules.Set("severity", std::move(severity));
  root.Set("rules", std::move(rules));
  Node vars = Node::Mapping();
  for (const auto& [k, v] : config.variables) vars.Set(k, Node::Scalar(v));
  root.Set("variables", std::move(vars));
  Node from = Node::Sequence();
  for (const ExternalObject& o : config.substitute_from) {
    Node e = Node::Mapping();
    e.Set("kind", Node::Scalar(o.kind));
    e.Set("name", Node::Scalar(o.name));
    if (!o.namespace_.empty()) e.Set("namespace", Node::Scalar(o.namespace_));
    Node data = Node::Mapping();
    for (const auto& [k, v] : o.data) data.Set(k, Node::Scalar(v));
    e.Set("data", std::move(data));
    from.children.push_back(std::move(e));
  }
  root.Set("substituteFrom", std::move(from));
  Node sources = Node::Sequence();
  for (const SourceMapping& m : config.sources) {
    Node e = Node::Mapping();
    e.Set("kind", Node::Scalar(m.kind));
    e.Set("name", Node::Scalar(m.name));
    if (!m.namespace_.empty()) e.Set("namespace", Node::Scalar(m.namespace_));
    e.Set("path", Node::Scalar(m.path));
    sources.children.push_back(std::move(e));
  }
  root.Set("sources", std::move(sources));
  Node immutable = Node::Sequence();
  for (const ImmutableFields& f : config.immutable_fields) {
    Node e = Node::Mapping();
    e.Set("apiGroup", Node::Scalar(f.api_group));
    e.Set("kind", Node::Scalar(f.kind));
    e.Set("paths", list(f.paths));
    immutable.children.push_back(std::move(e));
  }
  root.Set("immutableFields", std::move(immutable));
  root.Set("ignorePaths", list(config.ignore_paths));
  root.Set("fluxVersion", Node::Scalar(config.flux_version, {}, yaml::ScalarStyle::kDoubleQuoted));
  root.Set("strictSubstitution", Node::Scalar(config.strict_substitution ? "true" : "false"));
  std::string out = "# effective configuration";
  out += config.source_path.empty() ? " (built-in defaults)\n" : " (from " + config.source_path + ")\n";
  return out + yaml::Emit(root);
}

}  // namespace fluxlint::config
