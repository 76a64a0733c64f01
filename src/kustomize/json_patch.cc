// JSON 6902 patches with the semantics of the JSON-patch library kustomize v5 uses
// (github.com/evanphx/json-patch v5 with negative indices enabled), applied to yaml::Node trees.

#include "kustomize/json_patch.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "yaml/scalar.h"

namespace fluxlint::kustomize {
namespace {

using yaml::Node;
using yaml::NodeKind;
using yaml::ScalarStyle;
using yaml::ScalarType;

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

// Go's strconv.Atoi: optional sign, decimal digits only, no spaces, within int64.
bool ParseGoInt(std::string_view s, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (v > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1 - d) / 10) return false;
    v = v * 10 + d;
  }
  if (!negative && v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
  *out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

std::string AtoiError(std::string_view s) {
  return "strconv.Atoi: parsing \"" + std::string(s) + "\": invalid syntax";
}

// RFC 6901 unescaping: "~1" is "/", then "~0" is "~".
std::string DecodeToken(std::string_view token) {
  std::string s(token);
  for (size_t pos = 0; (pos = s.find("~1", pos)) != std::string::npos;) s.replace(pos, 2, "/");
  for (size_t pos = 0; (pos = s.find("~0", pos)) != std::string::npos;) s.replace(pos, 2, "~");
  return s;
}

// --- YAML 1.1 reading of values (what sigs.k8s.io/yaml's YAMLToJSON does) --------------------

bool IsYaml11True(std::string_view s) {
  return s == "y" || s == "Y" || s == "yes" || s == "Yes" || s == "YES" || s == "on" || s == "On" ||
         s == "ON";
}
bool IsYaml11False(std::string_view s) {
  return s == "n" || s == "N" || s == "no" || s == "No" || s == "NO" || s == "off" || s == "Off" ||
         s == "OFF";
}

// An integer as go-yaml v2 reads it (underscores dropped, then Go's base-prefix rules: 0x, 0o,
// 0b, and a leading 0 for octal), in decimal; nullopt when the text is not one.
std::optional<std::string> Yaml11Integer(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) return std::nullopt;
  int base = 10;
  if (s.size() - i > 1 && s[i] == '0') {
    char p = s[i + 1];
    if (p == 'x' || p == 'X') {
      base = 16;
      i += 2;
    } else if (p == 'o' || p == 'O') {
      base = 8;
      i += 2;
    } else if (p == 'b' || p == 'B') {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  if (i == s.size()) return std::nullopt;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    int d;
    char c = s[i];
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (d >= base) return std::nullopt;
    if (v > (std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(d)) /
                static_cast<uint64_t>(base)) {
      return std::nullopt;
    }
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (negative && v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) {
    return std::nullopt;
  }
  return (negative && v != 0 ? "-" : "") + std::to_string(v);
}

// Rewrites plain scalars whose YAML 1.1 type differs from their YAML 1.2 one (booleans such as
// yes/on/off, octal and underscored integers) into their YAML 1.2 spelling, keys included.
void NormalizeYaml11(Node& n) {
  if (n.IsScalar()) {
    if (n.style != ScalarStyle::kPlain || !n.tag().empty()) return;
    if (IsYaml11True(n.value)) {
      n.value = "true";
    } else if (IsYaml11False(n.value)) {
      n.value = "false";
    } else if (std::optional<std::string> i = Yaml11Integer(n.value); i && *i != n.value) {
      n.value = *i;
    }
    return;
  }
  for (Node& child : n.children) NormalizeYaml11(child);
  if (n.IsMapping()) {
    // JSON object keys are strings.
    for (size_t i = 0; i < n.children.size(); i += 2) {
      Node& key = n.children[i];
      if (key.IsScalar() && key.style == ScalarStyle::kPlain) key.set_tag(kStrTag);
    }
  }
}

// --- JSON values -----------------------------------------------------------------------------

enum class JsonType { kNull, kBool, kNumber, kString, kObject, kArray };

JsonType TypeOf(const Node& n) {
  if (n.IsMapping()) return JsonType::kObject;
  if (n.IsSequence()) return JsonType::kArray;
  switch (yaml::ResolveScalar(n)) {
    case ScalarType::kNull:
      return JsonType::kNull;
    case ScalarType::kBool:
      return JsonType::kBool;
    case ScalarType::kInt:
    case ScalarType::kFloat:
      return JsonType::kNumber;
    case ScalarType::kString:
      return JsonType::kString;
  }
  return JsonType::kString;
}

// A number as float64 (how encoding/json compares them): decimal text, or an integer with a
// 0x / 0o / 0b prefix.
double NumberValue(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  size_t sign = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (s.size() > sign + 1 && s[sign] == '0' &&
      std::string_view("xXoObB").find(s[sign + 1]) != std::string_view::npos) {
    if (std::optional<std::string> i = Yaml11Integer(s)) s = *i;
  }
  std::string_view rest = std::string_view(s).substr(sign);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") {
    return (sign == 1 && s[0] == '-' ? -1 : 1) * std::numeric_limits<double>::infinity();
  }
  return std::strtod(s.c_str(), nullptr);
}

bool JsonEqual(const Node& a, const Node& b) {
  JsonType ta = TypeOf(a);
  if (ta != TypeOf(b)) return false;
  switch (ta) {
    case JsonType::kNull:
      return true;
    case JsonType::kBool:
      return (a.value[0] == 't' || a.value[0] == 'T') == (b.value[0] == 't' || b.value[0] == 'T');
    case JsonType::kNumber:
      return NumberValue(a.value) == NumberValue(b.value);
    case JsonType::kString:
      return a.value == b.value;
    case JsonType::kArray:
      if (a.children.size() != b.children.size()) return false;
      for (size_t i = 0; i < a.children.size(); ++i) {
        if (!JsonEqual(a.children[i], b.children[i])) return false;
      }
      return true;
    case JsonType::kObject: {
      std::set<std::string_view> keys_a;
      for (size_t i = 0; i < a.EntryCount(); ++i) keys_a.insert(a.Key(i).value);
      std::set<std::string_view> keys_b;
      for (size_t i = 0; i < b.EntryCount(); ++i) keys_b.insert(b.Key(i).value);
      if (keys_a != keys_b) return false;
      for (std::string_view key : keys_a) {
        const Node* va = a.Get(key);
        const Node* vb = b.Get(key);
        if (va == nullptr || vb == nullptr || !JsonEqual(*va, *vb)) return false;
      }
      return true;
    }
  }
  return false;
}

// --- containers (the library's partialDoc / partialArray) ------------------------------------

// A path split as the library does: the containers to walk, and the last token.
struct Path {
  std::vector<std::string> parents;
  std::string key;
};

// strings.Split(path, "/"), dropping the first part; nullopt when there is no "/".
std::optional<Path> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2) return std::nullopt;
  Path out;
  for (size_t i = 1; i + 1 < parts.size(); ++i) out.parents.push_back(DecodeToken(parts[i]));
  out.key = DecodeToken(parts.back());
  return out;
}

// Resolves a list index for get/set/remove (negative counts from the end).
bool ArrayIndex(const Node& ary, const std::string& key, size_t* index, std::string* error) {
  int64_t idx;
  if (!ParseGoInt(key, &idx)) {
    *error = AtoiError(key);
    return false;
  }
  int64_t size = static_cast<int64_t>(ary.children.size());
  if (idx >= size || idx < -size) {
    *error =
        "Unable to access invalid index: " + std::to_string(idx) + ": invalid index referenced";
    return false;
  }
  if (idx < 0) idx += size;
  *index = static_cast<size_t>(idx);
  return true;
}

// container.get: the value under `key` (nullptr for a missing map key, which is not an error).
bool ContainerGet(Node& con, const std::string& key, Node** out, std::string* error) {
  *out = nullptr;
  if (con.IsMapping()) {
    *out = con.GetMutable(key);
    return true;
  }
  size_t index;
  if (!ArrayIndex(con, key, &index, error)) return false;
  *out = &con.children[index];
  return true;
}

// findObject: the container that holds the last token, or nullptr.
Node* FindContainer(Node& doc, const Path& path) {
  Node* cur = &doc;
  for (const std::string& part : path.parents) {
    Node* next = nullptr;
    std::string ignored;
    if (!ContainerGet(*cur, part, &next, &ignored) || next == nullptr || next->IsNull()) {
      return nullptr;
    }
    if (!next->IsMapping() && !next->IsSequence()) return nullptr;
    cur = next;
  }
  return cur->IsMapping() || cur->IsSequence() ? cur : nullptr;
}

// Sets `key` in a mapping; a new key is a string (JSON object keys are), with `key_span`.
void SetKey(Node& map, const std::string& key, Node value, Span key_span) {
  if (Node* existing = map.GetMutable(key)) {
    *existing = std::move(value);
    return;
  }
  Node k = Node::Scalar(key, key_span);
  k.set_tag(kStrTag);
  map.children.push_back(std::move(k));
  map.children.push_back(std::move(value));
}

bool ContainerAdd(Node& con, const std::string& key, Node value, Span key_span,
                  std::string* error) {
  if (con.IsMapping()) {
    SetKey(con, key, std::move(value), key_span);
    return true;
  }
  if (key == "-") {
    con.children.push_back(std::move(value));
    return true;
  }
  int64_t idx;
  if (!ParseGoInt(key, &idx)) {
    *error = "value was not a proper array index: '" + key + "': " + AtoiError(key);
    return false;
  }
  int64_t size = static_cast<int64_t>(con.children.size()) + 1;
  if (idx >= size || idx < -size) {
    *error =
        "Unable to access invalid index: " + std::to_string(idx) + ": invalid index referenced";
    return false;
  }
  if (idx < 0) idx += size;
  con.children.insert(con.children.begin() + idx, std::move(value));
  return true;
}

bool ContainerRemove(Node& con, const std::string& key, std::string* error) {
  if (con.IsMapping()) {
    if (!con.Remove(key)) {
      *error = "Unable to remove nonexistent key: " + key + ": missing value";
      return false;
    }
    return true;
  }
  size_t index;
  if (!ArrayIndex(con, key, &index, error)) return false;
  con.children.erase(con.children.begin() + static_cast<std::ptrdiff_t>(index));
  return true;
}

// --- operations ------------------------------------------------------------------------------

// Copies may not make an object grow past this many nodes in total (a few copies of a
// subtree into itself would otherwise double it each time).
constexpr size_t kMaxCopiedNodes = 1'000'000;

size_t CountNodes(const Node& n) {
  size_t count = 1;
  for (const Node& child : n.children) count += CountNodes(child);
  return count;
}

class Applier {
 public:
  Applier(Node& doc, bool yaml_values) : doc_(doc), yaml_values_(yaml_values) {}

  std::optional<PatchError> Apply(const Node& op) {
    op_ = &op;
    if (!op.IsMapping()) return Error("a JSON patch operation must be a mapping", op.span);
    const Node* kind = op.Get("op");
    std::string name = "unknown";
    if (kind != nullptr && kind->IsScalar() && yaml::ResolveScalar(*kind) == ScalarType::kString) {
      name = kind->value;
    }
    if (name == "add") return Add();
    if (name == "remove") return Remove();
    if (name == "replace") return Replace();
    if (name == "move") return Move();
    if (name == "copy") return Copy();
    if (name == "test") return Test();
    return Error("Unexpected kind: " + name, kind != nullptr ? kind->span : op.span);
  }

 private:
  PatchError Error(std::string message, Span span) { return PatchError{std::move(message), span}; }

  // The string field `field` ("path" or "from"); nullptr when absent or not a string.
  const Node* StringField(std::string_view field) {
    const Node* n = op_->Get(field);
    if (n == nullptr || !n->IsScalar() || yaml::ResolveScalar(*n) != ScalarType::kString) {
      return nullptr;
    }
    return n;
  }

  Node Value() {
    const Node* v = op_->Get("value");
    if (v == nullptr) return Node::Null(op_->span);
    Node copy = *v;
    if (yaml_values_) NormalizeYaml11(copy);
    return copy;
  }

  std::optional<PatchError> Add() {
    const Node* path = StringField("path");
    if (path == nullptr)
      return Error("add operation failed to decode path: missing value", op_->span);
    std::optional<Path> p = SplitPath(path->value);
    Node* con = p ? FindContainer(doc_, *p) : nullptr;
    if (con == nullptr) {
      return Error("add operation does not apply: doc is missing path: \"" + path->value +
                       "\": missing value",
                   path->span);
    }
    std::string error;
    if (!ContainerAdd(*con, p->key, Value(), path->span, &error)) {
      return Error("error in add for path: '" + path->value + "': " + error, path->span);
    }
    return std::nullopt;
  }

  std::optional<PatchError> Remove() {
    const Node* path = StringField("path");
    if (path == nullptr) {
      return Error("remove operation failed to decode path: missing value", op_->span);
    }
    std::optional<Path> p = SplitPath(path->value);
    Node* con = p ? FindContainer(doc_, *p) : nullptr;
    if (con == nullptr) {
      return Error("remove operation does not apply: doc is missing path: \"" + path->value +
                       "\": missing value",
                   path->span);
    }
    std::string error;
    if (!ContainerRemove(*con, p->key, &error)) {
      return Error("error in remove for path: '" + path->value + "': " + error, path->span);
    }
    return std::nullopt;
  }

  std::optional<PatchError> Replace() {
    const Node* path = StringField("path");
    if (path == nullptr) {
      return Error("replace operation failed to decode path: missing value", op_->span);
    }
    if (path->value.empty()) {
      // The whole document; a value that is neither an object nor an array changes nothing.
      Node value = Value();
      if (value.IsMapping() || value.IsSequence()) doc_ = std::move(value);
      return std::nullopt;
    }
    std::optional<Path> p = SplitPath(path->value);
    Node* con = p ? FindContainer(doc_, *p) : nullptr;
    if (con == nullptr) {
      return Error("replace operation does not apply: doc is missing path: " + path->value +
                       ": missing value",
                   path->span);
    }
    Node* existing = nullptr;
    std::string error;
    if (!ContainerGet(*con, p->key, &existing, &error)) {
      return Error("replace operation does not apply: doc is missing key: " + path->value +
                       ": missing value",
                   path->span);
    }
    if (existing != nullptr) {
      *existing = Value();
    } else {
      SetKey(*con, p->key, Value(), path->span);
    }
    return std::nullopt;
  }

  std::optional<PatchError> Move() {
    const Node* from = StringField("from");
    if (from == nullptr) {
      return Error(
          "move operation failed to decode from: operation, missing from field: "
          "missing value",
          op_->span);
    }
    const Node* path = StringField("path");
    if (path == nullptr) {
      return Error("move operation failed to decode path: missing value", op_->span);
    }
    std::optional<Path> pf = SplitPath(from->value);
    Node* con = pf ? FindContainer(doc_, *pf) : nullptr;
    if (con == nullptr) {
      return Error("move operation does not apply: doc is missing from path: " + from->value +
                       ": missing value",
                   from->span);
    }
    Node* found = nullptr;
    std::string error;
    if (!ContainerGet(*con, pf->key, &found, &error)) {
      return Error("error in move for path: '" + pf->key + "': " + error, from->span);
    }
    Node value = found != nullptr ? *found : Node::Null(from->span);
    if (!ContainerRemove(*con, pf->key, &error)) {
      return Error("error in move for path: '" + pf->key + "': " + error, from->span);
    }
    std::optional<Path> pt = SplitPath(path->value);
    Node* dest = pt ? FindContainer(doc_, *pt) : nullptr;
    if (dest == nullptr) {
      return Error("move operation does not apply: doc is missing destination path: " +
                       path->value + ": missing value",
                   path->span);
    }
    if (!ContainerAdd(*dest, pt->key, std::move(value), path->span, &error)) {
      return Error("error in move for path: '" + pt->key + "': " + error, path->span);
    }
    return std::nullopt;
  }

  std::optional<PatchError> Copy() {
    const Node* from = StringField("from");
    if (from == nullptr) {
      return Error(
          "copy operation failed to decode from: operation, missing from field: "
          "missing value",
          op_->span);
    }
    const Node* path = StringField("path");
    if (path == nullptr) {
      return Error("copy operation failed to decode path: missing value", op_->span);
    }
    std::optional<Path> pf = SplitPath(from->value);
    Node* con = pf ? FindContainer(doc_, *pf) : nullptr;
    if (con == nullptr) {
      return Error("copy operation does not apply: doc is missing from path: " + from->value +
                       ": missing value",
                   from->span);
    }
    Node* found = nullptr;
    std::string error;
    if (!ContainerGet(*con, pf->key, &found, &error)) {
      return Error("error in copy for from: '" + from->value + "': " + error, from->span);
    }
    copied_nodes_ += found != nullptr ? CountNodes(*found) : 1;
    if (copied_nodes_ > kMaxCopiedNodes) {
      return Error(
          "copy operations would copy more than " + std::to_string(kMaxCopiedNodes) + " nodes",
          from->span);
    }
    Node value = found != nullptr ? *found : Node::Null(from->span);
    std::optional<Path> pt = SplitPath(path->value);
    Node* dest = pt ? FindContainer(doc_, *pt) : nullptr;
    if (dest == nullptr) {
      return Error("copy operation does not apply: doc is missing destination path: " +
                       path->value + ": missing value",
                   path->span);
    }
    if (!ContainerAdd(*dest, pt->key, std::move(value), path->span, &error)) {
      return Error("error while adding value during copy: " + error, path->span);
    }
    return std::nullopt;
  }

  std::optional<PatchError> Test() {
    const Node* path = StringField("path");
    if (path == nullptr) {
      return Error("test operation failed to decode path: missing value", op_->span);
    }
    const Node* expected = op_->Get("value");
    Node want = Value();
    PatchError failed{"testing value " + path->value + " failed: test failed", path->span};
    if (path->value.empty()) {
      if (expected == nullptr || !JsonEqual(doc_, want)) return failed;
      return std::nullopt;
    }
    std::optional<Path> p = SplitPath(path->value);
    Node* con = p ? FindContainer(doc_, *p) : nullptr;
    if (con == nullptr) {
      return Error(
          "test operation does not apply: is missing path: " + path->value + ": missing value",
          path->span);
    }
    Node* found = nullptr;
    std::string error;
    if (!ContainerGet(*con, p->key, &found, &error)) {
      return Error("error in test for path: '" + path->value + "': " + error, path->span);
    }
    if (found == nullptr || found->IsNull()) {
      if (expected == nullptr || TypeOf(want) == JsonType::kNull) return std::nullopt;
      return failed;
    }
    if (expected == nullptr || !JsonEqual(*found, want)) return failed;
    return std::nullopt;
  }

  Node& doc_;
  bool yaml_values_;
  const Node* op_ = nullptr;
  size_t copied_nodes_ = 0;
};

}  // namespace

bool IsJsonPatch(const yaml::Node& patch) { return patch.IsSequence(); }

std::optional<PatchError> ApplyJsonPatch(yaml::Node& target, const yaml::Node& operations) {
  if (!operations.IsSequence()) {
    return PatchError{"a JSON 6902 patch must be a list of operations", operations.span};
  }
  // JSON text (starting with '[') is decoded as JSON; anything else goes through YAML 1.1.
  bool json_text = operations.flow && operations.span.valid() && operations.span.begin.offset == 0;
  Node doc = target;
  Applier applier(doc, !json_text);
  for (const Node& op : operations.children) {
    if (std::optional<PatchError> error = applier.Apply(op)) return error;
  }
  target = std::move(doc);
  return std::nullopt;
}

}  // namespace fluxlint::kustomize
