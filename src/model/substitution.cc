#include "model/substitution.h"

#include <algorithm>
#include <optional>

namespace fluxlint::model {
namespace {

std::string Describe(const yaml::Node& object) {
  std::string out(object.GetString("kind"));
  const yaml::Node* md = object.Get("metadata");
  if (md != nullptr) {
    std::string_view ns = md->GetString("namespace");
    if (!ns.empty()) out += "/" + std::string(ns);
    out += "/" + std::string(md->GetString("name"));
  }
  return out;
}

struct Walker {
  const Variables& vars;
  bool strict;
  const std::string& object;
  std::vector<SubstitutionIssue>* issues;

  void Scalar(yaml::Node& node) {
    if (!flux::MayChange(node.value)) return;
    flux::EvalResult r = flux::Evaluate(
        node.value,
        [this](std::string_view name) -> std::optional<std::string_view> {
          auto it = vars.find(name);
          if (it == vars.end()) return std::nullopt;
          return std::string_view(it->second.value);
        },
        strict);
    if (!r.ok()) {
      SubstitutionIssue issue;
      issue.error = *r.error;
      issue.span = LocateInScalar(node.span, node.value, r.error->offset, r.error->length);
      issue.object = object;
      issues->push_back(std::move(issue));
      return;
    }
    if (r.value == node.value) return;
    node.value = std::move(r.value);
    if (node.style != yaml::ScalarStyle::kLiteral && node.style != yaml::ScalarStyle::kFolded) {
      node.style = yaml::ScalarStyle::kPlain;
      node.clear_tag();
    }
  }

  void Walk(yaml::Node& node, int depth) {
    if (depth > 512) return;  // the loader's own limit; nothing deeper exists
    if (node.IsScalar()) {
      Scalar(node);
      return;
    }
    for (yaml::Node& child : node.children) Walk(child, depth + 1);
  }
};

}  // namespace

Position PositionAt(const SourceFile& file, uint32_t offset) {
  Position p;
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(file.text.size()));
  p.offset = offset;
  auto it = std::upper_bound(file.line_starts.begin(), file.line_starts.end(), offset);
  size_t line = static_cast<size_t>(it - file.line_starts.begin());  // 1-based
  if (line == 0) line = 1;
  p.line = static_cast<uint32_t>(line);
  uint32_t column = 1;  // one more than the code points before the offset on its line
  for (uint32_t i = file.line_starts[line - 1]; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(file.text[i]);
    if ((c & 0xC0) != 0x80) ++column;
  }
  p.column = column;
  return p;
}

Span LocateInScalar(const Span& scalar, std::string_view value, size_t offset, size_t length) {
  if (!scalar.valid() || length == 0 || offset + length > value.size()) return scalar;
  const std::string& text = scalar.file->text;
  if (scalar.end.offset > text.size() || scalar.begin.offset >= scalar.end.offset) return scalar;
  std::string_view needle = value.substr(offset, length);
  // Which occurrence of the piece in the value this is.
  size_t occurrence = 0;
  for (size_t pos = value.find(needle); pos != std::string_view::npos && pos < offset;
       pos = value.find(needle, pos + 1)) {
    ++occurrence;
  }
  std::string_view slice(text.data() + scalar.begin.offset,
                         scalar.end.offset - scalar.begin.offset);
  size_t found = slice.find(needle);
  for (size_t i = 0; i < occurrence && found != std::string_view::npos; ++i) {
    found = slice.find(needle, found + 1);
  }
  if (found == std::string_view::npos) return scalar;
  Span span;
  span.file = scalar.file;
  span.begin = PositionAt(*scalar.file, static_cast<uint32_t>(scalar.begin.offset + found));
  span.end =
      PositionAt(*scalar.file, static_cast<uint32_t>(scalar.begin.offset + found + needle.size()));
  return span;
}

void SubstituteObject(yaml::Node& object, const Variables& vars, bool strict,
                      std::vector<SubstitutionIssue>* issues) {
  const std::string name = Describe(object);
  Walker w{vars, strict, name, issues};
  w.Walk(object, 0);
}

}  // namespace fluxlint::model
