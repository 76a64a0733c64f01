// YAML emitter: the Node tree as libyaml emitter events.
//
// libyaml's emitter is the code go-yaml v2 was ported from, and kubectl/kustomize print their
// output with go-yaml v2 (through sigs.k8s.io/yaml): the same indentation rules ("- " at the
// parent key's indent), the same plain/single/double/literal fallbacks and the same escapes.
// What this file decides is the requested style of each scalar, as go-yaml v2's encoder does
// for strings: literal when the text has a line break, double-quoted when the plain text would
// read back as another type, plain otherwise.

#include "yaml/emitter.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "yaml/scalar.h"

namespace fluxlint::yaml {
namespace {

int AppendToString(void* data, unsigned char* buffer, size_t size) {
  static_cast<std::string*>(data)->append(reinterpret_cast<const char*>(buffer), size);
  return 1;
}

/// Valid as libyaml's yaml_check_utf8 requires (no overlong forms, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t width;
    uint32_t value;
    if ((c & 0xE0) == 0xC0) {
      width = 2;
      value = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      width = 3;
      value = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      width = 4;
      value = c & 0x07;
    } else {
      return false;
    }
    if (i + width > s.size()) return false;
    for (size_t k = 1; k < width; ++k) {
      unsigned char t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80) return false;
      value = (value << 6) | (t & 0x3F);
    }
    if ((width == 2 && value < 0x80) || (width == 3 && value < 0x800) ||
        (width == 4 && value < 0x10000) || value > 0x10FFFF ||
        (value >= 0xD800 && value <= 0xDFFF)) {
      return false;
    }
    i += width;
  }
  return true;
}

/// Replaces each byte that does not start a valid sequence with U+FFFD.
std::string RepairUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    size_t width = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xC0 && c < 0xE0) {
      width = 2;
    } else if (c >= 0xE0 && c < 0xF0) {
      width = 3;
    } else if (c >= 0xF0 && c < 0xF8) {
      width = 4;
    }
    if (i + width <= s.size() && IsValidUtf8(s.substr(i, width))) {
      out.append(s.substr(i, width));
      i += width;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

const char* CanonicalTag(ScalarType type) {
  switch (type) {
    case ScalarType::kNull:
      return "tag:yaml.org,2002:null";
    case ScalarType::kBool:
      return "tag:yaml.org,2002:bool";
    case ScalarType::kInt:
      return "tag:yaml.org,2002:int";
    case ScalarType::kFloat:
      return "tag:yaml.org,2002:float";
    case ScalarType::kString:
      break;
  }
  return "tag:yaml.org,2002:str";
}

class Writer {
 public:
  Writer(std::string* out, const EmitOptions& options) : options_(options) {
    ok_ = yaml_emitter_initialize(&emitter_) != 0;
    if (!ok_) return;
    yaml_emitter_set_output(&emitter_, AppendToString, out);
    yaml_emitter_set_unicode(&emitter_, 1);
    yaml_emitter_set_indent(&emitter_, 2);
    yaml_emitter_set_width(&emitter_, options.width < 0 ? -1 : options.width);
    yaml_emitter_set_break(&emitter_, YAML_LN_BREAK);
  }
  ~Writer() {
    if (ok_) yaml_emitter_delete(&emitter_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  bool StreamStart() {
    yaml_event_t event;
    return Init(yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)) && Emit(&event);
  }
  bool StreamEnd() {
    yaml_event_t event;
    return Init(yaml_stream_end_event_initialize(&event)) && Emit(&event) &&
           yaml_emitter_flush(&emitter_) != 0;
  }
  bool Document(const Node& root) {
    yaml_event_t event;
    if (!Init(yaml_document_start_event_initialize(&event, nullptr, nullptr, nullptr, 1)) ||
        !Emit(&event)) {
      return false;
    }
    if (!Tree(root)) return false;
    return Init(yaml_document_end_event_initialize(&event, 1)) && Emit(&event);
  }

 private:
  bool Init(int result) {
    if (result == 0) ok_ = false;
    return result != 0;
  }
  bool Emit(yaml_event_t* event) {
    if (!ok_) {
      yaml_event_delete(event);
      return false;
    }
    if (yaml_emitter_emit(&emitter_, event) == 0) ok_ = false;
    return ok_;
  }

  struct Open {
    const Node* node;
    size_t next = 0;            // next item (mappings: 2 per entry)
    std::vector<size_t> order;  // sorted entry order, when sort_keys
  };

  bool Tree(const Node& root) {
    std::vector<Open> stack;
    if (!Start(root, &stack)) return false;
    while (!stack.empty()) {
      Open& top = stack.back();
      const Node& node = *top.node;
      if (top.next >= node.children.size()) {
        yaml_event_t event;
        int r = node.kind == NodeKind::kMapping ? yaml_mapping_end_event_initialize(&event)
                                                : yaml_sequence_end_event_initialize(&event);
        stack.pop_back();
        if (!Init(r) || !Emit(&event)) return false;
        continue;
      }
      size_t k = top.next++;
      const Node* child;
      if (node.kind == NodeKind::kMapping && !top.order.empty()) {
        child = &node.children[2 * top.order[k / 2] + (k % 2)];
      } else {
        child = &node.children[k];
      }
      if (!Start(*child, &stack)) return false;
    }
    return true;
  }

  /// Emits a scalar, or the start of a collection (pushed on `stack`).
  bool Start(const Node& node, std::vector<Open>* stack) {
    yaml_event_t event;
    if (node.kind == NodeKind::kScalar) return Scalar(node);
    if (node.kind == NodeKind::kMapping) {
      if (!Init(yaml_mapping_start_event_initialize(&event, nullptr, nullptr, 1,
                                                    YAML_BLOCK_MAPPING_STYLE)) ||
          !Emit(&event)) {
        return false;
      }
      Open& open = stack->emplace_back();
      open.node = &node;
      // A mapping with an odd number of children is malformed; ignore the dangling key.
      if (node.children.size() % 2 != 0) return ok_ = false;
      if (options_.sort_keys && node.children.size() > 2) SortedOrder(node, &open.order);
      return true;
    }
    if (!Init(yaml_sequence_start_event_initialize(&event, nullptr, nullptr, 1,
                                                   YAML_BLOCK_SEQUENCE_STYLE)) ||
        !Emit(&event)) {
      return false;
    }
    stack->emplace_back().node = &node;
    return true;
  }

  static void SortedOrder(const Node& mapping, std::vector<size_t>* order) {
    size_t n = mapping.children.size() / 2;
    order->resize(n);
    for (size_t i = 0; i < n; ++i) (*order)[i] = i;
    // Keys compare as they are written: every null key as "null".
    auto text = [](const Node& key) -> std::string_view {
      return ResolveScalar(key) == ScalarType::kNull ? std::string_view("null") : key.value;
    };
    std::stable_sort(order->begin(), order->end(), [&mapping, &text](size_t a, size_t b) {
      const Node& ka = mapping.children[2 * a];
      const Node& kb = mapping.children[2 * b];
      if (ka.IsScalar() != kb.IsScalar()) return ka.IsScalar();
      if (!ka.IsScalar()) return false;
      return text(ka) < text(kb);
    });
  }

  bool Scalar(const Node& node) {
    ScalarType type = ResolveScalar(node);
    std::string_view value = node.value;
    yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
    const char* tag = nullptr;
    switch (type) {
      case ScalarType::kNull:
        value = "null";
        break;
      case ScalarType::kString:
        if (value.find('\n') != std::string_view::npos) {
          style = YAML_LITERAL_SCALAR_STYLE;
        } else if (value.empty() || IsAmbiguousString(value)) {
          style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        }
        break;
      default:
        if (ResolvePlainText(value) != type || !IsPlainAllowed(value)) tag = CanonicalTag(type);
        break;
    }
    std::string repaired;
    if (!IsValidUtf8(value)) {
      repaired = RepairUtf8(value);
      value = repaired;
    }
    int implicit = tag == nullptr ? 1 : 0;
    yaml_event_t event;
    if (!Init(yaml_scalar_event_initialize(
            &event, nullptr, reinterpret_cast<const yaml_char_t*>(tag),
            reinterpret_cast<const yaml_char_t*>(value.data()), static_cast<int>(value.size()),
            implicit, implicit, style))) {
      return false;
    }
    return Emit(&event);
  }

  const EmitOptions& options_;
  yaml_emitter_t emitter_;
  bool ok_ = false;
};

std::string EmitOne(const Node& root, const EmitOptions& options) {
  std::string out;
  Writer writer(&out, options);
  if (!writer.StreamStart() || !writer.Document(root) || !writer.StreamEnd()) {
    // libyaml only fails on memory exhaustion or a malformed tree (a mapping with a dangling
    // key); what was written so far is returned.
  }
  // libyaml 0.2.5 closes a document that contains a keep-chomped block scalar ("|+") or a plain
  // root scalar with "...". go-yaml v2 (kubectl) does not, and nothing needs it: the end of the
  // stream, or the "---" EmitStream puts before the next document, ends the scalar as well.
  constexpr std::string_view kEnd = "\n...\n";
  if (out.size() >= kEnd.size() && std::string_view(out).substr(out.size() - kEnd.size()) == kEnd) {
    out.resize(out.size() - kEnd.size() + 1);
  }
  return out;
}

}  // namespace

std::string Emit(const Node& root) { return EmitOne(root, EmitOptions{}); }

std::string Emit(const Node& root, const EmitOptions& options) { return EmitOne(root, options); }

std::string EmitStream(const std::vector<const Node*>& documents) {
  return EmitStream(documents, EmitOptions{});
}

std::string EmitStream(const std::vector<const Node*>& documents, const EmitOptions& options) {
  std::string out;
  bool first = true;
  for (const Node* doc : documents) {
    if (doc == nullptr) continue;
    if (!first) out += "---\n";
    first = false;
    out += EmitOne(*doc, options);
  }
  return out;
}

}  // namespace fluxlint::yaml
