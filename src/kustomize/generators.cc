#include "kustomize/generators.h"

#include <algorithm>
#include <map>
#include <set>

#include "kustomize/sha256.h"

namespace fluxlint::kustomize {

namespace {

/// Length of the UTF-8 sequence starting at s[i] if it is valid (Go's rules: no overlong forms,
/// no surrogates, nothing above U+10FFFF), else 0.
size_t Utf8SeqLen(std::string_view s, size_t i, uint32_t* rune) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    *rune = c;
    return 1;
  }
  size_t n;
  uint32_t r;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    r = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    r = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    r = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    r = (r << 6) | (b(i + k) & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  *rune = r;
  return n;
}

bool ValidUtf8(std::string_view s) {
  uint32_t rune;
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SeqLen(s, i, &rune);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool IsEnvVarName(std::string_view k) {
  if (k.empty()) return false;
  auto ok = [](char c, bool first) {
    if (c == '-' || c == '.' || c == '_') return true;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return !first && c >= '0' && c <= '9';
  };
  for (size_t i = 0; i < k.size(); ++i) {
    if (!ok(k[i], i == 0)) return false;
  }
  return true;
}

std::string RemoveQuotes(std::string s) {
  if (s.size() >= 2 && s.front() == s.back() && (s.front() == '"' || s.front() == '\'')) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

/// A span over a whole file (for values read from a data file).
Span WholeFileSpan(const SourceFile* file) {
  Span span = FileSpan(file);
  if (file == nullptr) return span;
  span.end.offset = static_cast<uint32_t>(file->text.size());
  span.end.line = std::max<uint32_t>(1, file->LineCount());
  span.end.column = 1;
  return span;
}

/// A span over line `line` (1-based) of `file`.
Span LineSpan(const SourceFile* file, uint32_t line) {
  Span span;
  span.file = file;
  if (file == nullptr || line == 0 || line > file->LineCount()) return FileSpan(file);
  span.begin.line = line;
  span.begin.column = 1;
  span.begin.offset = file->line_starts[line - 1];
  span.end.line = line;
  span.end.offset = span.begin.offset + static_cast<uint32_t>(file->Line(line).size());
  span.end.column = static_cast<uint32_t>(file->Line(line).size()) + 1;
  return span;
}

struct KvPair {
  std::string key;
  std::string value;
  Span key_span;
  Span value_span;
};

GeneratorOptions MergeOptions(const std::optional<GeneratorOptions>& local,
                              const GeneratorOptions* global) {
  GeneratorOptions out = local.value_or(GeneratorOptions{});
  if (global == nullptr) return out;
  if (!out.span.valid()) out.span = global->span;
  auto merge = [](std::vector<Pair>& into, const std::vector<Pair>& from) {
    for (const Pair& p : from) {
      bool present = std::any_of(into.begin(), into.end(),
                                 [&](const Pair& q) { return q.key.value == p.key.value; });
      if (!present) into.push_back(p);
    }
  };
  merge(out.labels, global->labels);
  merge(out.annotations, global->annotations);
  out.disable_name_suffix_hash = out.disable_name_suffix_hash || global->disable_name_suffix_hash;
  out.immutable = out.immutable || global->immutable;
  return out;
}

yaml::Node PairsToMapping(const std::vector<Pair>& pairs, Span span) {
  yaml::Node m = yaml::Node::Mapping(span);
  // Sorted like kustomize's map iteration into the output.
  std::vector<const Pair*> sorted;
  for (const Pair& p : pairs) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Pair* a, const Pair* b) { return a->key.value < b->key.value; });
  for (const Pair* p : sorted) {
    m.Set(p->key.value, MakeString(p->value.value, p->value.span), p->key.span);
  }
  return m;
}

}  // namespace

std::string GoJsonString(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    uint32_t rune = 0;
    size_t n = Utf8SeqLen(s, i, &rune);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n == 1) {
      char c = s[i];
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '<':
        case '>':
        case '&':
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            out += "\\u00";
            out += kHex[(c >> 4) & 0xf];
            out += kHex[c & 0xf];
          } else {
            out += c;
          }
      }
    } else if (rune == 0x2028 || rune == 0x2029) {
      out += rune == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out += '"';
  return out;
}

std::string KyamlBase64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string enc;
  enc.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (uint32_t{byte(i)} << 16) | (uint32_t{byte(i + 1)} << 8) | byte(i + 2);
    enc += kAlphabet[(v >> 18) & 63];
    enc += kAlphabet[(v >> 12) & 63];
    enc += kAlphabet[(v >> 6) & 63];
    enc += kAlphabet[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest == 1) {
    uint32_t v = uint32_t{byte(i)} << 16;
    enc += kAlphabet[(v >> 18) & 63];
    enc += kAlphabet[(v >> 12) & 63];
    enc += "==";
  } else if (rest == 2) {
    uint32_t v = (uint32_t{byte(i)} << 16) | (uint32_t{byte(i + 1)} << 8);
    enc += kAlphabet[(v >> 18) & 63];
    enc += kAlphabet[(v >> 12) & 63];
    enc += kAlphabet[(v >> 6) & 63];
    enc += '=';
  }
  constexpr size_t kLineLen = 70;
  size_t lines = enc.size() / kLineLen + 1;
  if (lines <= 1) return enc;
  std::string out;
  out.reserve(enc.size() + lines);
  for (size_t k = 0; k < enc.size(); k += kLineLen) {
    out.append(enc, k, kLineLen);
    out += '\n';
  }
  return out;
}

std::optional<std::string> ParseEnvFile(std::string_view content, std::vector<EnvPair>* out,
                                        uint32_t* error_line) {
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line =
        content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!ValidUtf8(line)) {
      *error_line = line_no;
      return "line " + std::to_string(line_no) + " has invalid UTF-8 bytes";
    }
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    while (!line.empty() && IsAsciiSpace(line.front())) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    std::string key(line.substr(0, eq));
    if (!IsEnvVarName(key)) {
      *error_line = line_no;
      return "'" + key +
             "' is not a valid key name: a key must consist of letters, digits, '_', '-' or "
             "'.', and must not start with a digit";
    }
    std::string value = eq == std::string_view::npos ? "" : std::string(line.substr(eq + 1));
    out->push_back(EnvPair{std::move(key), std::move(value), line_no});
  }
  return std::nullopt;
}

std::optional<Resource> Generate(const GeneratorArgs& args, bool secret,
                                 const GeneratorOptions* global_options,
                                 const GeneratorFileReader& read, std::vector<BuildIssue>* issues) {
  std::string_view what = secret ? "secretGenerator" : "configMapGenerator";
  auto fail = [&](std::string code, std::string message, Span span) {
    issues->push_back(
        BuildIssue{BuildIssue::kError, std::move(code), std::move(message), span, {}, ""});
    return std::nullopt;
  };
  if (args.name.empty()) {
    return fail("invalid-field", std::string(what) + " entry has no name", args.span);
  }

  // kustomize reads envs, then literals, then files.
  std::vector<KvPair> pairs;
  for (const Entry& env : args.envs) {
    const SourceFile* file = read(env, env.value);
    if (file == nullptr) return std::nullopt;
    std::vector<EnvPair> kvs;
    uint32_t bad_line = 0;
    if (auto err = ParseEnvFile(file->text, &kvs, &bad_line)) {
      return fail("invalid-field", "env file '" + env.value + "': " + *err,
                  LineSpan(file, bad_line));
    }
    // Each value points at its line in the env file.
    for (EnvPair& kv : kvs) {
      pairs.push_back(
          KvPair{std::move(kv.key), std::move(kv.value), env.span, LineSpan(file, kv.line)});
    }
  }
  for (const Entry& lit : args.literals) {
    const std::string& src = lit.value;
    size_t eq = src.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail("invalid-field",
                  "invalid literal '" + src + "' in " + std::string(what) + " '" + args.name +
                      "': expected key=value",
                  lit.span);
    }
    pairs.push_back(
        KvPair{src.substr(0, eq), RemoveQuotes(src.substr(eq + 1)), lit.span, lit.span});
  }
  for (const Entry& f : args.files) {
    const std::string& src = f.value;
    size_t count = std::count(src.begin(), src.end(), '=');
    std::string key;
    std::string path;
    if (count == 0) {
      path = src;
      size_t slash = path.find_last_of('/');
      key = slash == std::string::npos ? path : path.substr(slash + 1);
    } else if (count == 1 && src.front() == '=') {
      return fail("invalid-field", "missing key name for file '" + src.substr(1) + "'", f.span);
    } else if (count == 1 && src.back() == '=') {
      return fail("invalid-field",
                  "missing file path for key '" + src.substr(0, src.size() - 1) + "'", f.span);
    } else if (count > 1) {
      return fail("invalid-field", "key names and file paths cannot contain '=': '" + src + "'",
                  f.span);
    } else {
      size_t eq = src.find('=');
      key = src.substr(0, eq);
      path = src.substr(eq + 1);
    }
    const SourceFile* file = read(f, path);
    if (file == nullptr) return std::nullopt;
    pairs.push_back(KvPair{key, file->text, f.span, WholeFileSpan(file)});
  }

  // Reject repeated keys. (kustomize v5.5 does not check the key characters: a key with a
  // space is generated as is and only the API server refuses it.)
  std::set<std::string> seen;
  for (const KvPair& p : pairs) {
    if (p.key.empty()) {
      return fail("invalid-field", "empty key in " + std::string(what) + " '" + args.name + "'",
                  p.key_span);
    }
    if (!seen.insert(p.key).second) {
      return fail("invalid-field",
                  std::string(what) + " '" + args.name + "' repeats the key '" + p.key + "'",
                  p.key_span);
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const KvPair& a, const KvPair& b) { return a.key < b.key; });

  GeneratorOptions options = MergeOptions(args.options, global_options);
  Span span = args.span;
  Resource res;
  res.origin = span;
  yaml::Node& n = res.node;
  n = yaml::Node::Mapping(span);
  n.Set("apiVersion", MakeString("v1", span), span);
  n.Set("kind", MakeString(secret ? "Secret" : "ConfigMap", span), span);
  yaml::Node md = yaml::Node::Mapping(span);
  md.Set("name", MakeString(args.name, args.name_span), args.name_span);
  if (!args.ns.empty()) md.Set("namespace", MakeString(args.ns, span), span);
  if (!options.labels.empty()) {
    md.Set("labels", PairsToMapping(options.labels, options.span), options.span);
  }
  if (!options.annotations.empty()) {
    md.Set("annotations", PairsToMapping(options.annotations, options.span), options.span);
  }
  n.Set("metadata", std::move(md), span);

  yaml::Node data = yaml::Node::Mapping(span);
  yaml::Node binary = yaml::Node::Mapping(span);
  for (const KvPair& p : pairs) {
    if (secret) {
      data.Set(p.key, MakeString(KyamlBase64(p.value), p.value_span), p.key_span);
    } else if (ValidUtf8(p.value)) {
      yaml::Node v = MakeString(p.value, p.value_span);
      if (p.value.find('\n') != std::string::npos) v.style = yaml::ScalarStyle::kLiteral;
      data.Set(p.key, std::move(v), p.key_span);
    } else {
      binary.Set(p.key, MakeString(KyamlBase64(p.value), p.value_span), p.key_span);
    }
  }
  if (secret || data.EntryCount() > 0) n.Set("data", std::move(data), span);
  if (binary.EntryCount() > 0) n.Set("binaryData", std::move(binary), span);
  if (options.immutable) n.Set("immutable", yaml::Node::Scalar("true", options.span), span);
  if (secret) n.Set("type", MakeString(args.type.empty() ? "Opaque" : args.type, span), span);

  res.needs_hash = !options.disable_name_suffix_hash;
  if (args.behavior == "create") res.behavior = GeneratorBehavior::kCreate;
  if (args.behavior == "merge") res.behavior = GeneratorBehavior::kMerge;
  if (args.behavior == "replace") res.behavior = GeneratorBehavior::kReplace;
  return res;
}

std::string ContentHash(const yaml::Node& object) {
  std::string kind(object.GetString("kind"));
  auto encode_map = [](const yaml::Node* m) -> std::string {
    if (m == nullptr || !m->IsMapping()) return "\"\"";
    std::map<std::string, std::string> sorted;
    for (size_t i = 0; i < m->EntryCount(); ++i) {
      const yaml::Node& v = m->Value(i);
      sorted[m->Key(i).value] = v.IsScalar() && !v.IsNull() ? v.value : "";
    }
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : sorted) {
      if (!first) out += ',';
      first = false;
      out += GoJsonString(k);
      out += ':';
      out += GoJsonString(v);
    }
    out += '}';
    return out;
  };
  std::string json = "{";
  if (kind == "ConfigMap") {
    const yaml::Node* binary = object.Get("binaryData");
    if (binary != nullptr && binary->IsMapping() && binary->EntryCount() > 0) {
      json += "\"binaryData\":" + encode_map(binary) + ",";
    }
    json += "\"data\":" + encode_map(object.Get("data"));
    json += ",\"kind\":\"ConfigMap\",\"name\":\"\"}";
  } else {
    json += "\"data\":" + encode_map(object.Get("data"));
    json += ",\"kind\":" + GoJsonString(kind) +
            ",\"name\":\"\",\"type\":" + GoJsonString(object.GetString("type")) + "}";
  }
  std::string hex = Sha256Hex(json);
  std::string out = hex.substr(0, 10);
  for (char& c : out) {
    switch (c) {
      case '0':
        c = 'g';
        break;
      case '1':
        c = 'h';
        break;
      case '3':
        c = 'k';
        break;
      case 'a':
        c = 'm';
        break;
      case 'e':
        c = 't';
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace fluxlint::kustomize
