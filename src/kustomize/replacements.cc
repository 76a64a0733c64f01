#include "kustomize/replacements.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "kustomize/patch_target.h"
#include "util/edit_distance.h"

namespace fluxlint::kustomize {

namespace {

void Report(std::vector<BuildIssue>* issues, std::string message, Span span) {
  issues->push_back(
      BuildIssue{BuildIssue::kError, "replacement", std::move(message), span, {}, ""});
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A selector of a replacement: exact id fields plus label/annotation selectors.
struct Selector {
  ResId id;
  LabelSelector labels;
  LabelSelector annotations;
  bool has_labels = false;
  bool has_annotations = false;

  bool Empty() const {
    return id.gvk.group.empty() && id.gvk.version.empty() && id.gvk.kind.empty() &&
           id.name.empty() && id.ns.empty() && !has_labels && !has_annotations;
  }
};

std::optional<std::string> CheckKeys(const yaml::Node& m, std::string_view where,
                                     const std::vector<std::string>& known, Span* span) {
  for (size_t i = 0; i < m.EntryCount(); ++i) {
    const std::string& k = m.Key(i).value;
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    *span = m.Key(i).span;
    return "unknown field '" + k + "' in " + std::string(where) + DidYouMean(k, known);
  }
  return std::nullopt;
}

std::optional<std::string> ParseSelector(const yaml::Node& n, std::string_view where,
                                         bool allow_selectors,
                                         const std::vector<std::string>& extra, Selector* out,
                                         Span* span) {
  if (!n.IsMapping()) {
    *span = n.span;
    return std::string(where) + " must be a mapping";
  }
  std::vector<std::string> known = {"group", "version", "kind", "name", "namespace"};
  if (allow_selectors) {
    known.push_back("labelSelector");
    known.push_back("annotationSelector");
  }
  for (const std::string& e : extra) known.push_back(e);
  if (auto err = CheckKeys(n, where, known, span)) return err;
  out->id.gvk.group = n.GetString("group");
  out->id.gvk.version = n.GetString("version");
  out->id.gvk.kind = n.GetString("kind");
  out->id.name = n.GetString("name");
  out->id.ns = n.GetString("namespace");
  if (const yaml::Node* ls = n.Get("labelSelector"); ls != nullptr && !ls->IsNull()) {
    out->has_labels = true;
    if (auto err = ParseLabelSelector(ls->value, ls->span, &out->labels)) {
      *span = err->span.valid() ? err->span : ls->span;
      return "labelSelector: " + err->message;
    }
  }
  if (const yaml::Node* as = n.Get("annotationSelector"); as != nullptr && !as->IsNull()) {
    out->has_annotations = true;
    if (auto err = ParseLabelSelector(as->value, as->span, &out->annotations)) {
      *span = err->span.valid() ? err->span : as->span;
      return "annotationSelector: " + err->message;
    }
  }
  return std::nullopt;
}

bool MatchesMeta(const Resource& r, const Selector& s) {
  const yaml::Node* md = r.node.Get("metadata");
  if (s.has_labels && !s.labels.Matches(md ? md->Get("labels") : nullptr)) return false;
  if (s.has_annotations && !s.annotations.Matches(md ? md->Get("annotations") : nullptr)) {
    return false;
  }
  return true;
}

struct Options {
  std::string delimiter;
  long long index = 0;
  bool create = false;
};

std::optional<std::string> ParseOptions(const yaml::Node* n, Options* out, Span* span) {
  if (n == nullptr || n->IsNull()) return std::nullopt;
  if (!n->IsMapping()) {
    *span = n->span;
    return "options must be a mapping";
  }
  if (auto err = CheckKeys(*n, "replacement options", {"delimiter", "index", "create"}, span)) {
    return err;
  }
  out->delimiter = n->GetString("delimiter");
  if (const yaml::Node* i = n->Get("index")) {
    const std::string& v = i->value;
    auto res = std::from_chars(v.data(), v.data() + v.size(), out->index);
    if (v.empty() || res.ec != std::errc() || res.ptr != v.data() + v.size()) {
      *span = i->span;
      return "options.index must be an integer";
    }
  }
  if (const yaml::Node* c = n->Get("create")) out->create = c->value == "true";
  return std::nullopt;
}

std::vector<std::string> SplitDelimited(const std::string& s, const std::string& delim) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(delim, start);
    if (pos == std::string::npos) {
      parts.push_back(s.substr(start));
      break;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + delim.size();
  }
  return parts;
}

void SetSpans(yaml::Node& n, Span span) {
  n.span = span;
  for (yaml::Node& c : n.children) SetSpans(c, span);
}

std::string PathString(const std::vector<PathPart>& path) {
  std::string s;
  for (const PathPart& p : path) {
    if (!s.empty()) s += '.';
    switch (p.kind) {
      case PathPart::kField:
        s += p.field;
        break;
      case PathPart::kIndex:
        s += std::to_string(p.index);
        break;
      case PathPart::kAppend:
        s += '-';
        break;
      case PathPart::kMatch:
        s += "[" + p.field + "=" + p.value + "]";
        break;
      case PathPart::kWildcard:
        s += '*';
        break;
    }
  }
  return s;
}

/// Finds (creating when asked) the node at `path`; nullptr when missing.
yaml::Node* LookupCreate(yaml::Node& root, const std::vector<PathPart>& path,
                         const yaml::Node& value, Span span) {
  yaml::Node* cur = &root;
  for (size_t i = 0; i < path.size(); ++i) {
    const PathPart& p = path[i];
    bool last = i + 1 == path.size();
    auto make_next = [&]() -> yaml::Node {
      if (last) {
        yaml::Node n = value;
        n.children.clear();
        n.value.clear();
        n.kind = value.kind;
        n.span = span;
        return n;
      }
      const PathPart& next = path[i + 1];
      if (next.kind == PathPart::kField) return yaml::Node::Mapping(span);
      return yaml::Node::Sequence(span);
    };
    if (cur->IsNull()) {
      *cur = p.kind == PathPart::kField ? yaml::Node::Mapping(span) : yaml::Node::Sequence(span);
    }
    switch (p.kind) {
      case PathPart::kField: {
        if (!cur->IsMapping()) return nullptr;
        yaml::Node* f = cur->GetMutable(p.field);
        if (f == nullptr) f = &cur->Set(p.field, make_next(), span);
        cur = f;
        break;
      }
      case PathPart::kIndex:
        if (!cur->IsSequence() || p.index >= cur->children.size()) return nullptr;
        cur = &cur->children[p.index];
        break;
      case PathPart::kAppend:
        if (!cur->IsSequence()) return nullptr;
        cur->children.push_back(make_next());
        cur = &cur->children.back();
        break;
      case PathPart::kMatch: {
        if (!cur->IsSequence()) return nullptr;
        yaml::Node* found = nullptr;
        for (yaml::Node& e : cur->children) {
          if (p.field.empty() ? (e.IsScalar() && e.value == p.value)
                              : (e.IsMapping() && e.GetString(p.field) == p.value &&
                                 e.Get(p.field) != nullptr)) {
            found = &e;
            break;
          }
        }
        if (found == nullptr) {
          yaml::Node e = yaml::Node::Mapping(span);
          e.Set(p.field, MakeString(p.value, span), span);
          cur->children.push_back(std::move(e));
          found = &cur->children.back();
        }
        cur = found;
        break;
      }
      case PathPart::kWildcard:
        return nullptr;
    }
  }
  return cur;
}

void Collect(yaml::Node& n, const std::vector<PathPart>& path, size_t i,
             std::vector<yaml::Node*>* out) {
  if (i == path.size()) {
    out->push_back(&n);
    return;
  }
  const PathPart& p = path[i];
  switch (p.kind) {
    case PathPart::kField:
      if (n.IsMapping()) {
        if (yaml::Node* f = n.GetMutable(p.field)) Collect(*f, path, i + 1, out);
      }
      break;
    case PathPart::kIndex:
      if (n.IsSequence() && p.index < n.children.size()) {
        Collect(n.children[p.index], path, i + 1, out);
      }
      break;
    case PathPart::kAppend:
      if (n.IsSequence() && !n.children.empty()) Collect(n.children.back(), path, i + 1, out);
      break;
    case PathPart::kMatch:
      if (n.IsSequence()) {
        for (yaml::Node& e : n.children) {
          bool match = false;
          if (p.field.empty()) {
            match = e.IsScalar() && (p.value == "*" || e.value == p.value);
          } else if (e.IsMapping()) {
            const yaml::Node* v = e.Get(p.field);
            match = v != nullptr && v->IsScalar() && (p.value == "*" || v->value == p.value);
          }
          if (match) Collect(e, path, i + 1, out);
        }
      }
      break;
    case PathPart::kWildcard:
      if (n.IsSequence()) {
        for (yaml::Node& e : n.children) Collect(e, path, i + 1, out);
      } else if (n.IsMapping()) {
        for (size_t k = 0; k < n.EntryCount(); ++k) Collect(n.MutableValue(k), path, i + 1, out);
      }
      break;
  }
}

}  // namespace

std::vector<PathPart> ParseReplacementPath(std::string_view path) {
  std::vector<std::string> raw;
  std::string cur;
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (c == '.' && depth == 0) {
      raw.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  raw.push_back(std::move(cur));
  std::vector<PathPart> parts;
  for (std::string& r : raw) {
    PathPart p;
    if (r == "*") {
      p.kind = PathPart::kWildcard;
    } else if (r == "-") {
      p.kind = PathPart::kAppend;
    } else if (AllDigits(r) &&
               std::from_chars(r.data(), r.data() + r.size(), p.index).ec == std::errc()) {
      p.kind = PathPart::kIndex;
    } else if (r.size() >= 2 && r.front() == '[' && r.back() == ']' &&
               r.find('=') != std::string::npos) {
      p.kind = PathPart::kMatch;
      std::string inner = r.substr(1, r.size() - 2);
      size_t eq = inner.find('=');
      p.field = inner.substr(0, eq);
      p.value = inner.substr(eq + 1);
    } else {
      p.kind = PathPart::kField;
      p.field = std::move(r);
    }
    parts.push_back(std::move(p));
  }
  return parts;
}

std::vector<yaml::Node*> FindPath(yaml::Node& root, const std::vector<PathPart>& path) {
  std::vector<yaml::Node*> out;
  Collect(root, path, 0, &out);
  return out;
}

void ApplyReplacement(std::vector<Resource>& resources, const yaml::Node& replacement,
                      std::vector<BuildIssue>* issues) {
  Span span = replacement.span;
  Span err_span = span;
  if (!replacement.IsMapping()) {
    Report(issues, "a replacement must be a mapping with source and targets", span);
    return;
  }
  if (auto err = CheckKeys(replacement, "replacement", {"source", "targets", "path"}, &err_span)) {
    Report(issues, *err, err_span);
    return;
  }
  const yaml::Node* source = replacement.Get("source");
  const yaml::Node* targets = replacement.Get("targets");
  if (source == nullptr || targets == nullptr || !targets->IsSequence()) {
    Report(issues, "a replacement needs a source and a list of targets", span);
    return;
  }
  Selector src;
  if (auto err = ParseSelector(*source, "replacement source", false, {"fieldPath", "options"}, &src,
                               &err_span)) {
    Report(issues, *err, err_span);
    return;
  }
  Options src_opts;
  if (auto err = ParseOptions(source->Get("options"), &src_opts, &err_span)) {
    Report(issues, *err, err_span);
    return;
  }

  // The source: exactly one object with a matching current or previous id.
  const Resource* found = nullptr;
  for (const Resource& r : resources) {
    for (const ResId& id : r.AllIds()) {
      if (!id.IsSelectedBy(src.id)) continue;
      if (found != nullptr && found != &r) {
        Report(issues,
               "the replacement source selects more than one object: " + found->CurId().Describe() +
                   " and " + r.CurId().Describe(),
               source->span);
        return;
      }
      found = &r;
      break;
    }
  }
  if (found == nullptr) {
    Report(issues, "the replacement source selects no object", source->span);
    return;
  }
  std::string field_path(source->GetString("fieldPath", "metadata.name"));
  if (field_path.empty()) field_path = "metadata.name";
  std::vector<PathPart> src_path = ParseReplacementPath(field_path);
  yaml::Node copy_root = found->node;
  std::vector<yaml::Node*> src_nodes = FindPath(copy_root, src_path);
  const yaml::Node* src_node = src_nodes.empty() ? nullptr : src_nodes.front();
  bool empty = src_node == nullptr || src_node->IsNull() ||
               ((src_node->IsMapping() || src_node->IsSequence()) && src_node->children.empty());
  if (empty) {
    Report(issues,
           "field '" + field_path + "' of replacement source " + found->CurId().Describe() +
               " is missing",
           source->span);
    return;
  }
  yaml::Node value = *src_node;
  if (!src_opts.delimiter.empty()) {
    if (!value.IsScalar()) {
      Report(issues, "a delimiter can only be used with a string value", source->span);
      return;
    }
    std::vector<std::string> parts = SplitDelimited(value.value, src_opts.delimiter);
    if (src_opts.index < 0 || src_opts.index >= static_cast<long long>(parts.size())) {
      Report(issues,
             "options.index " + std::to_string(src_opts.index) + " is out of bounds for '" +
                 value.value + "'",
             source->span);
      return;
    }
    value.value = parts[src_opts.index];
  }
  SetSpans(value, span);

  for (const yaml::Node& t : targets->children) {
    if (!t.IsMapping()) {
      Report(issues, "a replacement target must be a mapping", t.span);
      continue;
    }
    if (auto err = CheckKeys(t, "replacement target", {"select", "reject", "fieldPaths", "options"},
                             &err_span)) {
      Report(issues, *err, err_span);
      continue;
    }
    const yaml::Node* select = t.Get("select");
    if (select == nullptr) {
      Report(issues, "a replacement target must select objects ('select')", t.span);
      continue;
    }
    Selector sel;
    if (auto err = ParseSelector(*select, "select", true, {}, &sel, &err_span)) {
      Report(issues, *err, err_span);
      continue;
    }
    std::vector<Selector> rejects;
    if (const yaml::Node* rj = t.Get("reject"); rj != nullptr && rj->IsSequence()) {
      for (const yaml::Node& r : rj->children) {
        Selector s;
        if (auto err = ParseSelector(r, "reject", true, {}, &s, &err_span)) {
          Report(issues, *err, err_span);
          continue;
        }
        rejects.push_back(std::move(s));
      }
    }
    Options opts;
    if (auto err = ParseOptions(t.Get("options"), &opts, &err_span)) {
      Report(issues, *err, err_span);
      continue;
    }
    std::vector<std::string> paths;
    if (const yaml::Node* fp = t.Get("fieldPaths"); fp != nullptr && fp->IsSequence()) {
      for (const yaml::Node& p : fp->children) paths.push_back(p.value);
    }
    if (paths.empty()) paths.push_back("metadata.name");

    for (Resource& r : resources) {
      if (!MatchesMeta(r, sel)) continue;
      bool rejected_by_meta = false;
      for (const Selector& rej : rejects) {
        if (!rej.has_labels && !rej.has_annotations) continue;
        if (MatchesMeta(r, rej)) rejected_by_meta = true;
      }
      if (rejected_by_meta) continue;
      bool selected = false;
      for (const ResId& id : r.AllIds()) {
        if (!id.IsSelectedBy(sel.id)) continue;
        bool rejected = false;
        for (const Selector& rej : rejects) {
          bool id_empty = rej.id.gvk.group.empty() && rej.id.gvk.version.empty() &&
                          rej.id.gvk.kind.empty() && rej.id.name.empty() && rej.id.ns.empty();
          if (!id_empty && id.IsSelectedBy(rej.id)) rejected = true;
        }
        if (!rejected) {
          selected = true;
          break;
        }
      }
      if (!selected) continue;
      for (const std::string& p : paths) {
        std::vector<PathPart> path = ParseReplacementPath(p);
        std::vector<yaml::Node*> fields;
        if (opts.create) {
          if (std::any_of(path.begin(), path.end(),
                          [](const PathPart& x) { return x.kind == PathPart::kWildcard; })) {
            Report(issues, "'create' cannot be used with a wildcard in '" + p + "'", t.span);
            continue;
          }
          if (yaml::Node* f = LookupCreate(r.node, path, value, span)) fields.push_back(f);
        } else {
          fields = FindPath(r.node, path);
        }
        if (fields.empty()) {
          Report(issues,
                 "field '" + PathString(path) + "' not found in replacement target " +
                     r.CurId().Describe(),
                 t.span);
          continue;
        }
        for (yaml::Node* f : fields) {
          yaml::Node v = value;
          if (!opts.delimiter.empty()) {
            if (!f->IsScalar()) {
              Report(issues, "a delimiter can only be used with a string target", t.span);
              continue;
            }
            std::vector<std::string> parts = SplitDelimited(f->value, opts.delimiter);
            if (opts.index < 0) {
              parts.insert(parts.begin(), v.value);
            } else if (opts.index >= static_cast<long long>(parts.size())) {
              parts.push_back(v.value);
            } else {
              parts[opts.index] = v.value;
            }
            std::string joined;
            for (size_t k = 0; k < parts.size(); ++k) {
              if (k > 0) joined += opts.delimiter;
              joined += parts[k];
            }
            v = MakeString(std::move(joined), span);
          }
          *f = std::move(v);
        }
      }
    }
  }
}

}  // namespace fluxlint::kustomize
