#ifndef FLUXLINT_YAML_NODE_H_
#define FLUXLINT_YAML_NODE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/span.h"

namespace fluxlint::yaml {

enum class NodeKind : uint8_t { kScalar, kSequence, kMapping };

/// How a scalar was written. Quoted and block styles are always strings; plain scalars are
/// typed by the YAML 1.1 resolver (see scalar.h).
enum class ScalarStyle : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded };

/// A string that is almost always empty, held in one pointer: empty costs no allocation and
/// moving is a pointer move; copying copies the text. Node keeps its explicit tag in one.
class RareString {
 public:
  RareString() = default;
  RareString(const RareString& other)
      : text_(other.text_ ? std::make_unique<std::string>(*other.text_) : nullptr) {}
  RareString(RareString&&) noexcept = default;
  RareString& operator=(const RareString& other) {
    if (this != &other) Assign(other.view());
    return *this;
  }
  RareString& operator=(RareString&&) noexcept = default;
  ~RareString() = default;

  std::string_view view() const { return text_ ? std::string_view(*text_) : std::string_view(); }
  bool empty() const { return text_ == nullptr; }
  /// Sets the text; "" frees it.
  void Assign(std::string_view text) {
    if (text.empty()) {
      text_.reset();
    } else if (text_) {
      text_->assign(text);
    } else {
      text_ = std::make_unique<std::string>(text);
    }
  }

 private:
  std::unique_ptr<std::string> text_;  // null when empty
};

/// A YAML node with value semantics. Aliases are expanded and `<<` merge keys resolved at load
/// time, so a tree is plain data that the renderer may copy and edit.
///
/// A mapping stores its entries flat in `children` as key, value, key, value, … in source
/// order. `span` is the node's provenance: where it was written, or, for a value that a
/// transformer produced, the entry that produced it.
struct Node {
  NodeKind kind = NodeKind::kScalar;
  ScalarStyle style = ScalarStyle::kPlain;
  bool flow = false;  ///< a flow collection ({...} or [...]) in the source
  std::string value;  ///< scalar text (after unescaping/folding)
  std::vector<Node> children;
  Span span;

  /// The explicit tag as resolved by libyaml ("tag:yaml.org,2002:str"), or "" (almost always).
  std::string_view tag() const { return tag_.view(); }
  void set_tag(std::string_view tag) { tag_.Assign(tag); }
  void clear_tag() { tag_.Assign({}); }

  // --- construction ---
  Node() = default;
  /// A scalar, as Scalar() makes it, with a copy of `text`.
  Node(std::string_view text, Span where, ScalarStyle scalar_style)
      : style(scalar_style), value(text), span(where) {}
  static Node Scalar(std::string value, Span span = {}, ScalarStyle style = ScalarStyle::kPlain);
  static Node Mapping(Span span = {});
  static Node Sequence(Span span = {});
  /// A plain scalar "null".
  static Node Null(Span span = {});

  bool IsScalar() const { return kind == NodeKind::kScalar; }
  bool IsMapping() const { return kind == NodeKind::kMapping; }
  bool IsSequence() const { return kind == NodeKind::kSequence; }
  /// A plain scalar that YAML resolves to null ("", "~", "null", "Null", "NULL"), or tagged !!null.
  bool IsNull() const;

  // --- sequences ---
  size_t ItemCount() const { return children.size(); }

  // --- mappings ---
  size_t EntryCount() const { return children.size() / 2; }
  const Node& Key(size_t i) const { return children[2 * i]; }
  const Node& Value(size_t i) const { return children[2 * i + 1]; }
  Node& MutableValue(size_t i) { return children[2 * i + 1]; }
  /// The value of the first entry whose key is the scalar `key`; nullptr if absent or not a
  /// mapping.
  const Node* Get(std::string_view key) const;
  Node* GetMutable(std::string_view key);
  /// Follows keys through nested mappings: Find({"metadata", "name"}).
  const Node* Find(std::initializer_list<std::string_view> path) const;
  /// The scalar value at `key`, or `fallback` when absent or not a scalar.
  std::string_view GetString(std::string_view key, std::string_view fallback = "") const;
  /// Sets `key` to `value` (replacing the first existing entry, else appending). Returns the value.
  /// The key node gets `key_span`.
  Node& Set(std::string_view key, Node value, Span key_span = {});
  /// Removes every entry with scalar key `key`; returns whether one was removed.
  bool Remove(std::string_view key);

 private:
  RareString tag_;
};

/// Structural equality of values: kind, scalar text and resolved type, children in order.
/// Spans, styles and tags that do not change the resolved type are ignored.
bool Equal(const Node& a, const Node& b);

}  // namespace fluxlint::yaml

#endif  // FLUXLINT_YAML_NODE_H_
