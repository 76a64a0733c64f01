// Patch targets: kustomize's selector (regexes anchored like types.SelectorRegex) and the
// Kubernetes label selector grammar (k8s.io/apimachinery/pkg/labels, Parse).

#include "kustomize/patch_target.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "kustomize/patch_schema.h"
#include "yaml/scalar.h"

namespace fluxlint::kustomize {
namespace {

using yaml::Node;

// --- label selector lexer ------------------------------------------------------------------

enum class Token {
  kError,
  kEnd,
  kClosedPar,
  kComma,
  kDoesNotExist,  // !
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsSpecialSymbol(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

struct Lexeme {
  Token token;
  std::string text;
  size_t offset = 0;  // of the token's first byte in the selector
};

// Splits the selector into tokens up front (the parser looks ahead one token).
std::vector<Lexeme> Lex(std::string_view s) {
  std::vector<Lexeme> out;
  size_t i = 0;
  while (true) {
    while (i < s.size() && IsWhitespace(s[i])) ++i;
    if (i == s.size()) {
      out.push_back({Token::kEnd, "", i});
      return out;
    }
    char c = s[i];
    if (IsSpecialSymbol(c)) {
      // The longest of: "!", "!=", "(", ")", ",", "<", "=", "==", ">".
      if (c == '!' && i + 1 < s.size() && s[i + 1] == '=') {
        out.push_back({Token::kNotEquals, "!=", i});
        i += 2;
      } else if (c == '=' && i + 1 < s.size() && s[i + 1] == '=') {
        out.push_back({Token::kDoubleEquals, "==", i});
        i += 2;
      } else {
        Token t = c == '!'   ? Token::kDoesNotExist
                  : c == '(' ? Token::kOpenPar
                  : c == ')' ? Token::kClosedPar
                  : c == ',' ? Token::kComma
                  : c == '<' ? Token::kLessThan
                  : c == '=' ? Token::kEquals
                             : Token::kGreaterThan;
        out.push_back({t, std::string(1, c), i});
        ++i;
      }
      continue;
    }
    size_t start = i;
    while (i < s.size() && !IsWhitespace(s[i]) && !IsSpecialSymbol(s[i])) ++i;
    std::string word(s.substr(start, i - start));
    Token t = word == "in" ? Token::kIn : word == "notin" ? Token::kNotIn : Token::kIdentifier;
    out.push_back({t, std::move(word), start});
  }
}

// --- validation (k8s.io/apimachinery/pkg/util/validation) -----------------------------------

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool IsQualifiedNamePart(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

// RFC 1123 subdomain: dot-separated labels of [a-z0-9-], each starting and ending alphanumeric.
bool IsDns1123Subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (label.empty() || !lower_alnum(label.front()) || !lower_alnum(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(),
                     [&](char c) { return lower_alnum(c) || c == '-'; })) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// validation.IsQualifiedName; "" when valid.
std::string QualifiedNameError(std::string_view key) {
  size_t slash = key.find('/');
  std::string_view name = key;
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos) {
      return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must "
             "start and end with an alphanumeric character, with an optional DNS subdomain prefix "
             "and '/'";
    }
    std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) return "prefix part must be non-empty";
    if (!IsDns1123Subdomain(prefix)) {
      return "prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters";
    }
  }
  if (name.empty()) return "name part must be non-empty";
  if (name.size() > 63) return "name part must be no more than 63 characters";
  if (!IsQualifiedNamePart(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
           "and end with an alphanumeric character";
  }
  return "";
}

// validation.IsValidLabelValue; "" when valid.
std::string LabelValueError(std::string_view value) {
  if (value.size() > 63) return "must be no more than 63 characters";
  if (!value.empty() && !IsQualifiedNamePart(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', "
           "'_' or '.', and must start and end with an alphanumeric character";
  }
  return "";
}

bool ParseInt64(std::string_view s, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (i == s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return false;
  }
  if (!negative && v > static_cast<uint64_t>(INT64_MAX)) return false;
  *out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

// --- label selector parser -------------------------------------------------------------------

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : lexemes_(Lex(text)) {}

  // The byte offset in the selector of the token where Parse failed.
  size_t error_offset() const { return error_offset_; }

  // labels.Parse; "" on success.
  std::string Parse(std::vector<LabelRequirement>* out) {
    while (true) {
      const Lexeme& next = Lookahead(/*values=*/true);
      switch (next.token) {
        case Token::kIdentifier:
        case Token::kDoesNotExist: {
          LabelRequirement r;
          requirement_offset_ = next.offset;
          if (std::string err = ParseRequirement(&r); !err.empty()) {
            return "unable to parse requirement: " + err;
          }
          out->push_back(std::move(r));
          Lexeme after = Consume(/*values=*/true);
          if (after.token == Token::kEnd) return "";
          if (after.token == Token::kComma) {
            const Lexeme& l2 = Lookahead(true);
            if (l2.token != Token::kIdentifier && l2.token != Token::kDoesNotExist) {
              return "found '" + l2.text + "', expected: identifier after ','";
            }
            continue;
          }
          return "found '" + after.text + "', expected: ',' or 'end of string'";
        }
        case Token::kEnd:
          return "";
        default:
          return "found '" + next.text + "', expected: !, identifier, or 'end of string'";
      }
    }
  }

 private:
  // In "values" context the keywords in/notin are plain identifiers.
  static Lexeme AsContext(Lexeme l, bool values) {
    if (values && (l.token == Token::kIn || l.token == Token::kNotIn)) l.token = Token::kIdentifier;
    return l;
  }
  const Lexeme& Lookahead(bool values) {
    lookahead_ = AsContext(lexemes_[pos_], values);
    error_offset_ = lookahead_.offset;
    return lookahead_;
  }
  Lexeme Consume(bool values) {
    Lexeme l = AsContext(lexemes_[pos_], values);
    error_offset_ = l.offset;
    if (pos_ + 1 < lexemes_.size()) ++pos_;
    return l;
  }

  std::string ParseRequirement(LabelRequirement* r) {
    // Key, and "!key" / bare "key" operators.
    bool exists_op = false;
    bool not_exists = false;
    Lexeme l = Consume(true);
    if (l.token == Token::kDoesNotExist) {
      not_exists = true;
      l = Consume(true);
    }
    if (l.token != Token::kIdentifier) return "found '" + l.text + "', expected: identifier";
    if (std::string err = QualifiedNameError(l.text); !err.empty()) {
      return "key: Invalid value: \"" + l.text + "\": " + err;
    }
    r->key = l.text;
    Token next = Lookahead(true).token;
    if ((next == Token::kEnd || next == Token::kComma) && !not_exists) exists_op = true;
    if (not_exists || exists_op) {
      r->op = not_exists ? LabelRequirement::Op::kDoesNotExist : LabelRequirement::Op::kExists;
      return "";
    }
    // Operator.
    Lexeme op = Consume(/*values=*/false);
    switch (op.token) {
      case Token::kIn:
        r->op = LabelRequirement::Op::kIn;
        break;
      case Token::kNotIn:
        r->op = LabelRequirement::Op::kNotIn;
        break;
      case Token::kEquals:
        r->op = LabelRequirement::Op::kEquals;
        break;
      case Token::kDoubleEquals:
        r->op = LabelRequirement::Op::kDoubleEquals;
        break;
      case Token::kNotEquals:
        r->op = LabelRequirement::Op::kNotEquals;
        break;
      case Token::kGreaterThan:
        r->op = LabelRequirement::Op::kGreaterThan;
        break;
      case Token::kLessThan:
        r->op = LabelRequirement::Op::kLessThan;
        break;
      default:
        return "found '" + op.text + "', expected: '=', '!=', '==', 'in', notin'";
    }
    // Values.
    std::set<std::string> values;
    if (r->op == LabelRequirement::Op::kIn || r->op == LabelRequirement::Op::kNotIn) {
      if (std::string err = ParseValues(&values); !err.empty()) return err;
    } else if (std::string err = ParseExactValue(&values); !err.empty()) {
      return err;
    }
    r->values.assign(values.begin(), values.end());
    std::string err = Validate(*r);
    if (!err.empty()) error_offset_ = requirement_offset_;
    return err;
  }

  std::string ParseValues(std::set<std::string>* values) {
    Lexeme l = Consume(true);
    if (l.token != Token::kOpenPar) return "found '" + l.text + "' expected: '('";
    const Lexeme& next = Lookahead(true);
    if (next.token == Token::kClosedPar) {
      Consume(true);
      values->insert("");
      return "";
    }
    if (next.token != Token::kIdentifier && next.token != Token::kComma) {
      return "found '" + next.text + "', expected: ',', ')' or identifier";
    }
    // parseIdentifiersList
    while (true) {
      Lexeme item = Consume(true);
      if (item.token == Token::kIdentifier) {
        values->insert(item.text);
        const Lexeme& after = Lookahead(true);
        if (after.token == Token::kComma) continue;
        if (after.token == Token::kClosedPar) break;
        return "found '" + after.text + "', expected: ',' or ')'";
      }
      if (item.token == Token::kComma) {
        if (values->empty()) values->insert("");  // "(,"
        Token after = Lookahead(true).token;
        if (after == Token::kClosedPar) {  // ",)"
          values->insert("");
          break;
        }
        if (after == Token::kComma) {  // ",,"
          Consume(true);
          values->insert("");
        }
        continue;
      }
      return "found '" + item.text + "', expected: ',', or identifier";
    }
    Lexeme close = Consume(true);
    if (close.token != Token::kClosedPar) return "found '" + close.text + "', expected: ')'";
    return "";
  }

  std::string ParseExactValue(std::set<std::string>* values) {
    Token next = Lookahead(true).token;
    if (next == Token::kEnd || next == Token::kComma) {
      values->insert("");
      return "";
    }
    Lexeme l = Consume(true);
    if (l.token == Token::kIdentifier) {
      values->insert(l.text);
      return "";
    }
    return "found '" + l.text + "', expected: identifier";
  }

  // labels.NewRequirement's checks.
  static std::string Validate(const LabelRequirement& r) {
    using Op = LabelRequirement::Op;
    switch (r.op) {
      case Op::kIn:
      case Op::kNotIn:
        if (r.values.empty()) return "for 'in', 'notin' operators, values set can't be empty";
        break;
      case Op::kEquals:
      case Op::kDoubleEquals:
      case Op::kNotEquals:
        if (r.values.size() != 1) return "exact-match compatibility requires one single value";
        break;
      case Op::kGreaterThan:
      case Op::kLessThan:
        if (r.values.size() != 1) {
          return "for 'Gt', 'Lt' operators, exactly one value is required";
        }
        for (const std::string& v : r.values) {
          int64_t ignored;
          if (!ParseInt64(v, &ignored)) {
            return "for 'Gt', 'Lt' operators, the value must be an integer";
          }
        }
        break;
      case Op::kExists:
      case Op::kDoesNotExist:
        break;
    }
    for (size_t i = 0; i < r.values.size(); ++i) {
      if (std::string err = LabelValueError(r.values[i]); !err.empty()) {
        return "values[" + std::to_string(i) + "][" + r.key + "]: Invalid value: \"" + r.values[i] +
               "\": " + err;
      }
    }
    return "";
  }

  std::vector<Lexeme> lexemes_;
  size_t pos_ = 0;
  Lexeme lookahead_;
  size_t requirement_offset_ = 0;
  size_t error_offset_ = 0;
};

// The place of byte `offset` of `text` inside `span`, when the node at `span` spells `text`
// out on one line (plain or quoted without escapes); else `span` itself.
Span PlaceInside(const Span& span, std::string_view text, size_t offset) {
  if (!span.valid() || span.begin.line == 0 || text.find('\n') != std::string_view::npos) {
    return span;
  }
  const std::string& source = span.file->text;
  size_t start = span.begin.offset;
  if (start < source.size() && (source[start] == '"' || source[start] == '\'')) ++start;
  if (start + text.size() > source.size() || source.compare(start, text.size(), text) != 0) {
    return span;
  }
  offset = std::min(offset, text.size());
  uint32_t columns = 0;
  for (size_t i = 0; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++columns;
  }
  Span out = span;
  out.begin.offset = static_cast<uint32_t>(start + offset);
  out.begin.column = span.begin.column + static_cast<uint32_t>(start - span.begin.offset) + columns;
  out.end = out.begin;
  if (offset < text.size()) {
    out.end.offset += 1;
    out.end.column += 1;
  }
  return out;
}

// The value of `key` in a labels/annotations mapping, as text; nullptr when absent.
const Node* MapValue(const Node* map, std::string_view key) {
  if (map == nullptr || !map->IsMapping()) return nullptr;
  return map->Get(key);
}

std::string ScalarText(const Node& n) { return n.IsScalar() && !n.IsNull() ? n.value : ""; }

// --- selector fields ---------------------------------------------------------------------------

bool MatchRe(const std::shared_ptr<const re2::RE2>& re, std::string_view text) {
  return re == nullptr || re2::RE2::PartialMatch(text, *re);
}

std::pair<std::string, std::string> SplitApiVersion(std::string_view api_version) {
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

std::string EffectiveNs(std::string_view api_version, std::string_view kind, std::string_view ns) {
  if (IsBuiltinClusterScoped(api_version, kind)) return "_non_namespaceable_";
  if (ns.empty()) return "default";
  return std::string(ns);
}

std::string ObjectNamespace(const Node& object) {
  const Node* meta = object.Get("metadata");
  return meta == nullptr ? "" : std::string(meta->GetString("namespace"));
}

std::string ObjectName(const Node& object) {
  const Node* meta = object.Get("metadata");
  return meta == nullptr ? "" : std::string(meta->GetString("name"));
}

}  // namespace

bool LabelSelector::Matches(const yaml::Node* map) const {
  using Op = LabelRequirement::Op;
  for (const LabelRequirement& r : requirements) {
    const Node* value = MapValue(map, r.key);
    bool has = value != nullptr;
    std::string text = has ? ScalarText(*value) : "";
    bool in_values = std::binary_search(r.values.begin(), r.values.end(), text);
    bool ok = true;
    switch (r.op) {
      case Op::kIn:
      case Op::kEquals:
      case Op::kDoubleEquals:
        ok = has && in_values;
        break;
      case Op::kNotIn:
      case Op::kNotEquals:
        ok = !has || !in_values;
        break;
      case Op::kExists:
        ok = has;
        break;
      case Op::kDoesNotExist:
        ok = !has;
        break;
      case Op::kGreaterThan:
      case Op::kLessThan: {
        int64_t have;
        int64_t want;
        ok = has && ParseInt64(text, &have) && !r.values.empty() &&
             ParseInt64(r.values[0], &want) &&
             (r.op == Op::kGreaterThan ? have > want : have < want);
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}

std::optional<PatchError> ParseLabelSelector(std::string_view text, Span span, LabelSelector* out) {
  out->requirements.clear();
  SelectorParser parser(text);
  if (std::string err = parser.Parse(&out->requirements); !err.empty()) {
    out->requirements.clear();
    return PatchError{"invalid selector \"" + std::string(text) + "\": " + err,
                      PlaceInside(span, text, parser.error_offset())};
  }
  return std::nullopt;
}

std::optional<PatchError> ParsePatchTarget(const yaml::Node& node, PatchTarget* out) {
  *out = PatchTarget{};
  out->span = node.span;
  if (!node.IsMapping()) return PatchError{"a patch target must be a mapping", node.span};
  struct FieldRef {
    std::string_view key;
    std::string* value;
  };
  const FieldRef fields[] = {
      {"group", &out->group},
      {"version", &out->version},
      {"kind", &out->kind},
      {"name", &out->name},
      {"namespace", &out->ns},
      {"labelSelector", &out->label_selector},
      {"annotationSelector", &out->annotation_selector},
  };
  std::vector<Span> spans(std::size(fields));
  for (size_t i = 0; i < node.EntryCount(); ++i) {
    const Node& key = node.Key(i);
    const Node& value = node.Value(i);
    const FieldRef* field = nullptr;
    for (const FieldRef& f : fields) {
      if (key.IsScalar() && key.value == f.key) field = &f;
    }
    if (field == nullptr) {
      return PatchError{"unknown field \"" + key.value +
                            "\" in patch target (expected group, version, kind, name, namespace, "
                            "labelSelector or annotationSelector)",
                        key.span};
    }
    if (value.IsNull()) continue;
    if (!value.IsScalar() || yaml::ResolveScalar(value) != yaml::ScalarType::kString) {
      return PatchError{"patch target field \"" + key.value + "\" must be a string", value.span};
    }
    *field->value = value.value;
    spans[static_cast<size_t>(field - fields)] = value.span;
  }
  std::shared_ptr<const re2::RE2>* regexes[] = {&out->group_re, &out->version_re, &out->kind_re,
                                                &out->name_re, &out->ns_re};
  for (size_t i = 0; i < 5; ++i) {
    const std::string& pattern = *fields[i].value;
    if (pattern.empty()) continue;
    auto re = std::make_shared<const re2::RE2>("^(?:" + pattern + ")$", re2::RE2::Quiet);
    if (!re->ok()) {
      return PatchError{"invalid regular expression in patch target " + std::string(fields[i].key) +
                            " \"" + pattern + "\": " + re->error(),
                        spans[i]};
    }
    *regexes[i] = std::move(re);
  }
  if (auto err = ParseLabelSelector(out->label_selector, spans[5], &out->labels)) return err;
  if (auto err = ParseLabelSelector(out->annotation_selector, spans[6], &out->annotations)) {
    return err;
  }
  return std::nullopt;
}

bool MatchesTarget(const PatchTarget& target, const yaml::Node& object) {
  return MatchesTarget(target, object, ObjectName(object), ObjectNamespace(object));
}

bool MatchesTarget(const PatchTarget& target, const yaml::Node& object,
                   std::string_view original_name, std::string_view original_namespace) {
  if (!object.IsMapping()) return false;
  std::string_view api_version = object.GetString("apiVersion");
  std::string_view kind = object.GetString("kind");
  std::string name = ObjectName(object);
  std::string ns = ObjectNamespace(object);

  if (target.ns_re != nullptr &&
      !MatchRe(target.ns_re, EffectiveNs(api_version, kind, original_namespace)) &&
      !MatchRe(target.ns_re, EffectiveNs(api_version, kind, ns))) {
    return false;
  }
  if (target.name_re != nullptr && !MatchRe(target.name_re, original_name) &&
      !MatchRe(target.name_re, name)) {
    return false;
  }
  auto [group, version] = SplitApiVersion(api_version);
  if (!MatchRe(target.group_re, group) || !MatchRe(target.version_re, version) ||
      !MatchRe(target.kind_re, kind)) {
    return false;
  }
  const Node* meta = object.Get("metadata");
  const Node* labels = meta == nullptr ? nullptr : meta->Get("labels");
  const Node* annotations = meta == nullptr ? nullptr : meta->Get("annotations");
  return target.labels.Matches(labels) && target.annotations.Matches(annotations);
}

std::string ObjectId::EffectiveNamespace() const {
  std::string api_version = group.empty() ? version : group + "/" + version;
  return EffectiveNs(api_version, kind, ns);
}

ObjectId IdOf(const yaml::Node& object) {
  ObjectId id;
  auto [group, version] = SplitApiVersion(object.GetString("apiVersion"));
  id.group = std::move(group);
  id.version = std::move(version);
  id.kind = std::string(object.GetString("kind"));
  id.name = ObjectName(object);
  id.ns = ObjectNamespace(object);
  return id;
}

bool SameId(const ObjectId& a, const ObjectId& b) {
  return a.group == b.group && a.version == b.version && a.kind == b.kind && a.name == b.name &&
         a.EffectiveNamespace() == b.EffectiveNamespace();
}

bool SmpPatchMatches(const yaml::Node& patch, const yaml::Node& object) {
  return SameId(IdOf(patch), IdOf(object));
}

}  // namespace fluxlint::kustomize
