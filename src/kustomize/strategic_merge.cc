// Strategic merge as kustomize v5 does it.
//
// kustomize merges a patch into an object with kyaml's merge2 walker, which edits yaml.v3 node
// graphs in place: a merged list item is the target's own node, edited where it stands, while the
// list being built holds pointers to it; a field set to a new value overwrites the old node's
// contents. Several observable results (which of two items with the same key survives, why
// `$patch: replace` on one list item changes nothing, the order of merged items) come from that
// sharing. To give the same results this file does the same: it copies the target and the patch
// into a small graph of shared, mutable nodes (MNode), runs the walk on that graph with the same
// steps, and copies the result back into the value-semantics yaml::Node tree.

#include "kustomize/strategic_merge.h"

#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kustomize/patch_schema.h"
#include "yaml/scalar.h"

namespace fluxlint::kustomize {
namespace {

using yaml::Node;
using yaml::NodeKind;
using yaml::ScalarStyle;

constexpr std::string_view kPatchDirective = "$patch";
constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
// Nesting deeper than this while copying the merged graph back means the graph is not a tree:
// an internal error, reported instead of recursing without end.
constexpr int kMaxExportDepth = 4096;

// One node of the mutable graph (a yaml.v3 node, as far as merging needs it).
struct MNode {
  NodeKind kind = NodeKind::kScalar;
  ScalarStyle style = ScalarStyle::kPlain;
  bool flow = false;
  bool null_tag = false;  // yaml.v3 tag !!null: a plain null-like scalar or an explicit !!null
  std::string tag;
  std::string value;
  std::vector<MNode*> content;  // mapping: key, value, key, value, ...
  Span span;
};

bool IsMissingOrNull(const MNode* n) { return n == nullptr || n->null_tag; }
bool IsEmptyMap(const MNode* n) {
  return n != nullptr && n->kind == NodeKind::kMapping && n->content.empty();
}

std::string_view KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kScalar:
      return "ScalarNode";
    case NodeKind::kSequence:
      return "SequenceNode";
    case NodeKind::kMapping:
      return "MappingNode";
  }
  return "Node";
}

enum class Directive { kMerge, kReplace, kDelete, kUnknown };

using Sources = std::array<MNode*, 2>;   // [dest (the target), origin (the patch)]
using Tuple = std::vector<std::string>;  // the merge-key values of one list item

class Merger {
 public:
  explicit Merger(std::vector<std::string>* path) : path_(*path) {}

  MNode* Import(const Node& n) {
    MNode* m = New();
    m->kind = n.kind;
    m->style = n.style;
    m->flow = n.flow;
    m->null_tag = n.IsNull();
    m->tag = n.tag();
    m->value = n.value;
    m->span = n.span;
    m->content.reserve(n.children.size());
    for (const Node& child : n.children) m->content.push_back(Import(child));
    return m;
  }

  bool Export(const MNode* m, Node* out, int depth = 0) {
    if (depth > kMaxExportDepth) {
      Fail("internal error: the merged object is not a tree", m->span);
      return false;
    }
    out->kind = m->kind;
    out->style = m->style;
    out->flow = m->flow;
    out->set_tag(m->tag);
    out->value = m->value;
    out->span = m->span;
    out->children.clear();
    out->children.resize(m->content.size());
    for (size_t i = 0; i < m->content.size(); ++i) {
      if (!Export(m->content[i], &out->children[i], depth + 1)) return false;
    }
    return true;
  }

  MNode* NewScalar(std::string value, Span span) {
    MNode* m = New();
    m->value = std::move(value);
    m->span = span;
    return m;
  }

  bool failed() const { return error_.has_value(); }
  PatchError TakeError() { return std::move(*error_); }

  // walk.Walker.Walk: dispatch on the kind of the first non-null source.
  MNode* Walk(Sources src, const Schema* schema) {
    schema = SchemaFor(src, schema);
    const MNode* first = nullptr;
    for (const MNode* s : src) {
      if (!IsMissingOrNull(s)) {
        first = s;
        break;
      }
    }
    if (first == nullptr) return WalkMap(src, schema);
    for (const MNode* s : src) {
      if (!IsMissingOrNull(s) && s->kind != first->kind) {
        Fail("wrong node kind" + PathSuffix() + ": expected " + std::string(KindName(first->kind)) +
                 " but got " + std::string(KindName(s->kind)),
             s->span);
        return nullptr;
      }
    }
    switch (first->kind) {
      case NodeKind::kMapping:
        return WalkMap(src, schema);
      case NodeKind::kSequence:
        if (schema != nullptr && schema->IsMergeList()) return WalkAssociativeList(src, schema);
        return src[1] != nullptr ? src[1] : src[0];  // VisitList of a non-associative list
      case NodeKind::kScalar:
        return src[1] != nullptr ? src[1] : src[0];  // VisitScalar
    }
    return nullptr;
  }

 private:
  MNode* New() { return &arena_.emplace_back(); }

  void Fail(std::string message, Span span) {
    if (!error_) error_ = PatchError{std::move(message), span};
  }

  std::string PathSuffix() const {
    if (path_.empty()) return "";
    std::string out = " at ";
    for (size_t i = 0; i < path_.size(); ++i) {
      if (i > 0 && path_[i][0] != '[') out += '.';
      out += path_[i];
    }
    return out;
  }

  // --- node helpers (kyaml RNode methods) ----------------------------------------------------

  // The value of the first entry whose key text is `name`; nullptr if none or not a mapping.
  static MNode* FieldValue(const MNode* n, std::string_view name, MNode** key = nullptr) {
    if (n == nullptr || n->kind != NodeKind::kMapping) return nullptr;
    for (size_t i = 0; i + 1 < n->content.size(); i += 2) {
      if (n->content[i]->value == name) {
        if (key != nullptr) *key = n->content[i];
        return n->content[i + 1];
      }
    }
    return nullptr;
  }

  // The scalar text of a field as ResourceMeta decoding sees it ("" when absent or null).
  static std::string_view MetaString(const MNode* n, std::string_view name) {
    const MNode* v = FieldValue(n, name);
    if (v == nullptr || v->kind != NodeKind::kScalar || v->null_tag) return "";
    return v->value;
  }

  // FieldClearer: removes the first entry named `name`.
  static void ClearField(MNode* n, std::string_view name) {
    if (n == nullptr || n->kind != NodeKind::kMapping) return;
    for (size_t i = 0; i + 1 < n->content.size(); i += 2) {
      if (n->content[i]->value == name) {
        n->content.erase(n->content.begin() + static_cast<std::ptrdiff_t>(i),
                         n->content.begin() + static_cast<std::ptrdiff_t>(i + 2));
        return;
      }
    }
  }

  // Gives `value` the style of the value it replaces, as kyaml's FieldSetter does. Only the
  // resulting scalar type is observable after kustomize's output conversion: a quoted or block
  // old value turns the new scalar into a string; a plain old value keeps the new type.
  static void TakeStyle(MNode* value, const MNode* old) {
    if (value == old) return;
    if (value->kind != NodeKind::kScalar || old->kind != NodeKind::kScalar) {
      value->flow = old->flow;
      return;
    }
    // An old value with an explicit tag passes kyaml's "tagged" style bit on: the new value is
    // then written with its own tag and keeps its type.
    if (!old->tag.empty()) return;
    if (value->style == old->style) return;
    Node probe = Node::Scalar(value->value, {}, value->style);
    probe.set_tag(value->tag);
    bool was_string = yaml::ResolveScalar(probe) == yaml::ScalarType::kString;
    value->style = old->style;
    if (old->style != ScalarStyle::kPlain) {
      if (value->tag != kStrTag) value->tag.clear();
    } else if (was_string) {
      probe.style = ScalarStyle::kPlain;
      if (yaml::ResolveScalar(probe) != yaml::ScalarType::kString) value->tag = kStrTag;
    }
  }

  // FieldSetter{Name: name, Value: value}: clears the field for a nil or null value, overwrites
  // an existing value node in place, or appends a new entry.
  void SetField(MNode* map, std::string_view name, MNode* value, Span key_span) {
    if (value == nullptr || value->null_tag) {
      ClearField(map, name);
      return;
    }
    if (map->kind != NodeKind::kMapping) {
      Fail("wrong node kind" + PathSuffix() + ": expected MappingNode but got " +
               std::string(KindName(map->kind)),
           map->span);
      return;
    }
    if (MNode* existing = FieldValue(map, name)) {
      TakeStyle(value, existing);
      if (existing != value) *existing = *value;
      return;
    }
    map->content.push_back(NewScalar(std::string(name), key_span));
    map->content.push_back(value);
  }

  // --- schema ----------------------------------------------------------------------------------

  // walk.Walker.GetSchema: the given schema, else the schema of a source that is an object of a
  // built-in kind (a nested apiVersion + kind brings its schema back).
  static const Schema* SchemaFor(const Sources& src, const Schema* schema) {
    if (schema != nullptr) return schema;
    for (const MNode* s : src) {
      if (IsMissingOrNull(s) || s->kind != NodeKind::kMapping) continue;
      std::string_view api_version = MetaString(s, "apiVersion");
      std::string_view kind = MetaString(s, "kind");
      if (api_version.empty() || kind.empty()) continue;
      if (const Schema* found = SchemaForKind(api_version, kind)) return found;
    }
    return nullptr;
  }

  // --- $patch directives -----------------------------------------------------------------------

  // determineSmpDirective: reads (and removes) a `$patch` directive from a patch map or list.
  Directive DetermineDirective(MNode* patch, bool report) {
    if (patch == nullptr) return Directive::kMerge;
    if (patch->kind == NodeKind::kMapping) {
      MNode* value = FieldValue(patch, kPatchDirective);
      if (value == nullptr) return Directive::kMerge;
      Directive d = ParseDirective(value, report);
      if (d != Directive::kUnknown) ClearField(patch, kPatchDirective);
      return d;
    }
    if (patch->kind == NodeKind::kSequence) {
      // The first map item with a `$patch` key; it is a list directive only when that is its
      // only key.
      MNode* item = nullptr;
      for (MNode* elem : patch->content) {
        if (elem->kind == NodeKind::kMapping && FieldValue(elem, kPatchDirective) != nullptr) {
          item = elem;
          break;
        }
      }
      if (item == nullptr || item->content.size() > 2) return Directive::kMerge;
      MNode* value = FieldValue(item, kPatchDirective);
      Directive d = ParseDirective(value, report);
      if (d != Directive::kUnknown) {
        std::string text = value->value;
        ElementSetter(patch, nullptr, {std::string(kPatchDirective)}, {text});
      }
      return d;
    }
    if (report) {
      Fail("no strategic merge patch strategy for a scalar" + PathSuffix(), patch->span);
    }
    return Directive::kUnknown;
  }

  Directive ParseDirective(const MNode* value, bool report) {
    if (value->value == "delete") return Directive::kDelete;
    if (value->value == "replace") return Directive::kReplace;
    if (value->value == "merge") return Directive::kMerge;
    if (report) {
      Fail("unknown patch strategy '" + value->value + "'" + PathSuffix(), value->span);
    }
    return Directive::kUnknown;
  }

  // --- maps ------------------------------------------------------------------------------------

  // Merger.VisitMap; nullptr means "clear".
  MNode* VisitMap(const Sources& src) {
    MNode* dest = src[0];
    MNode* origin = src[1];
    if (IsMissingOrNull(dest)) {
      if (DetermineDirective(origin, /*report=*/false) == Directive::kDelete) return nullptr;
      // An explicit null in the target that the patch does not mention stays ("~", "null");
      // an empty one (`key:`) goes.
      if (origin == nullptr && dest != nullptr && !dest->value.empty()) {
        return NewScalar(dest->value, dest->span);
      }
      return origin;
    }
    if (origin != nullptr && origin->null_tag) return nullptr;
    switch (DetermineDirective(origin, /*report=*/true)) {
      case Directive::kDelete:
        return nullptr;
      case Directive::kReplace:
        return origin;
      case Directive::kUnknown:
        return nullptr;  // failed
      case Directive::kMerge:
        break;
    }
    return dest;
  }

  MNode* WalkMap(Sources src, const Schema* schema) {
    MNode* dest = VisitMap(src);
    if (failed() || dest == nullptr) return nullptr;
    src[0] = dest;
    // All field names of all sources, sorted (kyaml visits them in this order; new fields are
    // appended in it).
    std::set<std::string> names;
    for (const MNode* s : src) {
      if (s == nullptr || s->kind != NodeKind::kMapping) continue;
      for (size_t i = 0; i + 1 < s->content.size(); i += 2) names.insert(s->content[i]->value);
    }
    for (const std::string& name : names) {
      MNode* dest_key = nullptr;
      MNode* origin_key = nullptr;
      Sources field{FieldValue(src[0], name, &dest_key), FieldValue(src[1], name, &origin_key)};
      path_.push_back(name);
      MNode* value = Walk(field, FieldSchemaOf(schema, name));
      if (!failed()) {
        const MNode* key = origin_key != nullptr ? origin_key : dest_key;
        SetField(dest, name, value, key != nullptr ? key->span : Span{});
      }
      path_.pop_back();
      if (failed()) return nullptr;
    }
    return dest;
  }

  // --- associative lists (kyaml walk/associative_sequence.go) ---------------------------------

  // Merger.VisitList for an associative list; nullptr means "clear".
  MNode* VisitAssociativeList(const Sources& src) {
    MNode* dest = src[0];
    MNode* origin = src[1];
    if (IsMissingOrNull(dest)) return origin;
    if (origin != nullptr && origin->null_tag) return nullptr;
    switch (DetermineDirective(origin, /*report=*/true)) {
      case Directive::kDelete:
      case Directive::kUnknown:
        return nullptr;
      case Directive::kReplace:
        return origin;
      case Directive::kMerge:
        break;
    }
    return dest;
  }

  MNode* WalkAssociativeList(Sources src, const Schema* schema) {
    MNode* dest = VisitAssociativeList(src);
    if (failed() || dest == nullptr) return nullptr;
    src[0] = dest;
    std::vector<std::string> keys;
    for (std::string_view k : schema->MergeKeys()) keys.emplace_back(k);
    std::vector<Tuple> values = ElementValues(src, keys);
    if (!values.empty() || !keys.empty()) {
      return SetAssociativeElements(src, std::move(values), keys, dest, schema);
    }
    return SetAssociativeElements(src, PrimitiveValues(src), {""}, dest, schema);
  }

  // The key tuples of all items, the patch's first, each once.
  static std::vector<Tuple> ElementValues(const Sources& src,
                                          const std::vector<std::string>& keys) {
    std::vector<Tuple> out;
    std::set<Tuple> seen;
    for (const MNode* s : {src[1], src[0]}) {
      if (s == nullptr || s->kind != NodeKind::kSequence) continue;
      for (const MNode* elem : s->content) {
        Tuple tuple;
        for (const std::string& key : keys) {
          const MNode* v = FieldValue(elem, key);
          bool empty =
              v == nullptr || v->null_tag || (v->kind != NodeKind::kScalar && v->content.empty());
          tuple.push_back(empty ? std::string() : v->value);
        }
        if (tuple.empty() || !seen.insert(tuple).second) continue;
        out.push_back(std::move(tuple));
      }
    }
    return out;
  }

  // The distinct texts of the items of a list of primitives, the patch's first.
  static std::vector<Tuple> PrimitiveValues(const Sources& src) {
    std::vector<Tuple> out;
    std::set<std::string> seen;
    for (const MNode* s : {src[1], src[0]}) {
      if (s == nullptr) continue;
      for (const MNode* item : s->content) {
        if (seen.insert(item->value).second) out.push_back({item->value});
      }
    }
    return out;
  }

  // Two tuples match when they share a value and differ only where one of them is empty.
  static bool MatchTuples(const Tuple& a, const Tuple& b, Tuple* merged) {
    if (a.size() != b.size()) return false;
    bool common = false;
    Tuple out;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] == b[i]) {
        common = true;
        out.push_back(a[i]);
        continue;
      }
      if (!a[i].empty() && !b[i].empty()) return false;
      out.push_back(a[i].empty() ? b[i] : a[i]);
    }
    *merged = std::move(out);
    return common;
  }

  // mergeValues: tuples that match (e.g. a port without protocol and the same port with one)
  // become the same tuple. Same iteration order and in-place updates as kyaml.
  static void MergeTuples(std::vector<Tuple>* list) {
    std::vector<Tuple>& v = *list;
    for (size_t i = 0; i < v.size(); ++i) {
      Tuple first = v[i];
      for (size_t j = 0; j < v.size(); ++j) {
        Tuple merged;
        if (MatchTuples(first, v[j], &merged)) {
          v[i] = merged;
          v[j] = merged;
        }
      }
    }
  }

  // The keys that have a value in some tuple.
  static std::set<std::string> KeysWithValues(const std::vector<Tuple>& all,
                                              const std::vector<std::string>& keys) {
    std::set<std::string> valid;
    for (const Tuple& t : all) {
      for (size_t i = 0; i < t.size() && i < keys.size(); ++i) {
        if (!t[i].empty()) valid.insert(keys[i]);
      }
    }
    return valid;
  }

  // validateKeys: the keys with a value in some tuple (all keys when none has one), and this
  // tuple's values for them.
  static void ValidateKeys(const std::vector<Tuple>& all, const Tuple& values,
                           const std::vector<std::string>& keys, std::vector<std::string>* out_keys,
                           Tuple* out_values) {
    ValidateKeys(KeysWithValues(all, keys), values, keys, out_keys, out_values);
  }

  static void ValidateKeys(const std::set<std::string>& valid, const Tuple& values,
                           const std::vector<std::string>& keys, std::vector<std::string>* out_keys,
                           Tuple* out_values) {
    if (valid.empty()) {
      *out_keys = keys;
      *out_values = values;
      return;
    }
    out_keys->clear();
    out_values->clear();
    for (const std::string& k : keys) {
      if (valid.count(k) != 0) out_keys->push_back(k);
    }
    for (size_t i = 0; i < values.size() && i < keys.size(); ++i) {
      if (!values[i].empty() || valid.count(keys[i]) != 0) out_values->push_back(values[i]);
    }
  }

  // ElementMatcher: the first item whose fields `keys` have the texts `values` (for the key "",
  // the first item whose own text is values[0]).
  static MNode* FindElement(const MNode* list, const std::vector<std::string>& keys,
                            const Tuple& values) {
    if (list == nullptr || list->kind != NodeKind::kSequence) return nullptr;
    std::vector<std::string> k = keys.empty() ? std::vector<std::string>{""} : keys;
    Tuple v = values.empty() ? Tuple{""} : values;
    if (k[0].empty()) {
      for (MNode* elem : list->content) {
        if (elem->value == v[0]) return elem;
      }
      return nullptr;
    }
    if (k.size() != v.size()) return nullptr;
    for (MNode* elem : list->content) {
      if (elem->kind != NodeKind::kMapping) continue;
      bool all = true;
      for (size_t i = 0; i < k.size() && all; ++i) {
        bool found = false;
        for (size_t j = 0; j + 1 < elem->content.size(); j += 2) {
          if (elem->content[j]->value == k[i] && elem->content[j + 1]->value == v[i]) {
            found = true;
            break;
          }
        }
        all = found;
      }
      if (all) return elem;
    }
    return nullptr;
  }

  Sources ElementSources(const Sources& src, const std::vector<std::string>& keys,
                         const Tuple& values) {
    std::vector<std::string> k;
    Tuple v;
    ValidateKeys({values}, values, keys, &k, &v);
    return {FindElement(src[0], k, v), FindElement(src[1], k, v)};
  }

  // FieldMatcher{Name: name, StringValue: value} applied to a list item: the field's value when
  // it exists (and has that text, when `value` is not empty). `name` "" compares the item itself.
  bool MatchField(MNode* elem, const std::string& name, const std::string& value, MNode** out) {
    *out = nullptr;
    if (IsMissingOrNull(elem)) return true;
    if (name.empty()) {
      if (elem->kind != NodeKind::kScalar) {
        Fail("wrong node kind" + PathSuffix() + ": expected ScalarNode but got " +
                 std::string(KindName(elem->kind)),
             elem->span);
        return false;
      }
      if (elem->value == value) *out = elem;
      return true;
    }
    if (elem->kind != NodeKind::kMapping) {
      Fail("wrong node kind" + PathSuffix() + ": expected MappingNode but got " +
               std::string(KindName(elem->kind)),
           elem->span);
      return false;
    }
    for (size_t i = 0; i + 1 < elem->content.size(); i += 2) {
      if (elem->content[i]->value != name) continue;
      if (value.empty() || elem->content[i + 1]->value == value) {
        *out = elem->content[i + 1];
        return true;
      }
    }
    return true;
  }

  // ElementSetter: replaces the items matching keys=values with `element` (removes them when
  // `element` is nullptr), or appends `element` when none matches. Like kyaml, it also drops
  // null and empty-map items from the list as it goes.
  bool ElementSetter(MNode* list, MNode* element, std::vector<std::string> keys,
                     const Tuple& values) {
    if (keys.empty()) keys.push_back("");
    if (list == nullptr || list->null_tag) return true;
    if (list->kind != NodeKind::kSequence) {
      Fail("wrong node kind" + PathSuffix() + ": expected SequenceNode but got " +
               std::string(KindName(list->kind)),
           list->span);
      return false;
    }
    bool mapping_setter = !keys[0].empty() && !values.empty() && !values[0].empty();
    std::vector<MNode*> kept;
    bool matched = false;
    std::vector<MNode*> items = list->content;
    for (MNode* elem : items) {
      if (IsMissingOrNull(elem) || IsEmptyMap(elem)) continue;
      if (elem->kind != NodeKind::kMapping && mapping_setter) {
        kept.push_back(elem);
        continue;
      }
      MNode* val = nullptr;
      bool found = true;
      for (size_t j = 0; j < keys.size(); ++j) {
        if (j < values.size() && !MatchField(elem, keys[j], values[j], &val)) return false;
        if (val == nullptr) {
          found = false;
          break;
        }
      }
      if (!found) {
        if (!values.empty()) kept.push_back(elem);
        continue;
      }
      matched = true;
      if (element != nullptr) kept.push_back(element);
    }
    list->content = std::move(kept);
    if (IsMissingOrNull(element)) return true;
    if (!matched) list->content.push_back(element);
    return true;
  }

  // appendListNode(dst, src, keys): puts every item of `src` into `dst` by its key values.
  bool AppendList(MNode* dst, const MNode* src, const std::vector<std::string>& keys) {
    std::vector<MNode*> items = src->content;
    for (MNode* elem : items) {
      if (keys[0].empty()) {
        if (!ElementSetter(dst, elem, {""}, {elem->value})) return false;
        continue;
      }
      Tuple v;
      for (const std::string& key : keys) {
        if (IsMissingOrNull(elem)) {
          dst->content.push_back(elem);
          continue;
        }
        if (elem->kind != NodeKind::kMapping) {
          Fail("wrong node kind" + PathSuffix() + ": expected MappingNode but got " +
                   std::string(KindName(elem->kind)),
               elem->span);
          return false;
        }
        const MNode* value = FieldValue(elem, key);
        if (value == nullptr) {
          dst->content.push_back(elem);
          continue;
        }
        v.push_back(value->value);
      }
      if (keys.size() > 1 && !ElementSetter(dst, nullptr, keys, v)) return false;
      if (!ElementSetter(dst, elem, keys, v)) return false;
    }
    return true;
  }

  // Whether every item of `list` (which may be nullptr) is a non-empty map with exactly one
  // `key` entry holding a non-null, non-empty scalar: then the general algorithm below reduces to
  // SetElementsByKey.
  static bool HasSimpleKeys(const MNode* list, const std::string& key) {
    if (list == nullptr) return true;
    for (const MNode* elem : list->content) {
      if (elem->kind != NodeKind::kMapping || elem->null_tag || elem->content.empty()) return false;
      int found = 0;
      for (size_t i = 0; i + 1 < elem->content.size(); i += 2) {
        if (elem->content[i]->value != key) continue;
        const MNode* v = elem->content[i + 1];
        if (v->kind != NodeKind::kScalar || v->null_tag || v->value.empty()) return false;
        ++found;
      }
      if (found != 1) return false;
    }
    return true;
  }

  static const std::string& KeyText(const MNode* elem, const std::string& key) {
    return FieldValue(elem, key)->value;
  }

  // SetAssociativeElements for one merge key when every item has it (HasSimpleKeys on both
  // lists, which are distinct), in linear time. The same steps, with indexes: each key value is
  // merged once (the first target item and the first patch item with it), a null result deletes
  // every target item with that value, the results are listed in key order, and at the end each
  // remaining target item takes the place of the result with its key (so of two target items
  // with one key, the later one is what remains).
  MNode* SetElementsByKey(const Sources& src, const std::vector<Tuple>& values,
                          const std::string& key, MNode* dest, const Schema* item_schema) {
    std::unordered_map<std::string, std::vector<size_t>> dest_index;
    for (size_t i = 0; i < dest->content.size(); ++i) {
      dest_index[KeyText(dest->content[i], key)].push_back(i);
    }
    std::unordered_map<std::string, MNode*> patch_first;
    if (src[1] != nullptr) {
      for (MNode* elem : src[1]->content) patch_first.try_emplace(KeyText(elem, key), elem);
    }
    std::vector<bool> deleted(dest->content.size(), false);
    MNode* items = New();
    items->kind = NodeKind::kSequence;
    items->span = dest->span;
    std::unordered_map<std::string, size_t> item_position;
    for (const Tuple& tuple : values) {
      const std::string& value = tuple[0];
      MNode* d = nullptr;
      auto positions = dest_index.find(value);
      if (positions != dest_index.end()) {
        for (size_t i : positions->second) {
          if (!deleted[i]) {
            d = dest->content[i];
            break;
          }
        }
      }
      auto p = patch_first.find(value);
      path_.push_back("[" + key + "=" + value + "]");
      MNode* val = Walk({d, p == patch_first.end() ? nullptr : p->second}, item_schema);
      path_.pop_back();
      if (failed()) return nullptr;
      if (IsMissingOrNull(val) || IsEmptyMap(val)) {
        if (positions != dest_index.end()) {
          for (size_t i : positions->second) deleted[i] = true;
        }
        continue;
      }
      if (FieldValue(val, key) == nullptr) {
        SetField(val, key, NewScalar(value, val->span), val->span);
        if (failed()) return nullptr;
      }
      item_position[value] = items->content.size();
      items->content.push_back(val);
    }
    for (size_t i = 0; i < dest->content.size(); ++i) {
      if (deleted[i]) continue;
      MNode* elem = dest->content[i];
      auto at = item_position.find(KeyText(elem, key));
      if (at != item_position.end()) {
        items->content[at->second] = elem;
      } else {
        items->content.push_back(elem);
      }
    }
    return items;
  }

  // setAssociativeSequenceElements (with kustomize's ListIncreaseDirection = prepend).
  MNode* SetAssociativeElements(const Sources& src, std::vector<Tuple> values_list,
                                const std::vector<std::string>& keys, MNode* dest,
                                const Schema* schema) {
    const Schema* item_schema = ItemSchemaOf(schema);
    if (keys.size() > 1) MergeTuples(&values_list);
    if (keys.size() == 1 && !keys[0].empty() && src[0] != src[1] && !values_list.empty() &&
        HasSimpleKeys(src[0], keys[0]) && HasSimpleKeys(src[1], keys[0])) {
      return SetElementsByKey(src, values_list, keys[0], dest, item_schema);
    }

    MNode* items = New();
    items->kind = NodeKind::kSequence;
    items->span = dest->span;
    std::set<std::string> keys_with_values = KeysWithValues(values_list, keys);
    std::vector<std::string> valid_keys;
    Tuple valid_values;
    for (const Tuple& values : values_list) {
      if (values.empty()) continue;
      ValidateKeys(keys_with_values, values, keys, &valid_keys, &valid_values);
      path_.push_back("[" + Describe(valid_keys, valid_values) + "]");
      MNode* val = Walk(ElementSources(src, valid_keys, valid_values), item_schema);
      path_.pop_back();
      if (failed()) return nullptr;

      bool exit = false;
      for (size_t i = 0; i < valid_keys.size(); ++i) {
        if (IsMissingOrNull(val) || IsEmptyMap(val)) {
          if (!ElementSetter(dest, nullptr, valid_keys, valid_values)) return nullptr;
          exit = true;
        } else if (i < valid_values.size() && !valid_values[i].empty() &&
                   FieldValue(val, valid_keys[i]) == nullptr) {
          // Make sure the item carries its key (for a list of primitives: the item is the
          // value, which must be a scalar).
          if (valid_keys[i].empty()) {
            if (val->kind != NodeKind::kScalar) {
              Fail("wrong node kind" + PathSuffix() + ": expected ScalarNode but got " +
                       std::string(KindName(val->kind)),
                   val->span);
              return nullptr;
            }
          } else {
            SetField(val, valid_keys[i], NewScalar(valid_values[i], val->span), val->span);
            if (failed()) return nullptr;
          }
        }
      }
      if (exit) continue;
      if (!ElementSetter(items, val, valid_keys, valid_values)) return nullptr;
    }
    if (!values_list.empty()) {
      // The target's items go after the patch's new ones (kustomize prepends patch items).
      if (!AppendList(items, dest, valid_keys)) return nullptr;
      dest = items;
    }
    if (IsMissingOrNull(dest)) return nullptr;
    return dest;
  }

  static std::string Describe(const std::vector<std::string>& keys, const Tuple& values) {
    std::string out;
    for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
      if (i > 0) out += ',';
      out += keys[i].empty() ? values[i] : keys[i] + "=" + values[i];
    }
    return out;
  }

  std::deque<MNode> arena_;
  std::vector<std::string>& path_;
  std::optional<PatchError> error_;
};

// metadata.<field> of a top-level object.
const Node* MetadataField(const Node& object, std::string_view field) {
  const Node* meta = object.Get("metadata");
  return meta == nullptr ? nullptr : meta->Get(field);
}

}  // namespace

std::optional<PatchError> ApplyStrategicMerge(yaml::Node& target, const yaml::Node& patch,
                                              bool* delete_object) {
  return ApplyStrategicMerge(target, patch, delete_object, SmpOptions{});
}

std::optional<PatchError> ApplyStrategicMerge(yaml::Node& target, const yaml::Node& patch,
                                              bool* delete_object, const SmpOptions& options) {
  if (delete_object != nullptr) *delete_object = false;
  if (!patch.IsMapping()) {
    return PatchError{"a strategic merge patch must be a mapping", patch.span};
  }
  if (!target.IsMapping()) {
    return PatchError{"the patch target is not a mapping", target.span};
  }

  // What kustomize restores after merging (Resource.ApplySmPatch).
  std::optional<Node> kind;
  if (const Node* n = target.Get("kind")) kind = *n;
  std::optional<Node> name;
  if (const Node* n = MetadataField(target, "name")) name = *n;
  std::optional<Node> ns;
  if (const Node* n = MetadataField(target, "namespace");
      n != nullptr && n->IsScalar() && !n->IsNull() && !n->value.empty()) {
    ns = *n;
  }

  // The patch takes the target's apiVersion (and keeps its own kind, "" when it has none).
  Node patch_copy = patch;
  if (const Node* api_version = target.Get("apiVersion")) {
    patch_copy.Set("apiVersion", *api_version);
  } else {
    patch_copy.Remove("apiVersion");
  }
  if (patch_copy.Get("kind") == nullptr) {
    patch_copy.Set("kind", Node::Scalar("", patch.span, ScalarStyle::kDoubleQuoted));
  }

  std::vector<std::string> path;
  Merger merger(&path);
  MNode* dest = merger.Import(target);
  MNode* origin = merger.Import(patch_copy);
  MNode* result = merger.Walk({dest, origin}, nullptr);
  if (merger.failed()) return merger.TakeError();
  if (result == nullptr || IsEmptyMap(dest)) {
    if (delete_object != nullptr) *delete_object = true;
    return std::nullopt;
  }
  // kyaml edits the target in place and kustomize keeps that node whatever the walk returns
  // (so `$patch: replace` on the whole object changes nothing).
  Node merged;
  if (!merger.Export(dest, &merged)) return merger.TakeError();

  if (!options.allow_kind_change) {
    if (kind) {
      merged.Set("kind", *kind);
    } else {
      merged.Remove("kind");
    }
  }
  Node* meta = merged.GetMutable("metadata");
  if (!options.allow_name_change) {
    if (name) {
      if (meta == nullptr || !meta->IsMapping()) {
        meta = &merged.Set("metadata", Node::Mapping(name->span));
      }
      meta->Set("name", *name);
    } else if (meta != nullptr) {
      meta->Remove("name");
    }
  }
  if (ns) {
    if (meta == nullptr || !meta->IsMapping()) {
      meta = &merged.Set("metadata", Node::Mapping(ns->span));
    }
    meta->Set("namespace", *ns);
  } else if (meta != nullptr) {
    meta->Remove("namespace");
  }
  target = std::move(merged);
  return std::nullopt;
}

}  // namespace fluxlint::kustomize
