#include "kustomize/transformers.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace fluxlint::kustomize {

namespace {

void Report(std::vector<BuildIssue>* issues, std::string code, std::string message, Span span) {
  issues->push_back(
      BuildIssue{BuildIssue::kError, std::move(code), std::move(message), span, {}, ""});
}

/// Sets `key` in the mapping `m` (a null node becomes a mapping) to a string value.
std::optional<std::string> SetEntry(yaml::Node& m, const Pair& pair) {
  if (m.IsNull()) {
    Span s = m.span;
    m = yaml::Node::Mapping(s);
  }
  if (!m.IsMapping()) return "expected a mapping to add '" + pair.key.value + "' to";
  m.Set(pair.key.value, MakeString(pair.value.value, pair.value.span), pair.key.span);
  return std::nullopt;
}

bool IsRoleBinding(std::string_view kind) {
  return kind == "RoleBinding" || kind == "ClusterRoleBinding";
}

}  // namespace

void ApplyNamespace(std::vector<Resource>& resources, const Entry& ns,
                    const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues) {
  if (ns.value.empty()) return;
  auto set_scalar = [&ns](yaml::Node& n) -> std::optional<std::string> {
    if (n.IsMapping() || n.IsSequence()) return "expected a string field for the namespace";
    n = MakeString(ns.value, ns.span);
    return std::nullopt;
  };
  for (Resource& r : resources) {
    if (!r.node.IsMapping() || r.node.EntryCount() == 0) continue;
    r.StorePreviousId();
    ResId id = r.CurId();
    std::string_view kind = id.gvk.kind;
    // metadata.namespace only on namespaced kinds.
    if (!id.IsClusterScoped()) {
      FieldSpec md{Gvk{}, "metadata/namespace", true};
      if (auto err = ApplyFieldSpec(r.node, md, CreateKind::kScalar, set_scalar, ns.span)) {
        Report(issues, "transformer", "namespace: " + *err + " in " + id.Describe(), ns.span);
      }
    }
    // RoleBinding subjects: kustomize sets the namespace of subjects named "default" only.
    if (IsRoleBinding(kind)) {
      if (yaml::Node* subjects = r.node.GetMutable("subjects");
          subjects && subjects->IsSequence()) {
        for (yaml::Node& s : subjects->children) {
          if (!s.IsMapping() || s.GetString("name") != "default") continue;
          s.Set("namespace", MakeString(ns.value, ns.span), ns.span);
        }
      }
    }
    for (const FieldSpec& fs : specs) {
      if (fs.path == "metadata/namespace") continue;
      if (IsRoleBinding(fs.gvk.kind) && IsRoleBinding(kind) && fs.path == "subjects") continue;
      if (auto err = ApplyFieldSpec(r.node, fs, CreateKind::kScalar, set_scalar, ns.span)) {
        Report(issues, "transformer", "namespace: " + *err + " in " + id.Describe(), ns.span);
      }
    }
  }
  // Two objects that only differed by namespace now collide.
  std::unordered_set<std::string> seen;
  for (const Resource& r : resources) {
    ResId id = r.CurId();
    if (!seen.insert(id.Key()).second) {
      Report(issues, "duplicate-id",
             "setting namespace '" + ns.value + "' makes two objects " + id.Describe(), ns.span);
    }
  }
}

void ApplyNamePrefixSuffix(std::vector<Resource>& resources, const std::optional<Entry>& prefix,
                           const std::optional<Entry>& suffix,
                           const std::vector<FieldSpec>& prefix_specs,
                           const std::vector<FieldSpec>& suffix_specs,
                           std::vector<BuildIssue>* issues) {
  auto skipped = [](const ResId& id) {
    return id.gvk.kind == "CustomResourceDefinition" || id.gvk.kind == "Namespace" ||
           (id.gvk.kind == "APIService" && id.gvk.group == "apiregistration.k8s.io");
  };
  // Prefixes are applied to all objects first, then suffixes (two transformers in kustomize).
  for (int pass = 0; pass < 2; ++pass) {
    const std::optional<Entry>& affix = pass == 0 ? prefix : suffix;
    const std::vector<FieldSpec>& specs = pass == 0 ? prefix_specs : suffix_specs;
    std::string value = affix ? affix->value : "";
    Span span = affix ? affix->span : Span{};
    for (Resource& r : resources) {
      ResId org = r.OrgId();
      if (skipped(org)) continue;
      for (const FieldSpec& fs : specs) {
        if (!FieldSpecSelects(fs, org.gvk)) continue;
        if (fs.path == "metadata/name") {
          if (!value.empty()) {
            (pass == 0 ? r.prefixes : r.suffixes).push_back(value);
            r.StorePreviousId();
          }
        }
        if (value.empty()) continue;
        auto set = [&](yaml::Node& n) -> std::optional<std::string> {
          if (!n.IsScalar() || n.IsNull()) return std::nullopt;
          n = MakeString(pass == 0 ? value + n.value : n.value + value, span);
          return std::nullopt;
        };
        if (auto err = ApplyFieldSpec(r.node, fs, CreateKind::kNone, set, span)) {
          Report(issues, "transformer",
                 std::string(pass == 0 ? "namePrefix" : "nameSuffix") + ": " + *err + " in " +
                     r.CurId().Describe(),
                 span);
        }
      }
    }
  }
}

void ApplyMapEntries(std::vector<Resource>& resources, const std::vector<Pair>& pairs,
                     const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues) {
  if (pairs.empty()) return;
  std::vector<const Pair*> sorted;
  for (const Pair& p : pairs) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Pair* a, const Pair* b) { return a->key.value < b->key.value; });
  // kustomize walks each field spec once per key; the keys are independent, so one walk per
  // field spec that sets every key gives the same result.
  auto set = [&sorted](yaml::Node& m) -> std::optional<std::string> {
    for (const Pair* p : sorted) {
      if (auto err = SetEntry(m, *p)) return err;
    }
    return std::nullopt;
  };
  Span create_span = sorted.front()->key.span;
  for (Resource& r : resources) {
    Gvk gvk = Gvk::FromApiVersion(r.node.GetString("apiVersion"), r.node.GetString("kind"));
    for (const FieldSpec& fs : specs) {
      if (auto err = ApplyFieldSpec(r.node, gvk, fs, CreateKind::kMapping, set, create_span)) {
        Report(issues, "transformer",
               "cannot add '" + sorted.front()->key.value + "' at " + fs.path + " of " +
                   r.CurId().Describe() + ": " + *err,
               create_span);
      }
    }
  }
}

bool ImageMatches(std::string_view image, std::string_view name) {
  // kustomize compiles "^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$"
  // without escaping the name; in practice only '.' behaves differently from a literal.
  if (image.size() < name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '.' && name[i] != image[i]) return false;
  }
  std::string_view rest = image.substr(name.size());
  auto tag_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '{' || c == '}' || c == '-';
  };
  auto eat_chars = [&](std::string_view& s) {
    size_t k = 0;
    while (k < s.size() && tag_char(s[k])) ++k;
    s.remove_prefix(k);
  };
  // Try "(:tag)?(@sha256:digest)?" — the tag group cannot contain '@', so greedy is exact.
  std::string_view s = rest;
  if (!s.empty() && s.front() == ':') {
    s.remove_prefix(1);
    eat_chars(s);
  }
  if (s.substr(0, 8) == "@sha256:") {
    s.remove_prefix(8);
    eat_chars(s);
  }
  return s.empty();
}

void SplitImage(std::string_view image, std::string* name, std::string* tag, std::string* digest) {
  name->clear();
  tag->clear();
  digest->clear();
  size_t slash = image.find('/');
  std::string_view search = image;
  size_t offset = 0;
  if (slash != std::string_view::npos && slash > 0) {
    search = image.substr(slash);
    offset = slash;
  }
  size_t at = search.find('@');
  size_t colon = search.find(':');
  if (colon == std::string_view::npos && at == std::string_view::npos) {
    *name = std::string(image);
    return;
  }
  if (at != std::string_view::npos && (colon == std::string_view::npos || at < colon)) {
    *name = std::string(image.substr(0, at + offset));
    *digest = std::string(image.substr(at + offset + 1));
    return;
  }
  if (at != std::string_view::npos && colon != std::string_view::npos) {
    *name = std::string(image.substr(0, colon + offset));
    *tag = std::string(image.substr(colon + offset + 1, at - colon - 1));
    *digest = std::string(image.substr(at + offset + 1));
    return;
  }
  *name = std::string(image.substr(0, colon + offset));
  *tag = std::string(image.substr(colon + offset + 1));
}

namespace {

std::optional<std::string> UpdateImage(yaml::Node& n, const ImageEntry& image) {
  if (!n.IsScalar()) return "an image must be a string";
  if (n.IsNull()) return std::nullopt;
  if (!ImageMatches(n.value, image.name)) return std::nullopt;
  std::string name, tag, digest;
  SplitImage(n.value, &name, &tag, &digest);
  if (!image.new_name.empty()) name = image.new_name;
  if (!image.new_tag.empty() && !image.digest.empty()) {
    tag = image.new_tag;
    digest = image.digest;
  } else if (!image.new_tag.empty()) {
    tag = image.new_tag;
    digest.clear();
  } else if (!image.digest.empty()) {
    tag.clear();
    digest = image.digest;
  }
  std::string value = name;
  if (!tag.empty()) value += ":" + tag;
  if (!digest.empty()) value += "@" + digest;
  n = MakeString(std::move(value), image.span);
  return std::nullopt;
}

/// kustomize's legacy image walk: every `containers`/`initContainers` list anywhere.
std::optional<std::string> WalkContainers(yaml::Node& node, const ImageEntry& image) {
  if (node.IsSequence()) {
    for (yaml::Node& item : node.children) {
      if (auto err = WalkContainers(item, image)) return err;
    }
  } else if (node.IsMapping()) {
    for (size_t i = 0; i < node.EntryCount(); ++i) {
      yaml::Node& value = node.MutableValue(i);
      if (auto err = WalkContainers(value, image)) return err;
      const std::string& key = node.Key(i).value;
      if ((key == "containers" || key == "initContainers") && value.IsSequence()) {
        for (yaml::Node& c : value.children) {
          if (!c.IsMapping()) continue;
          if (yaml::Node* img = c.GetMutable("image")) {
            if (auto err = UpdateImage(*img, image)) return err;
          }
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

void ApplyImage(std::vector<Resource>& resources, const ImageEntry& image,
                const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues) {
  if (image.name.empty()) {
    Report(issues, "invalid-field", "an images entry needs a name", image.span);
    return;
  }
  for (Resource& r : resources) {
    if (r.Kind() == "CustomResourceDefinition") continue;
    if (auto err = WalkContainers(r.node, image)) {
      Report(issues, "transformer", "images: " + *err + " in " + r.CurId().Describe(), image.span);
      continue;
    }
  }
  for (Resource& r : resources) {
    if (r.Kind() == "CustomResourceDefinition") continue;  // kustomize's deny list
    for (const FieldSpec& fs : specs) {
      auto set = [&image](yaml::Node& n) { return UpdateImage(n, image); };
      if (auto err = ApplyFieldSpec(r.node, fs, CreateKind::kNone, set, image.span)) {
        Report(issues, "transformer", "images: " + *err + " in " + r.CurId().Describe(),
               image.span);
      }
    }
  }
}

void ApplyReplicas(std::vector<Resource>& resources, const ReplicaEntry& replica,
                   const std::vector<FieldSpec>& specs, std::vector<BuildIssue>* issues) {
  bool found = false;
  for (const FieldSpec& fs : specs) {
    for (Resource& r : resources) {
      bool match = false;
      for (const ResId& id : r.AllIds()) {
        if (id.name == replica.name && id.gvk.IsSelectedBy(fs.gvk)) {
          match = true;
          break;
        }
      }
      if (!match) continue;
      found = true;
      auto set = [&replica](yaml::Node& n) -> std::optional<std::string> {
        n = replica.count;
        n.span = replica.count.span;
        return std::nullopt;
      };
      if (auto err = ApplyFieldSpec(r.node, fs, CreateKind::kScalar, set, replica.span)) {
        Report(issues, "transformer", "replicas: " + *err + " in " + r.CurId().Describe(),
               replica.span);
      }
    }
  }
  if (!found) {
    Report(issues, "replicas-target-not-found",
           "replicas: no Deployment, ReplicationController, ReplicaSet or StatefulSet named '" +
               replica.name + "'",
           replica.span);
  }
}

}  // namespace fluxlint::kustomize
