#include "yaml/node.h"

#include "yaml/scalar.h"

namespace fluxlint::yaml {

Node Node::Scalar(std::string value, Span span, ScalarStyle style) {
  Node n;
  n.kind = NodeKind::kScalar;
  n.style = style;
  n.value = std::move(value);
  n.span = span;
  return n;
}

Node Node::Mapping(Span span) {
  Node n;
  n.kind = NodeKind::kMapping;
  n.span = span;
  return n;
}

Node Node::Sequence(Span span) {
  Node n;
  n.kind = NodeKind::kSequence;
  n.span = span;
  return n;
}

Node Node::Null(Span span) { return Scalar("null", span); }

bool Node::IsNull() const {
  if (kind != NodeKind::kScalar) return false;
  if (tag() == "tag:yaml.org,2002:null") return true;
  if (style != ScalarStyle::kPlain || !tag().empty()) return false;
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

const Node* Node::Get(std::string_view key) const {
  if (kind != NodeKind::kMapping) return nullptr;
  for (size_t i = 0; i + 1 < children.size(); i += 2) {
    const Node& k = children[i];
    if (k.kind == NodeKind::kScalar && k.value == key) return &children[i + 1];
  }
  return nullptr;
}

Node* Node::GetMutable(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->Get(key));
}

const Node* Node::Find(std::initializer_list<std::string_view> path) const {
  const Node* n = this;
  for (std::string_view key : path) {
    n = n->Get(key);
    if (n == nullptr) return nullptr;
  }
  return n;
}

std::string_view Node::GetString(std::string_view key, std::string_view fallback) const {
  const Node* n = Get(key);
  if (n == nullptr || !n->IsScalar() || n->IsNull()) return fallback;
  return n->value;
}

Node& Node::Set(std::string_view key, Node value, Span key_span) {
  if (Node* existing = GetMutable(key)) {
    *existing = std::move(value);
    return *existing;
  }
  children.push_back(Scalar(std::string(key), key_span));
  children.push_back(std::move(value));
  return children.back();
}

bool Node::Remove(std::string_view key) {
  if (kind != NodeKind::kMapping) return false;
  bool removed = false;
  for (size_t i = 0; i + 1 < children.size();) {
    if (children[i].kind == NodeKind::kScalar && children[i].value == key) {
      children.erase(children.begin() + static_cast<std::ptrdiff_t>(i),
                     children.begin() + static_cast<std::ptrdiff_t>(i + 2));
      removed = true;
    } else {
      i += 2;
    }
  }
  return removed;
}

bool Equal(const Node& a, const Node& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == NodeKind::kScalar) {
    ScalarType ta = ResolveScalar(a);
    ScalarType tb = ResolveScalar(b);
    if (ta != tb) return false;
    if (ta == ScalarType::kNull) return true;
    return a.value == b.value;
  }
  if (a.children.size() != b.children.size()) return false;
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!Equal(a.children[i], b.children[i])) return false;
  }
  return true;
}

}  // namespace fluxlint::yaml
