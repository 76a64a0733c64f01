#include "model/flux_graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

#include "flux/envsubst.h"
#include "model/source_ignore.h"
#include "util/base64.h"
#include "util/graph.h"
#include "util/thread_pool.h"
#include "yaml/emitter.h"
#include "yaml/scalar.h"

namespace fluxlint::model {
namespace {

using flux::ObjectRef;

constexpr int kMaxRounds = 8;
constexpr size_t kMaxWalkDepth = 128;
constexpr std::string_view kKustomizationFileNames[] = {"kustomization.yaml", "kustomization.yml",
                                                        "Kustomization"};

std::string Join(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  if (name.empty()) return std::string(dir);
  return std::string(dir) + "/" + std::string(name);
}

std::string DirOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash));
}

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string MetaString(const yaml::Node& object, std::string_view key) {
  const yaml::Node* md = object.Get("metadata");
  return md == nullptr ? std::string() : std::string(md->GetString(key));
}

/// The span of the value of `kind`: transformers rarely touch it, so it tells which document
/// a rendered object came from.
Span ProvenanceSpan(const yaml::Node& object) {
  const yaml::Node* kind = object.Get("kind");
  return kind != nullptr && kind->span.valid() ? kind->span : object.span;
}

/// The data of a ConfigMap or Secret as substituteFrom reads it: (key, value, key span).
std::vector<std::tuple<std::string, std::string, Span>> ObjectData(const yaml::Node& object) {
  std::vector<std::tuple<std::string, std::string, Span>> out;
  bool secret = object.GetString("kind") == "Secret";
  auto read = [&](std::string_view field, bool base64) {
    const yaml::Node* data = object.Get(field);
    if (data == nullptr || !data->IsMapping()) return;
    for (size_t i = 0; i < data->EntryCount(); ++i) {
      const yaml::Node& k = data->Key(i);
      const yaml::Node& v = data->Value(i);
      if (!k.IsScalar()) continue;
      std::string value = v.IsScalar() && !v.IsNull() ? v.value : "";
      if (base64) {
        std::optional<std::string> decoded = DecodeBase64(value);
        if (decoded) value = *decoded;  // SOPS ENC[…] values stay as written
      }
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const auto& t) { return std::get<0>(t) == k.value; });
      if (it != out.end()) {
        *it = {k.value, value, k.span};
      } else {
        out.emplace_back(k.value, value, k.span);
      }
    }
  };
  read("data", secret);
  if (secret) read("stringData", false);  // the API server folds stringData into data
  return out;
}

/// Everything a render depends on, and the key that identifies equal renders.
struct RenderInput {
  const yaml::Node* object = nullptr;
  const flux::Kustomization* spec = nullptr;
  std::string source_root;
  std::string dir;
  const Variables* variables = nullptr;
  bool runs = false;
  bool strict = false;
  const SourceIgnore* ignore = nullptr;
  std::string key;
};

/// Appends a serialization of `n` that is equal for equal values: mapping keys sorted, scalars
/// with their resolved type (so the file's key order and quoting style do not matter, and a
/// Kustomization written in a file and the same one rendered by its parent have one key).
void AppendCanonical(const yaml::Node& n, std::string* out) {
  switch (n.kind) {
    case yaml::NodeKind::kScalar:
      *out += static_cast<char>('0' + static_cast<int>(yaml::ResolveScalar(n)));
      *out += std::to_string(n.value.size());
      *out += ':';
      *out += n.value;
      return;
    case yaml::NodeKind::kSequence:
      *out += '[';
      for (const yaml::Node& c : n.children) AppendCanonical(c, out);
      *out += ']';
      return;
    case yaml::NodeKind::kMapping: {
      std::vector<size_t> order(n.EntryCount());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return n.Key(a).value < n.Key(b).value; });
      *out += '{';
      for (size_t i : order) {
        AppendCanonical(n.Key(i), out);
        AppendCanonical(n.Value(i), out);
      }
      *out += '}';
      return;
    }
  }
}

std::string MakeKey(const FluxKustomization& k, bool strict) {
  // The definition's content id: rendered values may carry spans into that file.
  std::string key = k.definition.valid()
                        ? std::string(k.definition.path()) + "#" + k.definition.file->content_id
                        : "";
  key += "@" + std::to_string(k.definition.begin.offset) + "\n" + k.source_root + "\n" + k.dir +
         "\n" + (k.substitution_runs ? "runs" : "") + (strict ? " strict" : "") +
         (k.variables_complete ? "" : " incomplete") + "\n";
  for (const auto& [name, var] : k.variables) key += name + "=" + var.value + "\n";
  AppendCanonical(k.object, &key);
  return key;
}

/// A walk for Flux's generated kustomization (PKG kustomize_generator.go scanManifests).
class GeneratedWalk {
 public:
  GeneratedWalk(const source::Tree& tree, yaml::ParseCache& cache, const SourceIgnore* ignore,
                std::string_view source_root, Render* render)
      : tree_(tree), cache_(cache), ignore_(ignore), source_root_(source_root), render_(render) {}

  /// Returns the resources (relative to `dir`) with the span to report them at.
  std::vector<std::pair<std::string, Span>> Run(const std::string& dir) {
    dir_ = dir;
    Directory(dir, 0);
    return resources_;
  }

 private:
  std::string SourceRelative(const std::string& path) const {
    if (source_root_.empty()) return path;
    return path.size() > source_root_.size() ? path.substr(source_root_.size() + 1) : "";
  }

  bool Ignored(const std::string& path, bool is_dir) const {
    return ignore_ != nullptr && ignore_->Ignored(SourceRelative(path), is_dir);
  }

  std::string Relative(const std::string& path) const {
    return dir_.empty() ? path : path.substr(dir_.size() + 1);
  }

  bool HasKustomizationFile(const std::string& dir) {
    for (std::string_view name : kKustomizationFileNames) {
      std::string path = Join(dir, name);
      Result<source::EntryKind> kind = tree_.Stat(path);
      if (kind.ok() && *kind == source::EntryKind::kFile) {
        Result<std::string> id = tree_.Id(path);
        render_->closure.emplace_back(path, id.ok() ? *id : "");
        return true;
      }
    }
    return false;
  }

  void Directory(const std::string& dir, size_t depth) {
    if (depth > kMaxWalkDepth) return;
    Result<std::vector<source::DirEntry>> entries = tree_.List(dir);
    if (!entries.ok()) return;
    // What the walk lists depends on the listing, not only on the files it reads.
    render_->closure.emplace_back(ListingPath(dir), ListingId(*entries));
    for (const source::DirEntry& e : *entries) {
      std::string path = Join(dir, e.name);
      source::EntryKind kind = e.kind;
      if (kind == source::EntryKind::kSymlink) {
        // filepath.Walk does not follow a symlinked directory; a symlinked file is read.
        Result<source::EntryKind> target = tree_.Stat(path);
        if (!target.ok() || *target != source::EntryKind::kFile) continue;
        kind = source::EntryKind::kFile;
      }
      if (kind == source::EntryKind::kDirectory) {
        if (Ignored(path, true)) continue;
        if (HasKustomizationFile(path)) {
          resources_.emplace_back(Relative(path), Span{});
          continue;
        }
        Directory(path, depth + 1);
      } else if (kind == source::EntryKind::kFile) {
        if (!(e.name.ends_with(".yaml") || e.name.ends_with(".yml"))) continue;
        if (Ignored(path, false)) continue;
        File(path);
      }
    }
  }

  void File(const std::string& path) {
    Result<std::shared_ptr<const yaml::LoadedFile>> parsed = cache_.Parse(tree_, path);
    if (!parsed.ok()) return;
    const yaml::LoadedFile& f = **parsed;
    render_->closure.emplace_back(path, f.file != nullptr ? f.file->content_id : "");
    bool syntax = std::any_of(f.errors.begin(), f.errors.end(), [](const yaml::LoadError& e) {
      return e.kind != yaml::LoadErrorKind::kDuplicateKey;
    });
    if (syntax) return;  // yaml-syntax-error reports it
    bool ok = true;
    for (const yaml::Document& d : f.documents) {
      if (d.empty || d.root.IsNull()) continue;
      std::string problem;
      const yaml::Node* md = d.root.IsMapping() ? d.root.Get("metadata") : nullptr;
      std::string_view kind = d.root.IsMapping() ? d.root.GetString("kind") : "";
      if (kind.ends_with("List") && d.root.Get("items") != nullptr) continue;
      if (!d.root.IsMapping() || md == nullptr || md->IsNull()) {
        problem = "missing Resource metadata";
      } else if (kind.empty()) {
        problem = "missing kind in object";
      } else if (!md->IsMapping() || md->GetString("name").empty()) {
        problem = "missing metadata.name in object";
      }
      if (problem.empty()) continue;
      ok = false;
      Span span = d.root.span.valid() ? d.root.span : FileSpan(f.file);
      if (d.root.IsMapping() && d.root.EntryCount() > 0 && d.root.Key(0).span.valid()) {
        span = d.root.Key(0).span;  // the first key: where the document starts
      }
      render_->generation_issues.push_back(
          {path, "failed to decode Kubernetes YAML from " + path + ": " + problem, span});
    }
    if (ok) resources_.emplace_back(Relative(path), FileSpan(f.file));
  }

  const source::Tree& tree_;
  yaml::ParseCache& cache_;
  const SourceIgnore* ignore_;
  std::string source_root_;
  Render* render_;
  std::string dir_;
  std::vector<std::pair<std::string, Span>> resources_;
};

yaml::Node SequenceAt(yaml::Node& map, std::string_view key) {
  const yaml::Node* existing = map.Get(key);
  if (existing != nullptr && existing->IsSequence()) return *existing;
  return yaml::Node::Sequence();
}

/// Flux's changes to a kustomization (PKG kustomize_generator.go): targetNamespace,
/// namePrefix/nameSuffix, patches, images merged by name, components. Returns whether anything
/// was changed.
bool ApplyOverlay(const source::Tree& tree, const std::string& dir, const yaml::Node& object,
                  const flux::Kustomization& spec, yaml::Node* kus) {
  const yaml::Node* s = object.Get("spec");
  if (s == nullptr || !s->IsMapping()) return false;
  bool changed = false;
  auto copy_scalar = [&](std::string_view from, std::string_view to) {
    const yaml::Node* v = s->Get(from);
    if (v == nullptr || !v->IsScalar() || v->IsNull() || v->value.empty()) return;
    yaml::Node value = *v;
    kus->Set(to, std::move(value), v->span);
    changed = true;
  };
  copy_scalar("targetNamespace", "namespace");
  copy_scalar("namePrefix", "namePrefix");
  copy_scalar("nameSuffix", "nameSuffix");

  if (const yaml::Node* patches = s->Get("patches"); patches != nullptr && patches->IsSequence()) {
    yaml::Node seq = SequenceAt(*kus, "patches");
    for (const yaml::Node& item : patches->children) {
      if (!item.IsMapping() || item.Get("patch") == nullptr) continue;
      yaml::Node entry = yaml::Node::Mapping(item.span);
      const yaml::Node* patch = item.Get("patch");
      entry.Set("patch", *patch, patch->span);
      if (const yaml::Node* target = item.Get("target"); target != nullptr && target->IsMapping()) {
        entry.Set("target", *target, target->span);
      }
      seq.children.push_back(std::move(entry));
      changed = true;
    }
    if (!seq.children.empty()) kus->Set("patches", std::move(seq));
  }

  if (!spec.images.empty()) {
    const yaml::Node* images = s->Get("images");
    yaml::Node seq = SequenceAt(*kus, "images");
    for (const yaml::Node& item :
         images != nullptr ? images->children : std::vector<yaml::Node>{}) {
      if (!item.IsMapping()) continue;
      std::string_view name = item.GetString("name");
      if (name.empty()) continue;
      auto it = std::find_if(seq.children.begin(), seq.children.end(), [&](const yaml::Node& n) {
        return n.IsMapping() && n.GetString("name") == name;
      });
      if (it != seq.children.end()) {
        *it = item;
      } else {
        seq.children.push_back(item);
      }
      changed = true;
    }
    kus->Set("images", std::move(seq));
  }

  if (const yaml::Node* comps = s->Get("components"); comps != nullptr && comps->IsSequence()) {
    yaml::Node seq = SequenceAt(*kus, "components");
    for (const yaml::Node& c : comps->children) {
      if (!c.IsScalar() || c.value.empty()) continue;
      if (spec.ignore_missing_components.value) {
        Result<std::string> joined = source::JoinPath(dir, c.value);
        Result<source::EntryKind> kind =
            joined.ok() ? tree.Stat(*joined) : Result<source::EntryKind>(joined.status());
        if (!kind.ok()) continue;
      }
      seq.children.push_back(c);
      changed = true;
    }
    if (!seq.children.empty()) kus->Set("components", std::move(seq));
  }
  return changed;
}

void ApplyCommonMetadata(const flux::Kustomization& spec, std::vector<yaml::Node>* objects) {
  if (!spec.common_metadata) return;
  const flux::CommonMetadata& cm = *spec.common_metadata;
  for (yaml::Node& o : *objects) {
    if (!o.IsMapping()) continue;
    yaml::Node* md = o.GetMutable("metadata");
    if (md == nullptr || !md->IsMapping()) continue;
    auto set = [&](std::string_view field, const std::vector<flux::MetadataPair>& pairs) {
      if (pairs.empty()) return;
      yaml::Node* map = md->GetMutable(field);
      if (map == nullptr || !map->IsMapping()) {
        md->Set(field, yaml::Node::Mapping(cm.span));
        map = md->GetMutable(field);
      }
      for (const flux::MetadataPair& p : pairs) {
        map->Set(p.key.value,
                 yaml::Node::Scalar(p.value.value, p.value.span, yaml::ScalarStyle::kDoubleQuoted),
                 p.key.span);
      }
    };
    set("labels", cm.labels);
    set("annotations", cm.annotations);
  }
}

std::shared_ptr<Render> DoRender(const source::Tree& tree, yaml::ParseCache& cache,
                                 const RenderInput& in) {
  auto render = std::make_shared<Render>();
  kustomize::BuildResult built;
  Result<std::string> file = kustomize::FindKustomizationFile(tree, in.dir);
  std::vector<std::pair<std::string, std::string>> extra_closure;
  bool done = false;
  if (file.ok() && !file->empty()) {
    Result<std::shared_ptr<const yaml::LoadedFile>> parsed = cache.Parse(tree, *file);
    const yaml::Node* doc = nullptr;
    if (parsed.ok() && (*parsed)->errors.empty()) {
      for (const yaml::Document& d : (*parsed)->documents) {
        if (!d.empty) {
          doc = &d.root;
          break;
        }
      }
    }
    if (doc != nullptr && doc->IsMapping()) {
      yaml::Node kus = *doc;
      if (ApplyOverlay(tree, in.dir, *in.object, *in.spec, &kus)) {
        built = kustomize::BuildWith(tree, in.dir, kus, cache);
        extra_closure.emplace_back(*file, (*parsed)->file ? (*parsed)->file->content_id : "");
        done = true;
      }
    }
    if (!done) {
      built = kustomize::Build(tree, in.dir, cache);
      done = true;
    }
  } else if (!file.ok()) {
    built = kustomize::Build(tree, in.dir, cache);  // reports the ambiguity
    done = true;
  }
  if (!done) {
    render->generated = true;
    GeneratedWalk walk(tree, cache, in.ignore, in.source_root, render.get());
    std::vector<std::pair<std::string, Span>> resources = walk.Run(in.dir);
    yaml::Node kus = yaml::Node::Mapping(in.object->span);
    kus.Set("apiVersion", yaml::Node::Scalar("kustomize.config.k8s.io/v1beta1"));
    kus.Set("kind", yaml::Node::Scalar("Kustomization"));
    yaml::Node seq = yaml::Node::Sequence();
    for (auto& [path, span] : resources) seq.children.push_back(yaml::Node::Scalar(path, span));
    kus.Set("resources", std::move(seq));
    ApplyOverlay(tree, in.dir, *in.object, *in.spec, &kus);
    built = kustomize::BuildWith(tree, in.dir, kus, cache);
  }
  render->objects = std::move(built.objects);
  render->build_issues = std::move(built.issues);
  for (auto& c : built.closure) render->closure.push_back(std::move(c));
  for (auto& c : extra_closure) render->closure.push_back(std::move(c));
  std::sort(render->closure.begin(), render->closure.end());
  render->closure.erase(std::unique(render->closure.begin(), render->closure.end()),
                        render->closure.end());

  if (in.runs) {
    render->substituted = true;
    for (yaml::Node& o : render->objects) {
      if (flux::SubstitutionDisabled(o)) continue;
      SubstituteObject(o, *in.variables, in.strict, &render->substitution_issues);
    }
  }
  ApplyCommonMetadata(*in.spec, &render->objects);
  return render;
}

/// A Kustomization written in a file, before any render.
struct RawKustomization {
  const ObjectEntry* entry;
  flux::Parsed<flux::Kustomization> parsed;
};

class GraphBuilder {
 public:
  GraphBuilder(const source::Tree& tree, const ObjectIndex& index,
               const std::vector<std::string>& sourceignore_files, const config::Config& config,
               yaml::ParseCache& cache, size_t jobs, const RenderPool* reuse)
      : tree_(tree),
        index_(index),
        sourceignore_files_(sourceignore_files),
        config_(config),
        cache_(cache),
        jobs_(std::max<size_t>(1, jobs)),
        reuse_(reuse) {}

  /// Every render made (or reused) while building, by input key.
  void ExportRenders(RenderPool* pool) const {
    for (const auto& [key, render] : renders_) pool->AddFlux(key, render);
  }

  FluxGraph Run() {
    for (const ObjectEntry& e : index_.all()) {
      if (flux::Classify(*e.node) == flux::ObjectType::kKustomization) {
        raw_.push_back({&e, flux::ParseKustomization(*e.node)});
        raw_by_entry_[&e] = raw_.size() - 1;
      }
    }
    FindSelfSources();
    std::vector<size_t> roots = FindRoots();
    std::set<const ObjectEntry*> reached;
    std::set<size_t> done_roots;
    while (!roots.empty()) {
      // Roots written in one directory form one cluster.
      std::map<std::string, std::vector<size_t>> by_dir;
      for (size_t r : roots) {
        by_dir[DirOf(raw_[r].entry->span.path())].push_back(r);
        done_roots.insert(r);
      }
      for (auto& [dir, members] : by_dir) ProcessCluster(dir, members, &reached);
      roots.clear();
      for (size_t i = 0; i < raw_.size(); ++i) {
        if (!done_roots.count(i) && !reached.count(raw_[i].entry)) roots.push_back(i);
      }
    }
    CollectHelmReleasesAndSources();
    return std::move(graph_);
  }

 private:
  // --- sources ------------------------------------------------------------------------------

  const config::SourceMapping* FindMapping(const ObjectRef& ref) const {
    for (const config::SourceMapping& m : config_.sources) {
      if (m.kind == ref.kind && m.name == ref.name &&
          (m.namespace_.empty() || m.namespace_ == ref.ns)) {
        return &m;
      }
    }
    return nullptr;
  }

  /// GitRepositories written in the repository that are this repository (see the header).
  void FindSelfSources() {
    // Candidates: every GitRepository in a file. Render each Kustomization that uses one,
    // assuming it is this repository, and see whether the render reads the definition.
    std::vector<size_t> users;
    std::vector<const ObjectEntry*> targets;
    for (size_t i = 0; i < raw_.size(); ++i) {
      const flux::Kustomization& k = raw_[i].parsed.object;
      ObjectRef ref = k.source_ref.Resolve(k.meta.ns.value);
      if (ref.kind != "GitRepository" || FindMapping(ref) != nullptr) continue;
      const ObjectEntry* g = index_.Find("GitRepository", ref.ns, ref.name, true);
      if (g == nullptr || flux::Classify(*g->node) != flux::ObjectType::kGitRepository) continue;
      users.push_back(i);
      targets.push_back(g);
    }
    std::vector<FluxKustomization> tentative(users.size());
    std::vector<bool> eligible(users.size(), false);
    Result<std::string> root_file = kustomize::FindKustomizationFile(tree_, "");
    bool root_has_file = root_file.ok() && !root_file->empty();
    for (size_t u = 0; u < users.size(); ++u) {
      const RawKustomization& raw = raw_[users[u]];
      FluxKustomization& k = tentative[u];
      k.spec = raw.parsed.object;
      k.object = *raw.entry->node;
      k.definition = raw.entry->span;
      k.ref = {"Kustomization", raw.parsed.object.meta.ns.value, raw.parsed.object.meta.name.value};
      k.source = k.spec.source_ref.Resolve(k.ref.ns);
      k.source_status = SourceStatus::kThisRepository;
      ResolvePath(&k);
      ResolveVariables(&k, nullptr);
      // A generated kustomization at the root reads every file: it proves nothing.
      eligible[u] = k.dir_exists && (!k.dir.empty() || root_has_file);
    }
    std::vector<std::shared_ptr<const Render>> renders =
        RenderAll(tentative, [&](size_t u) { return static_cast<bool>(eligible[u]); });
    for (size_t u = 0; u < users.size(); ++u) {
      if (renders[u] == nullptr) continue;
      std::string path(targets[u]->span.path());
      for (const auto& [p, id] : renders[u]->closure) {
        if (p == path) {
          self_.insert(targets[u]);
          break;
        }
      }
    }
  }

  struct SourceResolution {
    SourceStatus status = SourceStatus::kMissing;
    std::string root;
    Span definition;
  };

  /// Resolves the source of `k`; `pool` (optional) holds the objects rendered in its cluster.
  void ResolveSource(FluxKustomization* k, const std::vector<const yaml::Node*>* pool) {
    k->source = k->spec.source_ref.Resolve(k->ref.ns);
    SourceResolution r = ResolveRef(k->source, pool, 0);
    k->source_status = r.status;
    k->source_root = r.root;
    k->source_definition = r.definition;
  }

  SourceResolution ResolveRef(const ObjectRef& ref, const std::vector<const yaml::Node*>* pool,
                              int depth) {
    SourceResolution out;
    if (const config::SourceMapping* m = FindMapping(ref)) {
      out.status = SourceStatus::kMapped;
      out.root = CleanFluxPath(m->path);
      out.definition = m->span;
      return out;
    }
    const ObjectEntry* raw = index_.Find(ref.kind, ref.ns, ref.name, true);
    if (raw != nullptr && ref.kind == "GitRepository" && self_.count(raw)) {
      out.status = SourceStatus::kThisRepository;
      out.definition = raw->span;
      return out;
    }
    if (ref.kind == "ExternalArtifact" && depth == 0) {
      if (std::optional<SourceResolution> generated = ResolveArtifact(ref, pool)) return *generated;
    }
    if (pool != nullptr) {
      for (const yaml::Node* o : *pool) {
        if (o->GetString("kind") == ref.kind && MetaString(*o, "name") == ref.name &&
            MetaString(*o, "namespace") == ref.ns &&
            std::string(flux::SplitApiVersion(o->GetString("apiVersion")).first)
                .ends_with("fluxcd.io")) {
          const ObjectEntry* e = index_.Containing(ProvenanceSpan(*o));
          if (e != nullptr && ref.kind == "GitRepository" && self_.count(e)) {
            out.status = SourceStatus::kThisRepository;
            out.definition = e->span;
            return out;
          }
          out.status = SourceStatus::kNotAnalysed;
          out.definition = o->span;
          return out;
        }
      }
    }
    if (raw != nullptr && std::string(raw->group).ends_with("fluxcd.io")) {
      out.status = SourceStatus::kNotAnalysed;
      out.definition = raw->span;
      return out;
    }
    return out;
  }

  /// An ExternalArtifact produced by a source-watcher ArtifactGenerator in the repository. When
  /// all its `copy` rules move one folder of a single source as a whole ("@src/apps/base/**" to
  /// "@artifact/base/", "@src/infra/**" to "@artifact/"), the artifact is that folder of that
  /// source, and is analysed when the source is; otherwise it is not analysed.
  std::optional<SourceResolution> ResolveArtifact(const ObjectRef& ref,
                                                  const std::vector<const yaml::Node*>* pool) {
    for (const ObjectEntry* g : index_.OfKind("ArtifactGenerator")) {
      if (g->group != "source.extensions.fluxcd.io") continue;
      if (!(g->ns == ref.ns || g->ns.empty())) continue;
      const yaml::Node* spec = g->node->Get("spec");
      const yaml::Node* artifacts = spec != nullptr ? spec->Get("artifacts") : nullptr;
      if (artifacts == nullptr || !artifacts->IsSequence()) continue;
      for (const yaml::Node& a : artifacts->children) {
        if (!a.IsMapping() || a.GetString("name") != ref.name) continue;
        SourceResolution out;
        out.status = SourceStatus::kNotAnalysed;
        out.definition = a.span;
        const yaml::Node* copies = a.Get("copy");
        if (copies == nullptr || !copies->IsSequence() || copies->children.empty()) return out;
        std::optional<std::string> alias, root;
        bool simple = true;
        for (const yaml::Node& c : copies->children) {
          std::string from(c.IsMapping() ? c.GetString("from") : "");
          std::string to(c.IsMapping() ? c.GetString("to") : "");
          if (!from.starts_with("@") || !from.ends_with("/**") || !to.starts_with("@artifact/")) {
            simple = false;
            break;
          }
          size_t slash = from.find('/');
          std::string a_name = from.substr(1, slash - 1);
          std::string_view body = std::string_view(from).substr(slash + 1);  // "apps/base/**"
          body.remove_suffix(2);
          std::string p = CleanFluxPath(body);
          std::string q = CleanFluxPath(to.substr(std::string_view("@artifact/").size()));
          std::string r;
          if (q.empty()) {
            r = p;
          } else if (p == q) {
            r = "";
          } else if (p.ends_with("/" + q)) {
            r = p.substr(0, p.size() - q.size() - 1);
          } else {
            simple = false;
            break;
          }
          if ((alias && *alias != a_name) || (root && *root != r)) {
            simple = false;
            break;
          }
          alias = a_name;
          root = r;
        }
        if (!simple || !alias) return out;
        const yaml::Node* sources = spec->Get("sources");
        if (sources == nullptr || !sources->IsSequence()) return out;
        for (const yaml::Node& src : sources->children) {
          if (!src.IsMapping() || src.GetString("alias") != *alias) continue;
          ObjectRef source{std::string(src.GetString("kind")),
                           std::string(src.GetString("namespace", ref.ns)),
                           std::string(src.GetString("name"))};
          SourceResolution base = ResolveRef(source, pool, 1);
          if (base.status == SourceStatus::kThisRepository ||
              base.status == SourceStatus::kMapped) {
            out.status = base.status;
            out.root =
                root->empty() ? base.root : (base.root.empty() ? *root : base.root + "/" + *root);
          }
          return out;
        }
        return out;
      }
    }
    return std::nullopt;
  }

  void ResolvePath(FluxKustomization* k) {
    k->dir.clear();
    k->dir_exists = false;
    if (!k->analysed()) return;
    k->dir = Join(k->source_root, CleanFluxPath(k->spec.path.value));
    k->existing_parent.clear();
    k->parent_dirs.clear();
    k->missing_component.clear();
    Result<source::EntryKind> kind = tree_.Stat(k->dir);
    k->dir_exists = kind.ok() && *kind == source::EntryKind::kDirectory;
    k->dir_is_file = kind.ok() && *kind == source::EntryKind::kFile;
    if (k->dir_exists || k->dir_is_file) return;
    // The deepest ancestor that exists, for "did you mean".
    std::string missing = k->dir;
    std::string parent = DirOf(missing);
    while (true) {
      Result<source::EntryKind> pk = tree_.Stat(parent);
      if (pk.ok() && *pk == source::EntryKind::kDirectory) break;
      if (parent.empty()) return;
      missing = parent;
      parent = DirOf(parent);
    }
    k->existing_parent = parent;
    k->missing_component = parent.empty() ? missing : missing.substr(parent.size() + 1);
    Result<std::vector<source::DirEntry>> entries = tree_.List(parent);
    if (!entries.ok()) return;
    for (const source::DirEntry& e : *entries) {
      if (e.kind == source::EntryKind::kDirectory && !e.name.starts_with(".")) {
        k->parent_dirs.push_back(e.name);
      }
    }
  }

  // --- variables ----------------------------------------------------------------------------

  void ResolveVariables(FluxKustomization* k, const std::vector<const yaml::Node*>* pool) {
    k->variables.clear();
    k->substitute_from.clear();
    k->var_name_issues.clear();
    k->variables_complete = true;
    k->substitution_runs = false;
    if (!k->spec.post_build) return;
    const flux::PostBuild& pb = *k->spec.post_build;
    for (const auto& [name, value] : config_.variables) {
      k->variables[name] = {flux::NormalizeVarValue(value), Span{},
                            "cluster-provided variables (.fluxlint.yaml variables, --var)"};
    }
    for (const flux::SubstituteReference& ref : pb.substitute_from) {
      SubstituteFromStatus st;
      st.description =
          ref.kind.value + "/" + (k->ref.ns.empty() ? "" : k->ref.ns + "/") + ref.name.value;
      const yaml::Node* found = nullptr;
      if (pool != nullptr) {
        for (const yaml::Node* o : *pool) {
          if (o->GetString("kind") == ref.kind.value && MetaString(*o, "name") == ref.name.value &&
              MetaString(*o, "namespace") == k->ref.ns) {
            found = o;
            st.found = SubstituteFromStatus::kRendered;
            st.object_span = o->span;
            break;
          }
        }
      }
      if (found == nullptr) {
        if (const ObjectEntry* e = index_.Find(ref.kind.value, k->ref.ns, ref.name.value, true)) {
          found = e->node;
          st.found = SubstituteFromStatus::kRepository;
          st.object_span = e->span;
        }
      }
      if (found != nullptr) {
        for (auto& [key, value, span] : ObjectData(*found)) {
          if (!flux::IsValidVarName(key)) k->var_name_issues.push_back({key, span, st.description});
          k->variables[key] = {flux::NormalizeVarValue(value), span, st.description};
        }
      } else {
        const config::ExternalObject* ext = nullptr;
        for (const config::ExternalObject& o : config_.substitute_from) {
          if (o.kind == ref.kind.value && o.name == ref.name.value &&
              (o.namespace_.empty() || o.namespace_ == k->ref.ns)) {
            ext = &o;
            break;
          }
        }
        if (ext != nullptr) {
          st.found = SubstituteFromStatus::kConfig;
          st.object_span = ext->span;
          for (const auto& [key, value] : ext->data) {
            if (!flux::IsValidVarName(key)) {
              k->var_name_issues.push_back({key, ext->span, st.description});
            }
            k->variables[key] = {flux::NormalizeVarValue(value), ext->span, st.description};
          }
        } else if (ref.optional.value) {
          // Optional objects are often provided by the cluster only: what they define is
          // unknown (strict mode is not applied), but nothing fails.
          st.found = SubstituteFromStatus::kMissingOptional;
          k->variables_complete = false;
        } else {
          st.found = SubstituteFromStatus::kMissing;
          k->variables_complete = false;
        }
      }
      k->substitute_from.push_back(std::move(st));
    }
    for (const flux::SubstituteVar& v : pb.substitute) {
      if (!flux::IsValidVarName(v.name)) {
        k->var_name_issues.push_back({v.name, v.key_span, "spec.postBuild.substitute"});
      }
      k->variables[v.name] = {flux::NormalizeVarValue(v.value), v.key_span,
                              "spec.postBuild.substitute"};
    }
    k->substitution_runs = flux::SubstitutionRuns(k->spec, k->variables.size());
  }

  // --- rendering ----------------------------------------------------------------------------

  /// The ignore rules of `k`'s source, and in `fingerprint` what they were made from (part of
  /// the render key, so that a render is reused only with the same rules).
  const SourceIgnore* IgnoreFor(const FluxKustomization& k, std::string* fingerprint) {
    std::lock_guard<std::mutex> lock(mu_);
    std::string key = k.source_root + "\n" + k.source.Describe();
    auto it = ignores_.find(key);
    if (it != ignores_.end()) {
      *fingerprint = it->second.fingerprint;
      return it->second.ignore.get();
    }
    std::string made_from;
    auto ignore = std::make_unique<SourceIgnore>();
    for (const std::string& path : sourceignore_files_) {
      std::string dir = DirOf(path);
      if (!k.source_root.empty()) {
        if (!(dir == k.source_root || dir.starts_with(k.source_root + "/"))) continue;
        dir = dir == k.source_root ? "" : dir.substr(k.source_root.size() + 1);
      }
      Result<const SourceFile*> f = cache_.Read(tree_, path);
      if (f.ok()) {
        ignore->AddPatterns((*f)->text, dir);
        made_from += path + "#" + (*f)->content_id + "\n";
      }
    }
    if (k.source_status == SourceStatus::kThisRepository) {
      if (const ObjectEntry* g = index_.Find(k.source.kind, k.source.ns, k.source.name, true)) {
        const yaml::Node* s = g->node->Get("spec");
        if (s != nullptr && s->Get("ignore") != nullptr) {
          ignore->AddPatterns(s->GetString("ignore"), "");
          made_from += "spec.ignore\n" + std::string(s->GetString("ignore")) + "\n";
        }
      }
    }
    ignore->AddDefaults();
    const SourceIgnore* out = ignore.get();
    *fingerprint = made_from;
    ignores_[key] = {std::move(ignore), std::move(made_from)};
    return out;
  }

  /// Renders the Kustomizations `want` selects (in parallel; equal inputs once).
  std::vector<std::shared_ptr<const Render>> RenderAll(const std::vector<FluxKustomization>& ks,
                                                       const std::function<bool(size_t)>& want) {
    std::vector<const FluxKustomization*> pointers;
    pointers.reserve(ks.size());
    for (const FluxKustomization& k : ks) pointers.push_back(&k);
    return RenderAll(pointers, want, nullptr);
  }

  /// The same over pointers; `keys` (optional) receives each render's key, "" when not rendered.
  std::vector<std::shared_ptr<const Render>> RenderAll(
      const std::vector<const FluxKustomization*>& ks, const std::function<bool(size_t)>& want,
      std::vector<std::string>* keys) {
    std::vector<std::shared_ptr<const Render>> out(ks.size());
    std::vector<RenderInput> inputs(ks.size());
    std::vector<size_t> todo;
    std::map<std::string, size_t> first_with_key;
    for (size_t i = 0; i < ks.size(); ++i) {
      const FluxKustomization& k = *ks[i];
      if (!k.analysed() || !k.dir_exists || !want(i)) continue;
      RenderInput& in = inputs[i];
      in.object = &k.object;
      in.spec = &k.spec;
      in.source_root = k.source_root;
      in.dir = k.dir;
      in.variables = &k.variables;
      in.runs = k.substitution_runs;
      in.strict = config_.strict_substitution && k.variables_complete;
      std::string ignore_fingerprint;
      in.ignore = IgnoreFor(k, &ignore_fingerprint);
      in.key = MakeKey(k, in.strict) + "\nignore:\n" + ignore_fingerprint;
      auto cached = renders_.find(in.key);
      if (cached != renders_.end()) {
        out[i] = cached->second;
        continue;
      }
      if (first_with_key.emplace(in.key, i).second) todo.push_back(i);
    }
    std::vector<std::shared_ptr<const Render>> fresh(todo.size());
    ParallelFor(todo.size(), jobs_, [&](size_t t) {
      const RenderInput& in = inputs[todo[t]];
      if (reuse_ != nullptr) fresh[t] = reuse_->FindFlux(in.key, tree_);
      if (fresh[t] == nullptr) fresh[t] = DoRender(tree_, cache_, in);
    });
    for (size_t t = 0; t < todo.size(); ++t) renders_[inputs[todo[t]].key] = fresh[t];
    for (size_t i = 0; i < ks.size(); ++i) {
      if (out[i] == nullptr && !inputs[i].key.empty()) out[i] = renders_[inputs[i].key];
    }
    if (keys != nullptr) {
      keys->clear();
      for (RenderInput& in : inputs) keys->push_back(std::move(in.key));
    }
    return out;
  }

  // --- roots --------------------------------------------------------------------------------

  /// Raw Kustomizations that no other one renders (one per strongly connected group).
  std::vector<size_t> FindRoots() {
    std::vector<FluxKustomization> ks(raw_.size());
    for (size_t i = 0; i < raw_.size(); ++i) {
      FluxKustomization& k = ks[i];
      k.spec = raw_[i].parsed.object;
      k.object = *raw_[i].entry->node;
      k.definition = raw_[i].entry->span;
      k.ref = {"Kustomization", k.spec.meta.ns.value, k.spec.meta.name.value};
      ResolveSource(&k, nullptr);
      ResolvePath(&k);
      ResolveVariables(&k, nullptr);
    }
    std::vector<std::shared_ptr<const Render>> renders = RenderAll(ks, [](size_t) { return true; });
    std::vector<std::vector<size_t>> edges(raw_.size());
    for (size_t i = 0; i < raw_.size(); ++i) {
      if (renders[i] == nullptr) continue;
      for (const yaml::Node& o : renders[i]->objects) {
        if (flux::Classify(o) != flux::ObjectType::kKustomization) continue;
        const ObjectEntry* e = index_.Containing(ProvenanceSpan(o));
        auto it = e != nullptr ? raw_by_entry_.find(e) : raw_by_entry_.end();
        if (it != raw_by_entry_.end()) edges[i].push_back(it->second);
      }
    }
    size_t n = raw_.size();
    int comps = 0;
    std::vector<int> comp = StronglyConnectedComponents(edges, &comps);
    std::vector<bool> has_incoming(static_cast<size_t>(comps), false);
    for (size_t v = 0; v < n; ++v) {
      for (size_t w : edges[v]) {
        if (comp[v] != comp[w]) has_incoming[static_cast<size_t>(comp[w])] = true;
      }
    }
    std::vector<size_t> roots;
    std::vector<bool> comp_taken(static_cast<size_t>(comps), false);
    for (size_t v = 0; v < n; ++v) {
      size_t c = static_cast<size_t>(comp[v]);
      if (has_incoming[c] || comp_taken[c]) continue;
      comp_taken[c] = true;
      roots.push_back(v);
    }
    return roots;
  }

  // --- clusters -----------------------------------------------------------------------------

  struct Node {
    FluxKustomization k;
    const ObjectEntry* raw = nullptr;
    int scope = 0;  ///< local cluster scope (0 = the cluster itself)
    int child_scope = 0;
    std::string render_key;  ///< RenderAll's key of its render, when it has one
  };

  void PrepareNode(Node* n, const std::vector<const yaml::Node*>& pool) {
    flux::Parsed<flux::Kustomization> parsed = flux::ParseKustomization(n->k.object);
    n->k.spec = std::move(parsed.object);
    n->k.problems = std::move(parsed.problems);
    n->k.ref = {"Kustomization", MetaString(n->k.object, "namespace"),
                MetaString(n->k.object, "name")};
    n->k.remote = n->k.spec.remote_cluster;
    ResolveSource(&n->k, &pool);
    ResolvePath(&n->k);
    ResolveVariables(&n->k, &pool);
  }

  void ProcessCluster(const std::string& dir, const std::vector<size_t>& root_indexes,
                      std::set<const ObjectEntry*>* reached) {
    std::map<const ObjectEntry*, yaml::Node> overrides;  // roots as rendered by the cluster
    std::vector<const yaml::Node*> pool;                 // objects rendered in the last round
    std::vector<std::shared_ptr<const Render>> pool_owner;
    std::vector<std::string> previous_keys;
    std::vector<Node> nodes;
    int scopes = 1;
    for (int round = 0; round < kMaxRounds; ++round) {
      nodes.clear();
      scopes = 1;
      std::map<std::tuple<int, std::string, std::string>, size_t> by_ref;
      for (size_t r : root_indexes) {
        Node n;
        n.raw = raw_[r].entry;
        auto ov = overrides.find(n.raw);
        n.k.object = ov != overrides.end() ? ov->second : *n.raw->node;
        n.k.definition = n.raw->span;
        nodes.push_back(std::move(n));
      }
      std::map<const ObjectEntry*, yaml::Node> new_overrides;
      size_t level_begin = 0;
      while (level_begin < nodes.size()) {
        size_t level_end = nodes.size();
        for (size_t i = level_begin; i < level_end; ++i) {
          PrepareNode(&nodes[i], pool);
          auto key = std::make_tuple(nodes[i].scope, nodes[i].k.ref.ns, nodes[i].k.ref.name);
          by_ref.emplace(key, i);
          nodes[i].child_scope = nodes[i].scope;
          if (nodes[i].k.remote) nodes[i].child_scope = scopes++;
        }
        std::vector<const FluxKustomization*> level;
        level.reserve(level_end - level_begin);
        for (size_t i = level_begin; i < level_end; ++i) level.push_back(&nodes[i].k);
        std::vector<std::string> level_keys;
        std::vector<std::shared_ptr<const Render>> renders = RenderAll(
            level, [](size_t) { return true; }, &level_keys);
        for (size_t i = level_begin; i < level_end; ++i) {
          nodes[i].k.render = renders[i - level_begin];
          nodes[i].render_key = std::move(level_keys[i - level_begin]);
          if (nodes[i].k.render == nullptr) continue;
          for (const yaml::Node& o : nodes[i].k.render->objects) {
            if (flux::Classify(o) != flux::ObjectType::kKustomization) continue;
            int scope = nodes[i].child_scope;
            auto key = std::make_tuple(scope, MetaString(o, "namespace"), MetaString(o, "name"));
            auto existing = by_ref.find(key);
            if (existing != by_ref.end()) {
              Node& e = nodes[existing->second];
              if (e.k.parent == -1 && existing->second < root_indexes.size() &&
                  !new_overrides.count(e.raw)) {
                new_overrides[e.raw] = o;  // a root that the cluster applies itself
              }
              continue;
            }
            Node child;
            child.k.object = o;
            child.k.parent = static_cast<int>(i);
            child.raw = index_.Containing(ProvenanceSpan(o));
            child.k.definition = child.raw != nullptr ? child.raw->span : o.span;
            child.scope = scope;
            by_ref.emplace(key, nodes.size());
            nodes.push_back(std::move(child));
          }
        }
        level_begin = level_end;
      }
      std::vector<std::string> keys;
      std::vector<const yaml::Node*> next_pool;
      std::vector<std::shared_ptr<const Render>> next_owner;
      for (const Node& n : nodes) {
        keys.push_back(n.k.render != nullptr ? n.render_key : "-");
        if (n.k.render == nullptr) continue;
        next_owner.push_back(n.k.render);
        for (const yaml::Node& o : n.k.render->objects) next_pool.push_back(&o);
      }
      bool overrides_same =
          new_overrides.size() == overrides.size() &&
          std::equal(new_overrides.begin(), new_overrides.end(), overrides.begin(),
                     [](const auto& a, const auto& b) {
                       return a.first == b.first && yaml::Equal(a.second, b.second);
                     });
      bool stable = keys == previous_keys && overrides_same;
      previous_keys = std::move(keys);
      overrides = std::move(new_overrides);
      pool = std::move(next_pool);
      pool_owner = std::move(next_owner);
      if (stable) break;
    }
    Commit(dir, root_indexes.size(), nodes, scopes, reached);
  }

  void Commit(const std::string& dir, size_t root_count, std::vector<Node>& nodes, int scopes,
              std::set<const ObjectEntry*>* reached) {
    int base = static_cast<int>(graph_.kustomizations.size());
    std::vector<int> scope_cluster(static_cast<size_t>(scopes), -1);
    scope_cluster[0] = static_cast<int>(graph_.clusters.size());
    // Named after what the first root applies (clusters/production for flux-system), else
    // after where the roots are written.
    std::string name = dir.empty() ? "." : dir;
    if (!nodes.empty() && nodes[0].k.dir_exists)
      name = nodes[0].k.dir.empty() ? "." : nodes[0].k.dir;
    graph_.clusters.push_back({name, {}, -1});
    // Remote scopes in node order.
    for (size_t i = 0; i < nodes.size(); ++i) {
      const Node& n = nodes[i];
      if (n.child_scope != n.scope && scope_cluster[static_cast<size_t>(n.child_scope)] == -1) {
        scope_cluster[static_cast<size_t>(n.child_scope)] =
            static_cast<int>(graph_.clusters.size());
        const Cluster& parent =
            graph_.clusters[static_cast<size_t>(scope_cluster[static_cast<size_t>(n.scope)])];
        graph_.clusters.push_back({parent.name + " via kubeConfig of " + n.k.ref.ToString(),
                                   {},
                                   base + static_cast<int>(i)});
      }
    }
    for (size_t i = 0; i < nodes.size(); ++i) {
      Node& n = nodes[i];
      if (n.raw != nullptr) reached->insert(n.raw);
      n.k.cluster = scope_cluster[static_cast<size_t>(n.scope)];
      if (n.k.parent >= 0) n.k.parent += base;
      if (i < root_count)
        graph_.clusters[static_cast<size_t>(n.k.cluster)].roots.push_back(base +
                                                                          static_cast<int>(i));
      graph_.kustomizations.push_back(std::move(n.k));
    }
  }

  // --- HelmReleases and sources ---------------------------------------------------------------

  void CollectHelmReleasesAndSources() {
    std::set<const ObjectEntry*> covered;
    for (size_t i = 0; i < graph_.kustomizations.size(); ++i) {
      const FluxKustomization& k = graph_.kustomizations[i];
      if (k.render == nullptr) continue;
      int cluster = k.cluster;
      if (k.remote) {
        for (size_t c = 0; c < graph_.clusters.size(); ++c) {
          if (graph_.clusters[c].via == static_cast<int>(i)) cluster = static_cast<int>(c);
        }
      }
      for (const yaml::Node& o : k.render->objects) {
        flux::ObjectType type = flux::Classify(o);
        if (type == flux::ObjectType::kKustomization || type == flux::ObjectType::kOther) continue;
        const ObjectEntry* raw = index_.Containing(ProvenanceSpan(o));
        if (raw != nullptr) covered.insert(raw);
        AddObject(o, raw != nullptr ? raw->span : o.span, cluster, static_cast<int>(i));
      }
    }
    for (const ObjectEntry& e : index_.all()) {
      flux::ObjectType type = flux::Classify(*e.node);
      if (type == flux::ObjectType::kKustomization || type == flux::ObjectType::kOther) continue;
      if (covered.count(&e)) continue;
      AddObject(*e.node, e.span, -1, -1);
    }
  }

  void AddObject(const yaml::Node& o, Span definition, int cluster, int owner) {
    flux::AnyObject any = flux::ParseObject(o);
    if (auto* hr = std::get_if<flux::Parsed<flux::HelmRelease>>(&any)) {
      FluxHelmRelease r;
      r.spec = std::move(hr->object);
      r.problems = std::move(hr->problems);
      r.object = o;
      r.ref = {"HelmRelease", MetaString(o, "namespace"), MetaString(o, "name")};
      r.definition = definition;
      r.cluster = cluster;
      r.owner = owner;
      graph_.helm_releases.push_back(std::move(r));
    } else if (auto* src = std::get_if<flux::Parsed<flux::Source>>(&any)) {
      FluxSource s;
      s.spec = std::move(src->object);
      s.problems = std::move(src->problems);
      s.object = o;
      s.ref = {std::string(o.GetString("kind")), MetaString(o, "namespace"), MetaString(o, "name")};
      s.definition = definition;
      s.cluster = cluster;
      s.owner = owner;
      graph_.sources.push_back(std::move(s));
    }
  }

  const source::Tree& tree_;
  const ObjectIndex& index_;
  const std::vector<std::string>& sourceignore_files_;
  const config::Config& config_;
  yaml::ParseCache& cache_;
  size_t jobs_;
  const RenderPool* reuse_;

  std::vector<RawKustomization> raw_;
  std::map<const ObjectEntry*, size_t> raw_by_entry_;
  std::set<const ObjectEntry*> self_;
  std::map<std::string, std::shared_ptr<const Render>> renders_;
  std::mutex mu_;
  struct Ignore {
    std::unique_ptr<SourceIgnore> ignore;
    std::string fingerprint;
  };
  std::map<std::string, Ignore> ignores_;
  FluxGraph graph_;
};

}  // namespace

int FluxGraph::FindKustomization(int cluster, std::string_view ns, std::string_view name) const {
  for (size_t i = 0; i < kustomizations.size(); ++i) {
    const FluxKustomization& k = kustomizations[i];
    if (k.cluster == cluster && k.ref.ns == ns && k.ref.name == name) return static_cast<int>(i);
  }
  return -1;
}

int FluxGraph::FindHelmRelease(int cluster, std::string_view ns, std::string_view name) const {
  for (size_t i = 0; i < helm_releases.size(); ++i) {
    const FluxHelmRelease& h = helm_releases[i];
    if (h.cluster == cluster && h.ref.ns == ns && h.ref.name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string CleanFluxPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    start = slash == std::string_view::npos ? path.size() + 1 : slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out += "/";
    out.append(p);
  }
  return out;
}

bool IsSopsEncrypted(const yaml::Node& object) {
  const yaml::Node* sops = object.Get("sops");
  if (sops == nullptr || !sops->IsMapping()) return false;
  const yaml::Node* mac = sops->Get("mac");
  return mac != nullptr && mac->IsScalar() && !mac->IsNull() && !mac->value.empty();
}

bool IsSopsEncryptedSecret(const yaml::Node& object) {
  if (!object.IsMapping() || object.GetString("apiVersion") != "v1" ||
      object.GetString("kind") != "Secret" || object.Get("sops") == nullptr) {
    return false;
  }
  const yaml::Node* md = object.Get("metadata");
  const yaml::Node* ann = md != nullptr ? md->Get("annotations") : nullptr;
  if (ann != nullptr &&
      EqualFold(ann->GetString("kustomize.toolkit.fluxcd.io/decrypt"), "disabled")) {
    return false;
  }
  return true;
}

FluxGraph BuildFluxGraph(const source::Tree& tree, const ObjectIndex& index,
                         const std::vector<std::string>& sourceignore_files,
                         const config::Config& config, yaml::ParseCache& cache, size_t jobs,
                         const RenderPool* reuse, RenderPool* renders) {
  GraphBuilder builder(tree, index, sourceignore_files, config, cache, jobs, reuse);
  FluxGraph graph = builder.Run();
  if (renders != nullptr) builder.ExportRenders(renders);
  return graph;
}

}  // namespace fluxlint::model
