// The kustomize renderer: kustomize v5.5's KustTarget, in memory.
//
// Order of operations for one kustomization (verified with kubectl kustomize v5.5.0, see the
// fixtures in tests/kustomize/cases/):
//   1. resources, in order (files; directories are built on their own and appended),
//   2. configurations (transformer field specs) and crds,
//   3. generators: configMapGenerator then secretGenerator (merged into what is there by
//      their behavior),
//   4. components, in order (each runs on this kustomization's objects so far),
//   5. transformers: patchesStrategicMerge, patches, namespace, namePrefix, nameSuffix,
//      labels (each entry, then commonLabels), commonAnnotations, patchesJson6902, replicas,
//      images, replacements.
// After the top kustomization: content hash suffixes, name reference fix-ups, objects marked
// config.kubernetes.io/local-config dropped, then the output order (sortOptions of the top
// kustomization, legacy by default).

#include "kustomize/build.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "kustomize/field_spec.h"
#include "kustomize/generators.h"
#include "kustomize/json_patch.h"
#include "kustomize/kustomization.h"
#include "kustomize/name_reference.h"
#include "kustomize/normalize.h"
#include "kustomize/patch_target.h"
#include "kustomize/replacements.h"
#include "kustomize/resource.h"
#include "kustomize/sort.h"
#include "kustomize/strategic_merge.h"
#include "kustomize/transformers.h"
#include "yaml/emitter.h"
#include "yaml/loader.h"

namespace fluxlint::kustomize {

bool BuildResult::ok() const {
  return std::none_of(issues.begin(), issues.end(),
                      [](const BuildIssue& i) { return i.kind == BuildIssue::kError; });
}

bool IsRemoteReference(std::string_view e) {
  if (e.find("://") != std::string_view::npos) return true;
  for (std::string_view prefix :
       {"git@", "git::", "github.com/", "gitlab.com/", "bitbucket.org/"}) {
    if (e.substr(0, prefix.size()) == prefix) return true;
  }
  return e.find("?ref=") != std::string_view::npos || e.find("?version=") != std::string_view::npos;
}

namespace {

std::string JoinDir(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  return std::string(dir) + "/" + std::string(name);
}

std::string DisplayDir(std::string_view dir) { return dir.empty() ? "." : std::string(dir); }

/// Objects and the transformer configuration built up for one kustomization (kustomize's
/// ResAccumulator).
struct Accumulator {
  std::vector<Resource> resources;
  /// Shared with the built-in default until a configuration changes it (copy on write: most
  /// kustomizations never do, and copying the defaults per directory would dominate).
  std::shared_ptr<const TransformerConfig> config = DefaultConfig();

  const TransformerConfig& Config() const { return *config; }
  void MergeConfig(const std::shared_ptr<const TransformerConfig>& other) {
    if (other == config || other == DefaultConfig()) return;
    MergeConfig(*other);
  }
  void MergeConfig(const TransformerConfig& other) {
    auto merged = std::make_shared<TransformerConfig>(*config);
    merged->Merge(other);
    config = std::move(merged);
  }
  static const std::shared_ptr<const TransformerConfig>& DefaultConfig() {
    static const std::shared_ptr<const TransformerConfig> kDefault =
        std::make_shared<const TransformerConfig>(TransformerConfig::Default());
    return kDefault;
  }
  /// Index of current ids for Append, kept up to date by Append and rebuilt after anything
  /// that may rename, move or remove objects (generators, transformers) clears `ids_valid`.
  std::unordered_map<std::string, size_t> ids;
  bool ids_valid = false;
};

/// A loaded kustomization.
struct Target {
  std::string dir;
  std::string file;                                ///< "" for an in-memory kustomization
  std::shared_ptr<const yaml::LoadedFile> loaded;  ///< keeps the document alive
  const yaml::Node* doc = nullptr;
  Kustomization k;
};

/// One parsed patch document with its kind.
struct LoadedPatch {
  yaml::Node node;
  bool json = false;
};

class Builder {
 public:
  Builder(const source::Tree& tree, yaml::ParseCache& cache, const BuildOptions& options)
      : tree_(tree), cache_(cache), options_(options) {}

  BuildResult Run(std::string_view dir, const yaml::Node* in_memory) {
    // "./apps/", "apps" and "apps/." are the same directory.
    Result<std::string> normalized = source::JoinPath("", dir);
    std::string root = normalized.ok() ? *normalized : std::string(dir);
    if (!normalized.ok()) {
      Error("path-escape", "'" + std::string(dir) + "' is not a directory inside the repository",
            Span{});
    }
    Target target;
    bool loaded = normalized.ok() && (in_memory != nullptr ? LoadInMemory(root, *in_memory, &target)
                                                           : LoadTarget(root, Span{}, &target));
    Accumulator ra;
    if (loaded) {
      if (target.k.IsComponent()) {
        Error("not-a-kustomization",
              "'" + DisplayDir(root) +
                  "' holds a Component; build the kustomization that uses "
                  "it",
              target.k.span);
      }
      stack_.push_back(root);
      AccumulateTarget(target, ra);
      stack_.pop_back();
      AddHashSuffixes(ra.resources);
      FixNameReferences(ra.resources, ra.Config().name_reference, &issues_);
      DropLocalConfig(ra.resources);
      Sort(target.k, ra.resources);
    }
    BuildResult result;
    result.objects.reserve(ra.resources.size());
    for (Resource& r : ra.resources) {
      NormalizeOutput(r.node);
      result.objects.push_back(std::move(r.node));
    }
    result.issues = std::move(issues_);
    for (auto& [path, id] : closure_) result.closure.emplace_back(path, id);
    return result;
  }

 private:
  // --- issues -----------------------------------------------------------------------------

  void Report(BuildIssue::Kind kind, std::string code, std::string message, Span span,
              std::string help = "") {
    BuildIssue issue{kind, std::move(code), std::move(message), span, {}, std::move(help)};
    // The chain of entries that led here, innermost first.
    for (size_t i = include_spans_.size(); i-- > 0;) {
      if (include_spans_[i].valid()) {
        issue.related.push_back(RelatedSpan{include_spans_[i], "included from here"});
      }
    }
    if (kind == BuildIssue::kError) ++error_count_;
    issues_.push_back(std::move(issue));
  }

  void Error(std::string code, std::string message, Span span, std::string help = "") {
    Report(BuildIssue::kError, std::move(code), std::move(message), span, std::move(help));
  }

  void NotRendered(std::string code, std::string message, Span span) {
    Report(BuildIssue::kNotRendered, std::move(code), std::move(message), span);
  }

  void AddIssues(std::vector<BuildIssue>& more) {
    for (BuildIssue& i : more) {
      Report(i.kind, std::move(i.code), std::move(i.message), i.span, std::move(i.help));
    }
    more.clear();
  }

  // --- reading ------------------------------------------------------------------------------

  void Record(const std::string& path, const std::string& id) {
    auto [it, inserted] = closure_.emplace(path, id);
    if (!inserted && it->second.empty()) it->second = id;
  }

  /// Resolves `rel` against `base` inside the repository. Reports path-escape.
  std::optional<std::string> Resolve(std::string_view base, const Entry& entry,
                                     std::string_view what) {
    Result<std::string> p = source::JoinPath(base, entry.value);
    if (!p.ok()) {
      if (p.status().code() == ErrorCode::kOutsideRoot) {
        Error("path-escape", std::string(what) + " '" + entry.value + "' is outside the repository",
              entry.span, "kustomizations may only use files inside the repository");
      } else {
        Error("missing-file", std::string(what) + " '" + entry.value + "': " + p.status().message(),
              entry.span);
      }
      return std::nullopt;
    }
    return *p;
  }

  /// Whether the load restrictor allows reading `path` for a kustomization in `dir`.
  bool Allowed(const std::string& dir, const std::string& path, const Entry& entry,
               std::string_view what) {
    if (options_.load_restrictor != LoadRestrictor::kRootOnly) return true;
    if (dir.empty() || path == dir || path.compare(0, dir.size() + 1, dir + "/") == 0) return true;
    Error("path-escape",
          std::string(what) + " '" + entry.value + "' is not in or below '" + DisplayDir(dir) +
              "' (load restrictor rootOnly)",
          entry.span);
    return false;
  }

  /// Reads a file for a kustomization in `dir` (restrictor checked). nullptr after an error.
  const SourceFile* ReadFile(const std::string& dir, const Entry& entry, std::string_view rel,
                             std::string_view what) {
    Entry e{std::string(rel), entry.span};
    std::optional<std::string> path = Resolve(dir, e, what);
    if (!path) return nullptr;
    if (!Allowed(dir, *path, e, what)) return nullptr;
    Result<const SourceFile*> f = cache_.Read(tree_, *path);
    if (!f.ok()) {
      Record(*path, "");
      ReportReadError(f.status(), *path, e, what);
      return nullptr;
    }
    Record(*path, (*f)->content_id);
    return *f;
  }

  std::shared_ptr<const yaml::LoadedFile> ParseFile(const std::string& dir, const Entry& entry,
                                                    std::string_view rel, std::string_view what) {
    Entry e{std::string(rel), entry.span};
    std::optional<std::string> path = Resolve(dir, e, what);
    if (!path) return nullptr;
    if (!Allowed(dir, *path, e, what)) return nullptr;
    Result<std::shared_ptr<const yaml::LoadedFile>> f = cache_.Parse(tree_, *path);
    if (!f.ok()) {
      Record(*path, "");
      ReportReadError(f.status(), *path, e, what);
      return nullptr;
    }
    Record(*path, (*f)->file != nullptr ? (*f)->file->content_id : "");
    if (!ReportLoadErrors(**f)) return nullptr;
    return *f;
  }

  void ReportReadError(const Status& s, const std::string& path, const Entry& e,
                       std::string_view what) {
    switch (s.code()) {
      case ErrorCode::kNotFound:
        Error("missing-file",
              std::string(what) + " '" + e.value + "' not found (looked for '" + path + "')",
              e.span);
        break;
      case ErrorCode::kOutsideRoot:
        Error("path-escape", std::string(what) + " '" + e.value + "' is outside the repository",
              e.span);
        break;
      default:
        Error("missing-file", std::string(what) + " '" + e.value + "': " + s.message(), e.span);
    }
  }

  /// Reports YAML errors of a parsed file; false when the file is unusable.
  bool ReportLoadErrors(const yaml::LoadedFile& f) {
    bool fatal = false;
    for (const yaml::LoadError& err : f.errors) {
      Error("parse",
            "YAML error in '" + std::string(f.file ? f.file->path : "") + "': " + err.message,
            err.span);
      fatal = true;
    }
    return !fatal;
  }

  // --- kustomizations -------------------------------------------------------------------

  bool LoadInMemory(const std::string& dir, const yaml::Node& node, Target* t) {
    t->dir = dir;
    t->doc = &node;
    std::vector<ModelError> errs;
    t->k = ParseKustomization(node, &errs);
    for (ModelError& e : errs) Error(e.code, e.message, e.span, e.help);
    return true;
  }

  /// Loads the kustomization file of `dir`. `ref` is the entry that named the directory.
  bool LoadTarget(const std::string& dir, Span ref, Target* t) {
    t->dir = dir;
    std::vector<std::string> found;
    for (std::string_view name : kKustomizationFileNames) {
      std::string path = JoinDir(dir, name);
      Result<source::EntryKind> kind = tree_.Stat(path);
      if (kind.ok() && *kind == source::EntryKind::kFile) {
        found.push_back(path);
      } else {
        Record(path, "");
      }
    }
    if (found.empty()) {
      Result<source::EntryKind> kind = tree_.Stat(dir);
      if (!kind.ok() || *kind != source::EntryKind::kDirectory) {
        Error("missing-file", "directory '" + DisplayDir(dir) + "' not found", ref);
      } else {
        Error("not-a-kustomization",
              "directory '" + DisplayDir(dir) +
                  "' has no kustomization.yaml, kustomization.yml or Kustomization",
              ref);
      }
      return false;
    }
    if (found.size() > 1) {
      Span span = ref;
      if (!span.valid()) {
        Result<const SourceFile*> second = cache_.Read(tree_, found[1]);
        if (second.ok()) span = FileSpan(*second);
      }
      Error("invalid-field",
            "directory '" + DisplayDir(dir) + "' has more than one kustomization file (" +
                found[0] + ", " + found[1] + ")",
            span);
      return false;
    }
    t->file = found[0];
    Result<std::shared_ptr<const yaml::LoadedFile>> f = cache_.Parse(tree_, t->file);
    if (!f.ok()) {
      Record(t->file, "");
      Error("missing-file", "cannot read '" + t->file + "': " + f.status().message(), ref);
      return false;
    }
    t->loaded = *f;
    Record(t->file, t->loaded->file ? t->loaded->file->content_id : "");
    if (!ReportLoadErrors(*t->loaded)) return false;
    static const yaml::Node kEmpty = yaml::Node::Null();
    t->doc = &kEmpty;
    for (const yaml::Document& d : t->loaded->documents) {
      if (!d.empty) {
        t->doc = &d.root;
        break;
      }
    }
    if (t->doc == &kEmpty) {
      Error("invalid-field", "kustomization '" + t->file + "' is empty", FileSpan(t->loaded->file));
      return false;
    }
    std::vector<ModelError> errs;
    t->k = ParseKustomization(*t->doc, &errs);
    for (ModelError& e : errs) Error(e.code, e.message, e.span, e.help);
    return true;
  }

  /// kustomize refuses to build a directory that contains (or is) one being built.
  bool CheckCycle(const std::string& dir, const Entry& entry) {
    for (size_t i = 0; i < stack_.size(); ++i) {
      const std::string& v = stack_[i];
      bool contains = dir.empty() || v == dir || v.compare(0, dir.size() + 1, dir + "/") == 0;
      if (!contains) continue;
      std::string chain;
      for (size_t j = 0; j < stack_.size(); ++j) {
        chain += DisplayDir(stack_[j]) + " -> ";
      }
      chain += DisplayDir(dir);
      if (v == dir) {
        Error("overlay-cycle", "kustomizations include each other: " + chain, entry.span);
      } else {
        Error("overlay-cycle",
              "'" + entry.value + "' contains '" + DisplayDir(v) +
                  "', which is being built: " + chain,
              entry.span);
      }
      return false;
    }
    if (static_cast<int>(stack_.size()) >= options_.max_depth) {
      Error(
          "overlay-cycle",
          "kustomizations nested more than " + std::to_string(options_.max_depth) + " levels deep",
          entry.span);
      return false;
    }
    return true;
  }

  void AccumulateTarget(const Target& t, Accumulator& ra) {
    const Kustomization& k = t.k;
    size_t errors_before = error_count_;
    AccumulateResources(t, ra);
    bool resources_failed = error_count_ != errors_before;
    LoadConfigurations(t, ra);
    for (const Entry& crd : k.crds) LoadCrd(t, crd, ra);
    RunGenerators(t, ra);
    for (const Entry& c : k.components) AccumulateComponent(t, c, ra);
    RunTransformers(t, ra, resources_failed);
    for (const Entry& v : k.validators) {
      NotRendered("plugin", "validator '" + v.value + "' is not run by fluxlint", v.span);
    }
    if (k.build_metadata) {
      NotRendered("build-metadata",
                  "buildMetadata (origin annotations, managed-by label) is not added by fluxlint",
                  k.build_metadata->span);
    }
    if (k.openapi) {
      NotRendered("openapi",
                  "a custom openapi schema is not used by fluxlint; patches use the built-in one",
                  k.openapi->span);
    }
    if (k.vars) {
      NotRendered("vars",
                  "vars ($(VAR) substitution) are not applied by fluxlint; use replacements",
                  k.vars->span);
    }
  }

  void AccumulateResources(const Target& t, Accumulator& ra) {
    for (const Entry& e : t.k.resources) {
      Result<std::string> joined = source::JoinPath(t.dir, e.value);
      std::optional<source::EntryKind> kind;
      if (joined.ok()) {
        Result<source::EntryKind> st = tree_.Stat(*joined);
        if (st.ok()) kind = *st;
      }
      if (!kind) {
        if (IsRemoteReference(e.value)) {
          NotRendered("remote-resource",
                      "remote resource '" + e.value + "' is not fetched; the rest is rendered",
                      e.span);
          continue;
        }
        if (!joined.ok()) {
          Resolve(t.dir, e, "resource");  // reports the escape
          continue;
        }
        Record(*joined, "");
        Error("missing-file", "resource '" + e.value + "' not found (looked for '" + *joined + "')",
              e.span);
        continue;
      }
      if (*kind == source::EntryKind::kDirectory) {
        AccumulateDirectory(*joined, e, ra);
      } else {
        AccumulateFile(t, e, ra);
      }
    }
  }

  void AccumulateFile(const Target& t, const Entry& e, Accumulator& ra) {
    std::shared_ptr<const yaml::LoadedFile> f = ParseFile(t.dir, e, e.value, "resource");
    if (!f) return;
    std::vector<Resource> loaded;
    for (const yaml::Document& d : f->documents) {
      if (d.empty || d.root.IsNull()) continue;
      AddDocument(d.root, f->file, e, &loaded);
    }
    Append(ra, std::move(loaded), e.span);
  }

  /// Turns one document into resources (a *List with items expands to its items).
  void AddDocument(const yaml::Node& doc, const SourceFile* file, const Entry& e,
                   std::vector<Resource>* out) {
    std::string path = file ? file->path : e.value;
    if (!doc.IsMapping()) {
      Error("parse", "'" + path + "' holds a document that is not a Kubernetes object", doc.span);
      return;
    }
    std::string_view kind = doc.GetString("kind");
    const yaml::Node* items = doc.Get("items");
    if (kind.size() >= 4 && kind.substr(kind.size() - 4) == "List" && items != nullptr &&
        (items->IsSequence() || items->IsNull())) {
      if (items->IsSequence()) {
        for (const yaml::Node& item : items->children) AddDocument(item, file, e, out);
      }
      return;
    }
    if (kind.empty()) {
      Error("parse", "object in '" + path + "' has no kind", doc.span);
      return;
    }
    const yaml::Node* md = doc.Get("metadata");
    if (md == nullptr || md->GetString("name").empty()) {
      Error("parse", std::string(kind) + " in '" + path + "' has no metadata.name", doc.span);
      return;
    }
    Resource r;
    r.node = doc;
    r.origin = doc.span;
    out->push_back(std::move(r));
  }

  /// Adds objects, refusing ids already present (kustomize's "already registered id").
  void Append(Accumulator& ra, std::vector<Resource> more, Span span) {
    std::unordered_map<std::string, size_t>& ids = ra.ids;
    if (!ra.ids_valid) {
      ids.clear();
      ids.reserve(ra.resources.size() + more.size());
      for (size_t i = 0; i < ra.resources.size(); ++i) {
        ids.emplace(ra.resources[i].CurId().Key(), i);
      }
      ra.ids_valid = true;
    }
    for (Resource& r : more) {
      ResId id = r.CurId();
      auto [it, inserted] = ids.emplace(id.Key(), ra.resources.size());
      if (!inserted) {
        BuildIssue issue;
        Error("duplicate-id", "object " + id.Describe() + " is defined twice", r.origin);
        issues_.back().related.insert(
            issues_.back().related.begin(),
            RelatedSpan{ra.resources[it->second].origin, "first defined here"});
        if (span.valid() && span.file != r.origin.file) {
          issues_.back().related.insert(issues_.back().related.begin() + 1,
                                        RelatedSpan{span, "added here"});
        }
        continue;
      }
      ra.resources.push_back(std::move(r));
    }
  }

  void AccumulateDirectory(const std::string& dir, const Entry& e, Accumulator& ra) {
    if (!CheckCycle(dir, e)) return;
    Target sub;
    if (!LoadTarget(dir, e.span, &sub)) return;
    if (sub.k.IsComponent()) {
      Error("not-a-kustomization",
            "'" + e.value + "' is a Component; list it under components, not resources", e.span);
      return;
    }
    stack_.push_back(dir);
    include_spans_.push_back(e.span);
    Accumulator sub_ra;
    AccumulateTarget(sub, sub_ra);
    include_spans_.pop_back();
    stack_.pop_back();
    ra.MergeConfig(sub_ra.config);
    Append(ra, std::move(sub_ra.resources), e.span);
  }

  void AccumulateComponent(const Target& t, const Entry& e, Accumulator& ra) {
    Result<std::string> joined = source::JoinPath(t.dir, e.value);
    if (!joined.ok()) {
      if (IsRemoteReference(e.value)) {
        NotRendered("remote-resource", "remote component '" + e.value + "' is not fetched", e.span);
        return;
      }
      Resolve(t.dir, e, "component");
      return;
    }
    Result<source::EntryKind> st = tree_.Stat(*joined);
    if (!st.ok() || *st != source::EntryKind::kDirectory) {
      if (!st.ok() && IsRemoteReference(e.value)) {
        NotRendered("remote-resource", "remote component '" + e.value + "' is not fetched", e.span);
        return;
      }
      Record(*joined, "");
      Error("missing-file",
            st.ok() ? "component '" + e.value + "' is a file, not a directory"
                    : "component '" + e.value + "' not found (looked for '" + *joined + "')",
            e.span);
      return;
    }
    if (!CheckCycle(*joined, e)) return;
    Target sub;
    if (!LoadTarget(*joined, e.span, &sub)) return;
    if (!sub.k.IsComponent()) {
      Error("not-a-kustomization",
            "'" + e.value +
                "' is a Kustomization, not a Component (kind: Component, apiVersion: "
                "kustomize.config.k8s.io/v1alpha1)",
            e.span);
      return;
    }
    stack_.push_back(*joined);
    include_spans_.push_back(e.span);
    AccumulateTarget(sub, ra);
    include_spans_.pop_back();
    stack_.pop_back();
  }

  void LoadConfigurations(const Target& t, Accumulator& ra) {
    for (const Entry& c : t.k.configurations) {
      std::shared_ptr<const yaml::LoadedFile> f = ParseFile(t.dir, c, c.value, "configuration");
      if (!f) continue;
      TransformerConfig cfg;
      for (const yaml::Document& d : f->documents) {
        if (d.empty) continue;
        Span span;
        if (auto err = ParseTransformerConfig(d.root, &cfg, &span)) {
          Error("invalid-field", "configuration '" + c.value + "': " + *err, span);
        }
      }
      ra.MergeConfig(cfg);
    }
  }

  /// `crds:` — OpenAPI definitions whose x-kubernetes-object-ref-* annotations declare name
  /// references (kustomize's LoadConfigFromCRDs).
  void LoadCrd(const Target& t, const Entry& e, Accumulator& ra) {
    std::shared_ptr<const yaml::LoadedFile> f = ParseFile(t.dir, e, e.value, "crd");
    if (!f) return;
    TransformerConfig cfg;
    for (const yaml::Document& d : f->documents) {
      if (d.empty || !d.root.IsMapping()) continue;
      const yaml::Node* defs = d.root.Get("definitions");
      const yaml::Node& root = defs != nullptr ? *defs : d.root;
      for (size_t i = 0; i < root.EntryCount(); ++i) {
        const yaml::Node& def = root.Value(i);
        if (!def.IsMapping()) continue;
        // The kind is the last dotted part of the definition name.
        std::string name = root.Key(i).value;
        size_t dot = name.rfind('.');
        std::string kind = dot == std::string::npos ? name : name.substr(dot + 1);
        CrdRefs(def, kind, "", root, &cfg, 0);
      }
    }
    ra.MergeConfig(cfg);
  }

  void CrdRefs(const yaml::Node& schema, const std::string& kind, const std::string& path,
               const yaml::Node& defs, TransformerConfig* cfg, int depth) {
    if (depth > 32) return;
    const yaml::Node* props = schema.Get("properties");
    if (props == nullptr || !props->IsMapping()) return;
    for (size_t i = 0; i < props->EntryCount(); ++i) {
      const std::string& field = props->Key(i).value;
      const yaml::Node& p = props->Value(i);
      if (!p.IsMapping()) continue;
      std::string sub = path.empty() ? field : path + "/" + field;
      std::string_view ref_kind = p.GetString("x-kubernetes-object-ref-kind");
      if (!ref_kind.empty()) {
        Gvk gvk = Gvk::FromApiVersion(p.GetString("x-kubernetes-object-ref-api-version"), ref_kind);
        std::string key(p.GetString("x-kubernetes-object-ref-name-key", "name"));
        NameBackReference ref{gvk, {FieldSpec{Gvk{"", "", kind}, sub + "/" + key, false}}};
        TransformerConfig one;
        one.name_reference.push_back(std::move(ref));
        cfg->Merge(one);
      }
      std::string_view r = p.GetString("$ref");
      if (!r.empty()) {
        std::string target(r.substr(r.rfind('/') + 1));
        if (const yaml::Node* d = defs.Get(target)) CrdRefs(*d, kind, sub, defs, cfg, depth + 1);
      }
      CrdRefs(p, kind, sub, defs, cfg, depth + 1);
    }
  }

  // --- generators -------------------------------------------------------------------------

  void RunGenerators(const Target& t, Accumulator& ra) {
    const Kustomization& k = t.k;
    const GeneratorOptions* global = k.generator_options ? &*k.generator_options : nullptr;
    auto reader = [&](const Entry& entry, std::string_view path) -> const SourceFile* {
      return ReadFile(t.dir, entry, path, "generator file");
    };
    for (int secret = 0; secret < 2; ++secret) {
      const std::vector<GeneratorArgs>& list = secret ? k.secret_generator : k.config_map_generator;
      for (const GeneratorArgs& args : list) {
        std::vector<BuildIssue> issues;
        std::optional<Resource> r = Generate(args, secret != 0, global, reader, &issues);
        AddIssues(issues);
        if (!r) continue;
        Absorb(ra, std::move(*r), args);
      }
    }
    for (const Entry& c : k.helm_charts) {
      NotRendered("helm-chart",
                  "helm chart" + (c.value.empty() ? std::string() : " '" + c.value + "'") +
                      " is not inflated by fluxlint; the rest is rendered",
                  c.span);
    }
    for (const Entry& g : k.generators) {
      NotRendered("plugin", "generator plugin '" + FirstLine(g.value) + "' is not run by fluxlint",
                  g.span);
    }
  }

  static std::string FirstLine(const std::string& s) {
    size_t nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl) + " …";
  }

  /// kustomize's appendReplaceOrMerge for a generated object.
  void Absorb(Accumulator& ra, Resource r, const GeneratorArgs& args) {
    ra.ids_valid = false;
    ResId id = r.CurId();
    std::vector<size_t> matches;
    for (size_t i = 0; i < ra.resources.size(); ++i) {
      for (const ResId& other : ra.resources[i].AllIds()) {
        if (other.Equals(id)) {
          matches.push_back(i);
          break;
        }
      }
    }
    std::string what = std::string(id.gvk.kind) + " '" + id.name + "'";
    if (matches.empty()) {
      if (r.behavior == GeneratorBehavior::kMerge || r.behavior == GeneratorBehavior::kReplace) {
        Error("generator-conflict",
              what + " has behavior " + args.behavior + " but there is no " + what + " to " +
                  args.behavior + " with",
              args.span);
        return;
      }
      ra.resources.push_back(std::move(r));
      return;
    }
    if (matches.size() > 1) {
      Error("generator-conflict", "several objects could take the merge of " + what, args.span);
      return;
    }
    Resource& old = ra.resources[matches[0]];
    if (r.behavior != GeneratorBehavior::kMerge && r.behavior != GeneratorBehavior::kReplace) {
      Error("generator-conflict",
            what + " already exists; set behavior: merge or replace to change it", args.span,
            "the existing one comes from a base or an earlier generator");
      issues_.back().related.push_back(RelatedSpan{old.origin, "existing object"});
      return;
    }
    yaml::Node& nn = r.node;
    yaml::Node* nmd = nn.GetMutable("metadata");
    const yaml::Node* omd = old.node.Get("metadata");
    // Labels and annotations: the old ones, overridden by the new.
    for (std::string_view field : {"labels", "annotations"}) {
      const yaml::Node* o = omd != nullptr ? omd->Get(field) : nullptr;
      if (o == nullptr || !o->IsMapping()) continue;
      yaml::Node merged = *o;
      if (const yaml::Node* n = nmd->Get(field); n != nullptr && n->IsMapping()) {
        for (size_t i = 0; i < n->EntryCount(); ++i) {
          merged.Set(n->Key(i).value, n->Value(i), n->Key(i).span);
        }
      }
      Span key_span = omd->Key(0).span;
      for (size_t i = 0; i < omd->EntryCount(); ++i) {
        if (omd->Key(i).value == field) key_span = omd->Key(i).span;
      }
      nmd->Set(field, std::move(merged), key_span);
    }
    // The existing object's name and namespace win.
    if (const yaml::Node* on = omd != nullptr ? omd->Get("name") : nullptr) {
      nmd->Set("name", *on, on->span);
    }
    if (const yaml::Node* ons = omd != nullptr ? omd->Get("namespace") : nullptr) {
      nmd->Set("namespace", *ons, ons->span);
    } else {
      nmd->Remove("namespace");
    }
    if (r.behavior == GeneratorBehavior::kMerge) {
      for (std::string_view field : {"data", "binaryData"}) {
        const yaml::Node* o = old.node.Get(field);
        if (o == nullptr || !o->IsMapping()) continue;
        yaml::Node merged = *o;
        if (const yaml::Node* n = nn.Get(field); n != nullptr && n->IsMapping()) {
          for (size_t i = 0; i < n->EntryCount(); ++i) {
            merged.Set(n->Key(i).value, n->Value(i), n->Key(i).span);
          }
        }
        Span key_span = o->span;
        for (size_t i = 0; i < old.node.EntryCount(); ++i) {
          if (old.node.Key(i).value == field) key_span = old.node.Key(i).span;
        }
        nn.Set(field, std::move(merged), key_span);
      }
    }
    r.prev_ids = old.prev_ids;
    r.prefixes = old.prefixes;
    r.suffixes = old.suffixes;
    // The existing object's build annotations win: merging into a plain ConfigMap from
    // `resources` gives no hash suffix.
    r.needs_hash = old.needs_hash;
    old = std::move(r);
  }

  // --- components and transformers ---------------------------------------------------------

  void RunTransformers(const Target& t, Accumulator& ra, bool resources_failed) {
    const Kustomization& k = t.k;
    std::vector<BuildIssue> issues;
    suppress_target_errors_ = resources_failed;
    ra.ids_valid = false;  // transformers rename and move objects

    if (!k.patches_strategic_merge.empty()) {
      for (const PatchEntry& p : k.patches_strategic_merge) ApplyPatchEntry(t, p, ra);
    }
    for (const PatchEntry& p : k.patches) ApplyPatchEntry(t, p, ra);
    if (k.name_space) ApplyNamespace(ra.resources, *k.name_space, ra.Config().name_space, &issues);
    AddIssues(issues);
    ApplyNamePrefixSuffix(ra.resources, k.name_prefix, k.name_suffix, ra.Config().name_prefix,
                          ra.Config().name_suffix, &issues);
    AddIssues(issues);
    for (const LabelEntry& l : k.labels) {
      std::vector<FieldSpec> specs = l.fields;
      auto merge = [&specs](const std::vector<FieldSpec>& more) {
        for (const FieldSpec& fs : more) {
          if (std::find(specs.begin(), specs.end(), fs) == specs.end()) specs.push_back(fs);
        }
      };
      if (l.include_selectors) {
        merge(ra.Config().common_labels);
      } else {
        merge({FieldSpec{Gvk{}, "metadata/labels", true}});
        if (l.include_templates) merge(ra.Config().template_labels);
      }
      ApplyMapEntries(ra.resources, l.pairs, specs, &issues);
      AddIssues(issues);
    }
    ApplyMapEntries(ra.resources, k.common_labels, ra.Config().common_labels, &issues);
    AddIssues(issues);
    ApplyMapEntries(ra.resources, k.common_annotations, ra.Config().common_annotations, &issues);
    AddIssues(issues);
    for (const PatchEntry& p : k.patches_json6902) ApplyPatchEntry(t, p, ra);
    for (const ReplicaEntry& r : k.replicas)
      ApplyReplicas(ra.resources, r, ra.Config().replicas, &issues);
    AddIssues(issues);
    for (const ImageEntry& img : k.images)
      ApplyImage(ra.resources, img, ra.Config().images, &issues);
    AddIssues(issues);
    for (const yaml::Node* r : k.replacements) RunReplacement(t, *r, ra);
    for (const Entry& tr : k.transformers) {
      NotRendered("plugin",
                  "transformer plugin '" + FirstLine(tr.value) + "' is not run by fluxlint",
                  tr.span);
    }
    suppress_target_errors_ = false;
  }

  void RunReplacement(const Target& t, const yaml::Node& r, Accumulator& ra) {
    std::vector<BuildIssue> issues;
    if (const yaml::Node* path = r.Get("path")) {
      if (r.Get("source") != nullptr || r.Get("targets") != nullptr) {
        Error("invalid-field", "a replacement may have 'path' or source and targets, not both",
              r.span);
        return;
      }
      Entry e{path->value, path->span};
      std::shared_ptr<const yaml::LoadedFile> f = ParseFile(t.dir, e, e.value, "replacement");
      if (!f) return;
      for (const yaml::Document& d : f->documents) {
        if (d.empty) continue;
        if (d.root.IsSequence()) {
          for (const yaml::Node& item : d.root.children)
            ApplyReplacement(ra.resources, item, &issues);
        } else {
          ApplyReplacement(ra.resources, d.root, &issues);
        }
      }
    } else {
      ApplyReplacement(ra.resources, r, &issues);
    }
    AddIssues(issues);
  }

  // --- patches ------------------------------------------------------------------------------

  /// Parses the patch text of an inline entry, with spans mapped back into the kustomization.
  std::shared_ptr<const yaml::LoadedFile> ParseInline(const Target& t, const yaml::Node& value) {
    const SourceFile* outer = value.span.file;
    std::string path = (outer ? outer->path : t.dir + "/<kustomization>") + "#inline@" +
                       std::to_string(value.span.begin.line);
    const SourceFile* inner = cache_.store().Add(path, value.value, "", "inline");
    auto loaded = std::make_shared<yaml::LoadedFile>(yaml::Load(*inner, cache_.options()));
    RemapInline(*loaded, value);
    return loaded;
  }

  /// Maps spans in a patch parsed from a block scalar onto the lines of the kustomization file
  /// it was written in; other scalar styles map every node to the scalar's own span.
  void RemapInline(yaml::LoadedFile& loaded, const yaml::Node& value) {
    const SourceFile* outer = value.span.file;
    const SourceFile* inner = loaded.file;
    bool exact = false;
    uint32_t first_line = 0;  // file line of the patch's line 1
    uint32_t indent = 0;
    if (outer != nullptr && inner != nullptr && value.style == yaml::ScalarStyle::kLiteral) {
      first_line = value.span.begin.line + 1;
      // Skip leading empty lines of the block to find the indentation.
      uint32_t l = first_line;
      while (l <= outer->LineCount() &&
             outer->Line(l).find_first_not_of(' ') == std::string_view::npos) {
        ++l;
      }
      if (l <= outer->LineCount()) {
        indent = static_cast<uint32_t>(outer->Line(l).find_first_not_of(' '));
        exact = true;
        for (uint32_t k = 1; k <= inner->LineCount() && exact; ++k) {
          std::string_view in = inner->Line(k);
          if (in.empty()) continue;
          uint32_t fl = first_line + k - 1;
          if (fl > outer->LineCount()) {
            exact = false;
            break;
          }
          std::string_view out = outer->Line(fl);
          exact = out.size() >= indent && out.substr(indent) == in;
        }
      }
    }
    auto map_pos = [&](Position p) {
      Position q;
      if (p.line == 0 || first_line + p.line - 1 > outer->LineCount()) return value.span.begin;
      q.line = first_line + p.line - 1;
      q.column = p.column + indent;
      // An end position at the end of the patch text may sit on the line after its last one.
      uint32_t inner_start = p.line <= inner->LineCount()
                                 ? inner->line_starts[p.line - 1]
                                 : static_cast<uint32_t>(inner->text.size());
      uint32_t inner_col_offset = p.offset >= inner_start ? p.offset - inner_start : 0;
      q.offset = outer->line_starts[q.line - 1] + indent + inner_col_offset;
      return q;
    };
    std::function<void(yaml::Node&)> fix = [&](yaml::Node& n) {
      if (exact && n.span.file == inner) {
        n.span.file = outer;
        n.span.begin = map_pos(n.span.begin);
        n.span.end = map_pos(n.span.end);
      } else {
        n.span = value.span;
      }
      for (yaml::Node& c : n.children) fix(c);
    };
    for (yaml::Document& d : loaded.documents) {
      fix(d.root);
      d.span = value.span;
    }
    for (yaml::LoadError& e : loaded.errors) {
      if (exact) {
        e.span.file = outer;
        e.span.begin = map_pos(e.span.begin);
        e.span.end = map_pos(e.span.end);
      } else {
        e.span = value.span;
      }
    }
    loaded.file = outer;
  }

  /// Loads the patch documents of an entry. False after an error.
  bool LoadPatches(const Target& t, const PatchEntry& p, std::vector<LoadedPatch>* out) {
    std::shared_ptr<const yaml::LoadedFile> f;
    bool inline_patch = p.inline_patch != nullptr;
    if (p.legacy_strategic_merge) {
      // A file name, unless the entry parses as a YAML mapping.
      inline_patch = false;
      if (p.inline_patch->value.find('\n') != std::string::npos ||
          p.inline_patch->value.find(':') != std::string::npos) {
        std::shared_ptr<const yaml::LoadedFile> trial = ParseInline(t, *p.inline_patch);
        if (trial->errors.empty() && !trial->documents.empty() &&
            trial->documents.front().root.IsMapping()) {
          f = trial;
          inline_patch = true;
        }
      }
      if (!inline_patch) {
        f = ParseFile(t.dir, Entry{p.path, p.span}, p.path, "patch");
        if (!f) return false;
      }
    } else if (inline_patch) {
      f = ParseInline(t, *p.inline_patch);
      if (!ReportLoadErrors(*f)) return false;
    } else {
      f = ParseFile(t.dir, Entry{p.path, p.span}, p.path, "patch");
      if (!f) return false;
    }
    for (const yaml::Document& d : f->documents) {
      if (d.empty || d.root.IsNull()) continue;
      LoadedPatch lp;
      lp.node = d.root;
      lp.json = p.json6902 || IsJsonPatch(d.root);
      out->push_back(std::move(lp));
    }
    if (out->empty()) {
      Error("invalid-field", "the patch is empty", p.span);
      return false;
    }
    return true;
  }

  /// Whether the patch target selects `r` (current or original name and namespace).
  static bool Selected(const PatchTarget& target, const Resource& r) {
    if (r.prev_ids.empty()) return MatchesTarget(target, r.node);
    ResId org = r.OrgId();
    return MatchesTarget(target, r.node, org.name, org.ns);
  }

  void ApplyPatchEntry(const Target& t, const PatchEntry& p, Accumulator& ra) {
    std::vector<LoadedPatch> patches;
    if (!LoadPatches(t, p, &patches)) return;
    std::optional<PatchTarget> target;
    if (p.target != nullptr) {
      PatchTarget pt;
      if (auto err = ParsePatchTarget(*p.target, &pt)) {
        Error("invalid-field", "patch target: " + err->message,
              err->span.valid() ? err->span : p.target->span);
        return;
      }
      target = std::move(pt);
    }
    bool has_json =
        std::any_of(patches.begin(), patches.end(), [](const LoadedPatch& lp) { return lp.json; });
    if (has_json) {
      if (patches.size() > 1) {
        Error("invalid-field", "a JSON patch entry must hold one list of operations", p.span);
        return;
      }
      if (!target) {
        Error("invalid-field", "a JSON 6902 patch needs a target", p.span,
              "add target: {kind: ..., name: ...} to the patch entry");
        return;
      }
      for (Resource& r : ra.resources) {
        if (!Selected(*target, r)) continue;
        r.StorePreviousId();
        if (auto err = ApplyJsonPatch(r.node, patches[0].node)) {
          Error("patch-failed", "JSON patch on " + r.CurId().Describe() + ": " + err->message,
                err->span.valid() ? err->span : p.span);
        }
      }
      return;
    }
    if (target) {
      if (patches.size() > 1) {
        Error("invalid-field",
              "a patch entry with a target may hold only one strategic merge patch", p.span);
        return;
      }
      std::vector<size_t> selected;
      for (size_t i = 0; i < ra.resources.size(); ++i) {
        if (Selected(*target, ra.resources[i])) selected.push_back(i);
      }
      std::vector<bool> remove(ra.resources.size(), false);
      for (size_t i : selected) {
        Resource& r = ra.resources[i];
        yaml::Node patch = patches[0].node;
        // With a target, the patch takes the object's identity (kustomize copies it in),
        // except the name or kind the options allow it to change.
        CopyIdentity(r.node, patch, p.allow_name_change, p.allow_kind_change);
        remove[i] = ApplySmp(r, patch, p);
      }
      Compact(ra, remove);
      return;
    }
    std::vector<bool> remove(ra.resources.size(), false);
    for (const LoadedPatch& lp : patches) {
      ResId pid = PatchId(lp.node);
      std::vector<size_t> matches;
      for (size_t i = 0; i < ra.resources.size(); ++i) {
        if (remove[i]) continue;
        for (const ResId& id : ra.resources[i].AllIds()) {
          if (id.Equals(pid)) {
            matches.push_back(i);
            break;
          }
        }
      }
      if (matches.size() != 1) {
        if (matches.empty() && suppress_target_errors_) continue;
        Error("patch-target-not-found",
              matches.empty() ? "no object matches the patch for " + pid.Describe()
                              : "the patch for " + pid.Describe() + " matches " +
                                    std::to_string(matches.size()) + " objects",
              lp.node.span.valid() && lp.node.span.file == p.span.file ? p.span : lp.node.span,
              "the patch's apiVersion, kind, name and namespace must name exactly one object");
        continue;
      }
      remove[matches[0]] = ApplySmp(ra.resources[matches[0]], lp.node, p);
    }
    Compact(ra, remove);
  }

  static void CopyIdentity(const yaml::Node& from, yaml::Node& patch, bool keep_name,
                           bool keep_kind) {
    if (!patch.IsMapping()) return;
    if (!keep_kind) {
      if (const yaml::Node* av = from.Get("apiVersion")) patch.Set("apiVersion", *av, av->span);
      if (const yaml::Node* kd = from.Get("kind")) patch.Set("kind", *kd, kd->span);
    }
    yaml::Node* md = patch.GetMutable("metadata");
    if (md == nullptr || !md->IsMapping()) {
      md = &patch.Set("metadata", yaml::Node::Mapping(patch.span), patch.span);
    }
    const yaml::Node* fmd = from.Get("metadata");
    if (keep_name && md->Get("name") != nullptr) {
      // the patch renames the object
    } else if (const yaml::Node* n = fmd ? fmd->Get("name") : nullptr) {
      md->Set("name", *n, n->span);
    } else {
      md->Remove("name");
    }
    if (const yaml::Node* ns = fmd ? fmd->Get("namespace") : nullptr) {
      md->Set("namespace", *ns, ns->span);
    } else {
      md->Remove("namespace");
    }
  }

  static ResId PatchId(const yaml::Node& patch) {
    ResId id;
    id.gvk = Gvk::FromApiVersion(patch.GetString("apiVersion"), patch.GetString("kind"));
    if (const yaml::Node* md = patch.Get("metadata")) {
      id.name = std::string(md->GetString("name"));
      id.ns = std::string(md->GetString("namespace"));
    }
    return id;
  }

  /// kustomize's Resource.ApplySmPatch: returns true when the object is to be deleted.
  bool ApplySmp(Resource& r, const yaml::Node& patch, const PatchEntry& p) {
    if (p.allow_name_change || p.allow_kind_change) r.StorePreviousId();
    SmpOptions options;
    options.allow_name_change = p.allow_name_change;
    options.allow_kind_change = p.allow_kind_change;
    bool del = false;
    if (auto err = ApplyStrategicMerge(r.node, patch, &del, options)) {
      Error("patch-failed",
            "strategic merge patch on " + r.CurId().Describe() + ": " + err->message,
            err->span.valid() ? err->span : p.span);
      return false;
    }
    return del || !r.node.IsMapping() || r.node.EntryCount() == 0;
  }

  static void Compact(Accumulator& ra, const std::vector<bool>& remove) {
    if (std::none_of(remove.begin(), remove.end(), [](bool b) { return b; })) return;
    std::vector<Resource> kept;
    kept.reserve(ra.resources.size());
    for (size_t i = 0; i < ra.resources.size(); ++i) {
      if (!remove[i]) kept.push_back(std::move(ra.resources[i]));
    }
    ra.resources = std::move(kept);
  }

  // --- finishing ----------------------------------------------------------------------------

  static void DropLocalConfig(std::vector<Resource>& resources) {
    std::vector<Resource> kept;
    kept.reserve(resources.size());
    for (Resource& r : resources) {
      const yaml::Node* md = r.node.Get("metadata");
      const yaml::Node* ann = md ? md->Get("annotations") : nullptr;
      if (ann != nullptr && ann->GetString("config.kubernetes.io/local-config") == "true") {
        continue;
      }
      kept.push_back(std::move(r));
    }
    resources = std::move(kept);
  }

  static void Sort(const Kustomization& k, std::vector<Resource>& resources) {
    if (k.sort_options && k.sort_options->order == "fifo") return;
    if (k.sort_options && k.sort_options->has_legacy_options) {
      LegacySort(resources, &k.sort_options->order_first, &k.sort_options->order_last);
      return;
    }
    LegacySort(resources, nullptr, nullptr);
  }

  const source::Tree& tree_;
  yaml::ParseCache& cache_;
  BuildOptions options_;
  std::vector<BuildIssue> issues_;
  size_t error_count_ = 0;
  std::map<std::string, std::string> closure_;
  std::vector<std::string> stack_;
  std::vector<Span> include_spans_;
  bool suppress_target_errors_ = false;
};

}  // namespace

BuildResult Build(const source::Tree& tree, std::string_view dir, yaml::ParseCache& cache,
                  const BuildOptions& options) {
  Builder b(tree, cache, options);
  return b.Run(dir, nullptr);
}

BuildResult BuildWith(const source::Tree& tree, std::string_view dir,
                      const yaml::Node& kustomization, yaml::ParseCache& cache,
                      const BuildOptions& options) {
  Builder b(tree, cache, options);
  return b.Run(dir, &kustomization);
}

std::string RenderStream(const BuildResult& result) {
  std::vector<const yaml::Node*> docs;
  docs.reserve(result.objects.size());
  for (const yaml::Node& n : result.objects) docs.push_back(&n);
  yaml::EmitOptions options;
  options.width = 80;         // go-yaml v2's line folding
  options.sort_keys = false;  // objects are already in go-yaml v2's key order
  return yaml::EmitStream(docs, options);
}

Result<std::string> FindKustomizationFile(const source::Tree& tree, std::string_view dir) {
  std::string found;
  for (std::string_view name : kKustomizationFileNames) {
    std::string path = JoinDir(dir, name);
    Result<source::EntryKind> kind = tree.Stat(path);
    if (!kind.ok() || *kind != source::EntryKind::kFile) continue;
    if (!found.empty()) {
      return Status(ErrorCode::kInvalidArgument,
                    "directory '" + DisplayDir(dir) + "' has more than one kustomization file");
    }
    found = path;
  }
  return found;
}

}  // namespace fluxlint::kustomize
