#include "diff/snapshot_diff.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

#include "diff/quantity.h"
#include "flux/objects.h"
#include "model/snapshot.h"
#include "util/thread_pool.h"

namespace fluxlint::diff {
namespace {

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

/// Fields whose values are resource quantities ("1Gi" == "1024Mi").
bool InQuantityContext(const FieldPath& path) {
  for (const PathSegment& s : path) {
    if (s.item) continue;
    if (s.key == "requests" || s.key == "limits" || s.key == "capacity" || s.key == "allocatable" ||
        s.key == "hard") {
      return true;
    }
  }
  return false;
}

bool ScalarsEqual(const yaml::Node& a, const yaml::Node& b, const FieldPath& path) {
  if (yaml::Equal(a, b)) return true;
  if (!InQuantityContext(path)) return false;
  std::optional<long double> qa = ParseQuantity(a.value);
  std::optional<long double> qb = ParseQuantity(b.value);
  return qa && qb && *qa == *qb;
}

/// A value the API server treats as absent.
bool Absent(const yaml::Node* n) { return n == nullptr || (n->IsScalar() && n->IsNull()); }

/// The `name` of every item when each item is a mapping with a distinct scalar name.
bool NamedItems(const yaml::Node& seq, std::vector<std::string_view>* names) {
  names->clear();
  std::set<std::string_view> seen;
  for (const yaml::Node& item : seq.children) {
    if (!item.IsMapping()) return false;
    const yaml::Node* name = item.Get("name");
    if (name == nullptr || !name->IsScalar() || name->IsNull()) return false;
    if (!seen.insert(name->value).second) return false;
    names->push_back(name->value);
  }
  return true;
}

/// Walks two values side by side and records where they differ.
class Differ {
 public:
  Differ(const ObjectDefaults& base_defaults, const ObjectDefaults& head_defaults,
         std::vector<FieldChange>* out)
      : bd_(base_defaults), hd_(head_defaults), out_(out) {}

  /// Stops at the first difference (for SemanticEqual).
  void StopAtFirst() { stop_at_first_ = true; }
  bool found() const { return found_; }

  void Walk(const yaml::Node* b, const yaml::Node* h, const yaml::Node* b_anchor,
            const yaml::Node* h_anchor, const yaml::Node* b_key, const yaml::Node* h_key) {
    if (stop_at_first_ && found_) return;
    if (Absent(b)) b = nullptr;
    if (Absent(h)) h = nullptr;
    if (b == nullptr && h == nullptr) return;
    if (b != nullptr) b_anchor = b;
    if (h != nullptr) h_anchor = h;

    if (b == nullptr || h == nullptr) {
      const yaml::Node* present = b != nullptr ? b : h;
      const yaml::Node* def = (b == nullptr ? bd_ : hd_).Find(path_);
      if (def != nullptr && SemanticEqualHere(b == nullptr ? def : b, h == nullptr ? def : h)) {
        return;
      }
      if (present->IsScalar()) {
        Record(b, h, b_anchor, h_anchor, b_key, h_key);
        return;
      }
    } else if (b->kind != h->kind) {
      Record(b, h, b_anchor, h_anchor, b_key, h_key);
      return;
    } else if (b->IsScalar()) {
      if (!ScalarsEqual(*b, *h, path_)) Record(b, h, b_anchor, h_anchor, b_key, h_key);
      return;
    }

    const yaml::Node* shape = h != nullptr ? h : b;
    if (shape->IsMapping()) {
      Mappings(b, h, b_anchor, h_anchor);
    } else {
      Sequences(b, h, b_anchor, h_anchor);
    }
  }

  FieldPath& path() { return path_; }

 private:
  bool SemanticEqualHere(const yaml::Node* b, const yaml::Node* h) {
    std::vector<FieldChange> scratch;
    Differ sub(bd_, hd_, &scratch);
    sub.path_ = path_;
    sub.StopAtFirst();
    sub.Walk(b, h, nullptr, nullptr, nullptr, nullptr);
    return !sub.found_;
  }

  void Mappings(const yaml::Node* b, const yaml::Node* h, const yaml::Node* b_anchor,
                const yaml::Node* h_anchor) {
    // Entries by key: linear in the size of both mappings (hostile input may have many keys).
    std::unordered_map<std::string_view, size_t> base_index, head_index;
    if (b != nullptr) {
      for (size_t j = b->EntryCount(); j-- > 0;) {  // the first of duplicate keys wins
        if (b->Key(j).IsScalar()) base_index[b->Key(j).value] = j;
      }
    }
    if (h != nullptr) {
      for (size_t i = 0; i < h->EntryCount(); ++i) {
        const yaml::Node& key = h->Key(i);
        if (!key.IsScalar() || !head_index.emplace(key.value, i).second) continue;
        const yaml::Node* bv = nullptr;
        const yaml::Node* bk = nullptr;
        if (auto it = base_index.find(key.value); it != base_index.end()) {
          bv = &b->Value(it->second);
          bk = &b->Key(it->second);
        }
        path_.push_back(PathSegment::Key(key.value));
        Walk(bv, &h->Value(i), b_anchor, h_anchor, bk, &key);
        path_.pop_back();
        if (stop_at_first_ && found_) return;
      }
    }
    if (b != nullptr) {
      for (size_t j = 0; j < b->EntryCount(); ++j) {
        const yaml::Node& key = b->Key(j);
        if (!key.IsScalar() || head_index.count(key.value) > 0) continue;
        if (base_index[key.value] != j) continue;  // a duplicate key
        path_.push_back(PathSegment::Key(key.value));
        Walk(&b->Value(j), nullptr, b_anchor, h_anchor, &key, nullptr);
        path_.pop_back();
        if (stop_at_first_ && found_) return;
      }
    }
  }

  void Sequences(const yaml::Node* b, const yaml::Node* h, const yaml::Node* b_anchor,
                 const yaml::Node* h_anchor) {
    std::vector<std::string_view> bnames, hnames;
    bool named = b != nullptr && h != nullptr && NamedItems(*b, &bnames) && NamedItems(*h, &hnames);
    if (named) {
      std::vector<bool> matched(b->ItemCount(), false);
      std::unordered_map<std::string_view, size_t> base_by_name;
      for (size_t j = 0; j < bnames.size(); ++j) base_by_name.emplace(bnames[j], j);
      for (size_t i = 0; i < h->ItemCount(); ++i) {
        auto it = base_by_name.find(hnames[i]);
        const yaml::Node* bv = nullptr;
        if (it != base_by_name.end()) {
          matched[it->second] = true;
          bv = &b->children[it->second];
        }
        path_.push_back(PathSegment::Item(i));
        Walk(bv, &h->children[i], b_anchor, h_anchor, nullptr, nullptr);
        path_.pop_back();
        if (stop_at_first_ && found_) return;
      }
      for (size_t j = 0; j < b->ItemCount(); ++j) {
        if (matched[j]) continue;
        path_.push_back(PathSegment::Item(j));
        Walk(&b->children[j], nullptr, b_anchor, h_anchor, nullptr, nullptr);
        path_.pop_back();
        if (stop_at_first_ && found_) return;
      }
      return;
    }
    size_t nb = b != nullptr ? b->ItemCount() : 0;
    size_t nh = h != nullptr ? h->ItemCount() : 0;
    for (size_t i = 0; i < std::max(nb, nh); ++i) {
      path_.push_back(PathSegment::Item(i));
      // An item is never absent because it is null: keep nulls in lists as values.
      const yaml::Node* bv = i < nb ? &b->children[i] : nullptr;
      const yaml::Node* hv = i < nh ? &h->children[i] : nullptr;
      if (bv != nullptr && hv != nullptr && bv->IsScalar() && hv->IsScalar()) {
        if (!ScalarsEqual(*bv, *hv, path_)) Record(bv, hv, bv, hv, nullptr, nullptr);
      } else {
        Walk(bv, hv, b_anchor, h_anchor, nullptr, nullptr);
      }
      path_.pop_back();
      if (stop_at_first_ && found_) return;
    }
  }

  void Record(const yaml::Node* b, const yaml::Node* h, const yaml::Node* b_anchor,
              const yaml::Node* h_anchor, const yaml::Node* b_key, const yaml::Node* h_key) {
    found_ = true;
    if (stop_at_first_) return;
    FieldChange c;
    c.path = path_;
    c.path_text = FormatFieldPath(path_);
    c.base = b;
    c.head = h;
    c.base_anchor = b_anchor;
    c.head_anchor = h_anchor;
    c.base_key = b_key;
    c.head_key = h_key;
    out_->push_back(std::move(c));
  }

  const ObjectDefaults& bd_;
  const ObjectDefaults& hd_;
  std::vector<FieldChange>* out_;
  FieldPath path_;
  bool stop_at_first_ = false;
  bool found_ = false;
};

bool RenderFailed(const std::vector<kustomize::BuildIssue>& issues) {
  return std::any_of(issues.begin(), issues.end(), [](const kustomize::BuildIssue& i) {
    return i.kind == kustomize::BuildIssue::kError;
  });
}

/// Objects of one render by key (the first of duplicates wins), in render order.
std::vector<std::pair<ObjectKey, const yaml::Node*>> Keyed(const std::vector<yaml::Node>& objects,
                                                           const Catalog& catalog) {
  std::vector<std::pair<ObjectKey, const yaml::Node*>> out;
  out.reserve(objects.size());
  std::set<ObjectKey> seen;
  for (const yaml::Node& o : objects) {
    if (!o.IsMapping()) continue;
    ObjectKey key = KeyOf(o, catalog);
    if (key.kind.empty() || key.name.empty()) continue;
    if (!seen.insert(key).second) continue;
    out.emplace_back(std::move(key), &o);
  }
  return out;
}

}  // namespace

std::string ObjectKey::Describe() const {
  return kind + " " + (ns.empty() ? name : ns + "/" + name);
}

Span FieldChange::HeadSpan() const {
  if (head != nullptr && head->span.valid()) return head->span;
  if (head_key != nullptr && head_key->span.valid()) return head_key->span;
  if (head_anchor != nullptr) return head_anchor->span;
  return {};
}

Span FieldChange::BaseSpan() const {
  if (base != nullptr && base->span.valid()) return base->span;
  if (base_key != nullptr && base_key->span.valid()) return base_key->span;
  if (base_anchor != nullptr) return base_anchor->span;
  return {};
}

const FieldChange* ObjectDiff::FirstUnder(const FieldPath& prefix) const {
  for (const FieldChange& c : changes) {
    if (PatternCovers(prefix, c.path)) return &c;
  }
  return nullptr;
}

bool MetadataFlag(const yaml::Node& object, std::string_view key, std::string_view value) {
  for (std::string_view where : {"labels", "annotations"}) {
    const yaml::Node* m = object.Find({"metadata", where});
    if (m == nullptr || !m->IsMapping()) continue;
    const yaml::Node* v = m->Get(key);
    if (v != nullptr && v->IsScalar() && EqualFold(v->value, value)) return true;
  }
  return false;
}

ObjectKey KeyOf(const yaml::Node& object, const Catalog& catalog) {
  ObjectKey key;
  if (!object.IsMapping()) return key;
  key.group = flux::SplitApiVersion(object.GetString("apiVersion")).first;
  key.kind = std::string(object.GetString("kind"));
  if (const yaml::Node* md = object.Get("metadata"); md != nullptr && md->IsMapping()) {
    key.name = std::string(md->GetString("name"));
    key.ns = std::string(md->GetString("namespace"));
  }
  if (catalog.IsClusterScoped(key.group, key.kind)) {
    key.ns.clear();
  } else if (key.ns.empty()) {
    key.ns = "default";
  }
  return key;
}

bool SemanticEqual(const yaml::Node* base, const yaml::Node* head, const FieldPath& path,
                   const ObjectDefaults& base_defaults, const ObjectDefaults& head_defaults) {
  std::vector<FieldChange> scratch;
  Differ d(base_defaults, head_defaults, &scratch);
  d.path() = path;
  d.StopAtFirst();
  d.Walk(base, head, nullptr, nullptr, nullptr, nullptr);
  return !d.found();
}

std::vector<FieldChange> DiffObjects(const yaml::Node& base, const yaml::Node& head,
                                     const ObjectDefaults& base_defaults,
                                     const ObjectDefaults& head_defaults) {
  std::vector<FieldChange> out;
  Differ d(base_defaults, head_defaults, &out);
  d.Walk(&base, &head, &base, &head, nullptr, nullptr);
  return out;
}

bool SameInputs(const Owner& a, const Owner& b) {
  if (a.location != b.location || a.substitutes != b.substitutes) return false;
  if ((a.spec == nullptr) != (b.spec == nullptr)) return false;
  if (a.spec != nullptr && a.spec != b.spec && !yaml::Equal(*a.spec, *b.spec)) return false;
  if ((a.variables == nullptr) != (b.variables == nullptr)) return false;
  if (a.variables == nullptr || a.variables == b.variables) return true;
  if (a.variables->size() != b.variables->size()) return false;
  auto it = b.variables->begin();
  for (const auto& [name, var] : *a.variables) {
    if (name != it->first || var.value != it->second.value) return false;
    ++it;
  }
  return true;
}

std::vector<Owner> CollectOwners(const model::Snapshot& snapshot) {
  std::vector<Owner> owners;
  if (!snapshot.graph_built()) return owners;
  const model::FluxGraph& graph = snapshot.flux();
  for (const model::FluxKustomization& k : graph.kustomizations) {
    if (!k.analysed()) continue;
    Owner o;
    o.failed = k.render == nullptr || RenderFailed(k.render->build_issues) ||
               !k.render->generation_issues.empty();
    std::string cluster = k.cluster >= 0 && static_cast<size_t>(k.cluster) < graph.clusters.size()
                              ? graph.clusters[static_cast<size_t>(k.cluster)].name
                              : "";
    o.id = cluster + "|Kustomization/" + k.ref.ns + "/" + k.ref.name;
    o.cluster = cluster;
    o.display = "Kustomization " + k.ref.ToString();
    o.kustomization = &k;
    o.prune = k.spec.prune.value;
    o.force = k.spec.force.value;
    if (!o.failed) {
      o.closure = &k.render->closure;
      o.objects = &k.render->objects;
      o.spec = &k.object;
      o.variables = &k.variables;
      o.location = k.source_root + "\n" + k.dir;
      o.substitutes = k.substitution_runs;
    }
    owners.push_back(std::move(o));
  }
  for (const model::KustomizeRoot& root : snapshot.kustomize_roots()) {
    Owner o;
    o.failed = !root.result->ok();
    o.id = "kustomize:" + root.dir;
    o.display = "kustomize build " + (root.dir.empty() ? std::string(".") : root.dir);
    o.closure = &root.result->closure;
    o.objects = &root.result->objects;
    owners.push_back(std::move(o));
  }
  std::stable_sort(owners.begin(), owners.end(),
                   [](const Owner& a, const Owner& b) { return a.id < b.id; });
  return owners;
}

Catalog BuildCatalog(const model::Snapshot& base, const model::Snapshot& head,
                     const config::Config& config) {
  Catalog catalog = Catalog::Builtin();
  catalog.AddConfig(config);
  for (const model::Snapshot* s : {&head, &base}) {
    for (const model::ObjectEntry* e : s->objects().OfKind("CustomResourceDefinition")) {
      if (e->node != nullptr) catalog.AddCrd(*e->node);
    }
  }
  return catalog;
}

SnapshotDiff SnapshotDiff::Compute(const model::Snapshot& base, const model::Snapshot& head,
                                   Catalog catalog, size_t jobs) {
  return Compute(CollectOwners(base), CollectOwners(head), std::move(catalog), jobs);
}

SnapshotDiff SnapshotDiff::Compute(std::vector<Owner> base, std::vector<Owner> head,
                                   Catalog catalog, size_t jobs) {
  for (std::vector<Owner>* owners : {&base, &head}) {
    std::stable_sort(owners->begin(), owners->end(),
                     [](const Owner& a, const Owner& b) { return a.id < b.id; });
    owners->erase(std::unique(owners->begin(), owners->end(),
                              [](const Owner& a, const Owner& b) { return a.id == b.id; }),
                  owners->end());
  }
  SnapshotDiff diff;
  diff.base_owners_ = std::move(base);
  diff.head_owners_ = std::move(head);
  diff.catalog_ = std::move(catalog);
  // Merge the two sorted owner lists.
  size_t i = 0, j = 0;
  const auto& bo = diff.base_owners_;
  const auto& ho = diff.head_owners_;
  while (i < bo.size() || j < ho.size()) {
    OwnerPair p;
    if (j >= ho.size() || (i < bo.size() && bo[i].id < ho[j].id)) {
      p.id = bo[i].id;
      p.base = &bo[i++];
    } else if (i >= bo.size() || ho[j].id < bo[i].id) {
      p.id = ho[j].id;
      p.head = &ho[j++];
    } else {
      p.id = bo[i].id;
      p.base = &bo[i++];
      p.head = &ho[j++];
      bool same_closure = p.base->closure == p.head->closure ||
                          (p.base->closure != nullptr && p.head->closure != nullptr &&
                           *p.base->closure == *p.head->closure);
      p.unchanged = same_closure && SameInputs(*p.base, *p.head);
    }
    p.failed = (p.base != nullptr && p.base->failed) || (p.head != nullptr && p.head->failed);
    if (p.failed) p.unchanged = false;
    diff.pairs_.push_back(std::move(p));
  }

  std::vector<std::vector<ObjectDiff>> per_owner(diff.pairs_.size());
  std::vector<size_t> compared(diff.pairs_.size(), 0);
  const Catalog& cat = diff.catalog_;
  ParallelFor(diff.pairs_.size(), std::max<size_t>(1, jobs), [&](size_t index) {
    const OwnerPair& p = diff.pairs_[index];
    if (p.unchanged || p.failed) return;
    static const std::vector<yaml::Node> kNone;
    auto bk = Keyed(p.base != nullptr && p.base->objects ? *p.base->objects : kNone, cat);
    auto hk = Keyed(p.head != nullptr && p.head->objects ? *p.head->objects : kNone, cat);
    std::map<ObjectKey, const yaml::Node*> base_by_key(bk.begin(), bk.end());
    std::vector<ObjectDiff>& out = per_owner[index];
    std::set<ObjectKey> in_head;
    for (auto& [key, node] : hk) {
      in_head.insert(key);
      auto it = base_by_key.find(key);
      ObjectDiff d;
      d.key = key;
      d.owner = index;
      d.head = node;
      if (it == base_by_key.end()) {
        d.kind = ObjectDiff::Kind::kAdded;
        out.push_back(std::move(d));
        continue;
      }
      ++compared[index];
      d.base = it->second;
      ObjectDefaults bdef = cat.DefaultsFor(key.group, key.kind, d.base);
      ObjectDefaults hdef = cat.DefaultsFor(key.group, key.kind, d.head);
      d.changes = DiffObjects(*d.base, *d.head, bdef, hdef);
      if (d.changes.empty()) continue;
      d.kind = ObjectDiff::Kind::kChanged;
      out.push_back(std::move(d));
    }
    for (auto& [key, node] : bk) {
      if (in_head.count(key)) continue;
      ObjectDiff d;
      d.kind = ObjectDiff::Kind::kRemoved;
      d.key = key;
      d.owner = index;
      d.base = node;
      out.push_back(std::move(d));
    }
  });
  for (size_t k = 0; k < per_owner.size(); ++k) {
    diff.objects_compared_ += compared[k];
    for (ObjectDiff& d : per_owner[k]) diff.objects_.push_back(std::move(d));
  }
  return diff;
}

size_t SnapshotDiff::owners_skipped() const {
  return static_cast<size_t>(
      std::count_if(pairs_.begin(), pairs_.end(), [](const OwnerPair& p) { return p.unchanged; }));
}

}  // namespace fluxlint::diff
