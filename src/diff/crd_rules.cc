#include "diff/crd_rules.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <tuple>

#include "flux/objects.h"

namespace fluxlint::diff {
namespace {

constexpr size_t kMaxSchemaDepth = 64;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

/// Strips one pair of parentheses around the whole expression.
std::string_view StripParens(std::string_view s) {
  s = Trim(s);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    int depth = 0;
    bool whole = true;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '(') ++depth;
      if (s[i] == ')') --depth;
      if (depth == 0 && i + 1 < s.size()) {
        whole = false;
        break;
      }
    }
    if (!whole) break;
    s = Trim(s.substr(1, s.size() - 2));
  }
  return s;
}

bool IsFieldChain(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  bool start = true;
  for (char c : s) {
    if (c == '.') {
      if (start) return false;
      start = true;
      continue;
    }
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (!ok || (start && std::isdigit(static_cast<unsigned char>(c)))) return false;
    start = false;
  }
  return true;
}

/// "self.a.b" with `root` "self" → "a.b"; "self" → ""; nullopt otherwise.
std::optional<std::string> FieldOf(std::string_view expr, std::string_view root) {
  expr = StripParens(expr);
  if (expr == root) return std::string();
  if (expr.size() > root.size() + 1 && expr.starts_with(root) && expr[root.size()] == '.') {
    std::string_view rest = expr.substr(root.size() + 1);
    if (IsFieldChain(rest)) return std::string(rest);
  }
  return std::nullopt;
}

/// "has(self.a)" → "a".
std::optional<std::string> HasOf(std::string_view expr, std::string_view root) {
  expr = StripParens(expr);
  if (!expr.starts_with("has(") || expr.back() != ')') return std::nullopt;
  std::optional<std::string> f = FieldOf(expr.substr(4, expr.size() - 5), root);
  if (!f || f->empty()) return std::nullopt;
  return f;
}

/// Splits "a == b" at a single top-level "==".
std::optional<std::pair<std::string_view, std::string_view>> SplitEquality(std::string_view s) {
  int depth = 0;
  std::optional<size_t> at;
  char quote = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (depth == 0 && c == '=' && s[i + 1] == '=') {
      if (at) return std::nullopt;  // two comparisons
      at = i;
      ++i;
    }
    if (depth == 0 && (c == '!' || c == '<' || c == '>') && s[i + 1] == '=') return std::nullopt;
  }
  if (!at) return std::nullopt;
  return std::make_pair(Trim(s.substr(0, *at)), Trim(s.substr(*at + 2)));
}

struct Transition {
  std::string field;  ///< "" for the node itself
  When when;
  bool needs_parent;
};

/// Recognises one conjunct; nullopt for any other rule.
std::optional<Transition> Recognise(std::string_view conjunct) {
  auto eq = SplitEquality(StripParens(conjunct));
  if (!eq) return std::nullopt;
  for (int order = 0; order < 2; ++order) {
    std::string_view a = order == 0 ? eq->first : eq->second;
    std::string_view b = order == 0 ? eq->second : eq->first;
    std::optional<std::string> fa = FieldOf(a, "self");
    std::optional<std::string> fb = FieldOf(b, "oldSelf");
    if (fa && fb && *fa == *fb) {
      if (fa->empty()) return Transition{"", When::kBothPresent, false};
      return Transition{*fa, When::kAlways, true};
    }
    std::optional<std::string> ha = HasOf(a, "self");
    std::optional<std::string> hb = HasOf(b, "oldSelf");
    if (ha && hb && *ha == *hb) return Transition{*ha, When::kPresence, true};
  }
  return std::nullopt;
}

class SchemaWalk {
 public:
  SchemaWalk(std::string group, std::string kind, std::string origin,
             std::vector<CatalogEntry>* out)
      : group_(std::move(group)), kind_(std::move(kind)), origin_(std::move(origin)), out_(out) {}

  void Node(const yaml::Node& schema, FieldPath* path, size_t depth) {
    if (!schema.IsMapping() || depth > kMaxSchemaDepth) return;
    if (const yaml::Node* rules = schema.Get("x-kubernetes-validations");
        rules != nullptr && rules->IsSequence()) {
      for (const yaml::Node& r : rules->children) Rule(r, *path);
    }
    if (const yaml::Node* props = schema.Get("properties");
        props != nullptr && props->IsMapping()) {
      for (size_t i = 0; i < props->EntryCount(); ++i) {
        if (!props->Key(i).IsScalar()) continue;
        path->push_back(PathSegment::Key(props->Key(i).value));
        Node(props->Value(i), path, depth + 1);
        path->pop_back();
      }
    }
    if (const yaml::Node* items = schema.Get("items"); items != nullptr && items->IsMapping()) {
      path->push_back(PathSegment::AnyItem());
      Node(*items, path, depth + 1);
      path->pop_back();
    }
    if (const yaml::Node* extra = schema.Get("additionalProperties");
        extra != nullptr && extra->IsMapping()) {
      path->push_back(PathSegment::Key("*"));
      Node(*extra, path, depth + 1);
      path->pop_back();
    }
  }

 private:
  void Rule(const yaml::Node& rule, const FieldPath& path) {
    if (!rule.IsMapping()) return;
    const yaml::Node* text = rule.Get("rule");
    if (text == nullptr || !text->IsScalar()) return;
    if (text->value.find("oldSelf") == std::string::npos) return;
    const yaml::Node* optional_old = rule.Get("optionalOldSelf");
    if (optional_old != nullptr && optional_old->IsScalar() && optional_old->value == "true") {
      return;  // runs on create too, with oldSelf an optional: not one of the patterns
    }
    std::string message(rule.GetString("message"));
    if (message.empty()) message = "failed rule: " + text->value;
    for (const std::string& conjunct : SplitConjunction(text->value)) {
      std::optional<Transition> t = Recognise(conjunct);
      if (!t) continue;
      FieldPath target = path;
      if (!t->field.empty()) {
        Result<FieldPath> child = ParseFieldPath(t->field);
        if (!child.ok()) continue;
        target.insert(target.end(), child->begin(), child->end());
      }
      if (target.empty()) continue;  // the whole object: metadata and status would count
      auto key = std::make_tuple(FormatFieldPath(target), t->when);
      if (!seen_.insert(key).second) continue;
      CatalogEntry e;
      e.id = "crd:" + (group_.empty() ? "" : group_ + "/") + kind_ + ":" + FormatFieldPath(target);
      e.selector.groups.push_back(group_);
      e.selector.kinds.push_back(kind_);
      e.paths.push_back(std::move(target));
      e.when = t->when;
      e.needs_parent = t->needs_parent;
      e.message = message;
      e.note = "x-kubernetes-validations rule `" + text->value + "` of the CRD";
      e.origin = origin_;
      e.span = text->span;
      out_->push_back(std::move(e));
    }
  }

  std::string group_;
  std::string kind_;
  std::string origin_;
  std::vector<CatalogEntry>* out_;
  std::set<std::tuple<std::string, When>> seen_;
};

}  // namespace

std::vector<std::string> SplitConjunction(std::string_view rule) {
  std::vector<std::string> out;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < rule.size(); ++i) {
    char c = rule[i];
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth == 0 && c == '|' && i + 1 < rule.size() && rule[i + 1] == '|') {
      return {std::string(Trim(rule))};  // a disjunction: conditional, keep it whole
    }
    if (depth == 0 && c == '&' && i + 1 < rule.size() && rule[i + 1] == '&') {
      out.emplace_back(Trim(rule.substr(start, i - start)));
      start = i + 2;
      ++i;
    }
  }
  out.emplace_back(Trim(rule.substr(start)));
  return out;
}

CrdFacts ReadCrd(const yaml::Node& crd) {
  CrdFacts facts;
  if (!crd.IsMapping() || crd.GetString("kind") != "CustomResourceDefinition") return facts;
  auto [group, version] = flux::SplitApiVersion(crd.GetString("apiVersion"));
  if (group != "apiextensions.k8s.io") return facts;
  const yaml::Node* spec = crd.Get("spec");
  if (spec == nullptr || !spec->IsMapping()) return facts;
  const yaml::Node* names = spec->Get("names");
  if (names == nullptr || !names->IsMapping()) return facts;
  facts.group = std::string(spec->GetString("group"));
  facts.kind = std::string(names->GetString("kind"));
  if (facts.kind.empty()) return facts;
  facts.cluster_scoped = spec->GetString("scope") == "Cluster";
  std::string name(crd.Find({"metadata", "name"}) != nullptr
                       ? crd.Find({"metadata", "name"})->value
                       : std::string(names->GetString("plural")) + "." + facts.group);
  SchemaWalk walk(facts.group, facts.kind, "CustomResourceDefinition " + name, &facts.entries);
  FieldPath path;
  if (const yaml::Node* versions = spec->Get("versions"); versions != nullptr) {
    if (versions->IsSequence()) {
      for (const yaml::Node& v : versions->children) {
        const yaml::Node* schema = v.Find({"schema", "openAPIV3Schema"});
        if (schema != nullptr) walk.Node(*schema, &path, 0);
      }
    }
  }
  if (const yaml::Node* schema = spec->Find({"validation", "openAPIV3Schema"})) {
    walk.Node(*schema, &path, 0);
  }
  return facts;
}

}  // namespace fluxlint::diff
