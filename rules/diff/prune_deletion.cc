// diff-prune-deletion: objects that leave a Kustomization with prune: true.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "diff/snapshot_diff.h"
#include "model/flux_graph.h"
#include "rules/diff/diff_rule_util.h"
#include "rules/rule.h"
#include "yaml/emitter.h"

namespace fluxlint::rules {
namespace {

/// Deleting these loses data.
bool DataLoss(const diff::ObjectKey& key) {
  if (key.group.empty()) {
    return key.kind == "PersistentVolumeClaim" || key.kind == "PersistentVolume" ||
           key.kind == "Namespace";
  }
  return (key.group == "apps" && key.kind == "StatefulSet") ||
         (key.group == "apiextensions.k8s.io" && key.kind == "CustomResourceDefinition");
}

std::string_view LossText(const diff::ObjectKey& key) {
  if (key.kind == "PersistentVolumeClaim") {
    return "; with the reclaim policy Delete its volume and the data on it are deleted too";
  }
  if (key.kind == "PersistentVolume") {
    return "; with the reclaim policy Delete the storage behind it is deleted too";
  }
  if (key.kind == "Namespace") return "; every object in the namespace is deleted with it";
  if (key.kind == "StatefulSet") return "; its pods are deleted and their claims are orphaned";
  if (key.kind == "CustomResourceDefinition") {
    return "; every custom resource of that kind in the cluster is deleted with it";
  }
  return "";
}

/// kustomize's ConfigMap/Secret content hash suffix: "-" and 10 characters of its alphabet.
bool HashSuffixed(std::string_view name, std::string_view* prefix) {
  if (name.size() < 12 || name[name.size() - 11] != '-') return false;
  for (char c : name.substr(name.size() - 10)) {
    if (std::string_view("bcdfghkmt2456789").find(c) == std::string_view::npos) return false;
  }
  *prefix = name.substr(0, name.size() - 11);
  return true;
}

/// The object with metadata.name removed (to compare a rename).
yaml::Node WithoutName(const yaml::Node& object) {
  yaml::Node copy = object;
  if (yaml::Node* md = copy.GetMutable("metadata")) md->Remove("name");
  return copy;
}

/// Why the object is not pruned, or "".
std::string Exempt(const yaml::Node& object) {
  if (diff::MetadataFlag(object, diffrules::kPruneKey, "disabled")) {
    return std::string(diffrules::kPruneKey) + ": disabled";
  }
  if (diff::MetadataFlag(object, diffrules::kReconcileKey, "disabled")) {
    return std::string(diffrules::kReconcileKey) + ": disabled";
  }
  if (diff::MetadataFlag(object, diffrules::kSsaKey, "ignore")) {
    return std::string(diffrules::kSsaKey) + ": Ignore";
  }
  return "";
}

bool IsKustomizationFile(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

/// The `resources` key (else the first line) of the first kustomization file of the head render
/// that differs from the base render: usually where the resource was taken out.
Span ChangedKustomizationFile(const Context& context, const diff::Owner& base,
                              const diff::Owner& head) {
  if (base.closure == nullptr || head.closure == nullptr) return {};
  std::map<std::string_view, std::string_view> before;
  for (const auto& [path, id] : *base.closure) before[path] = id;
  for (const auto& [path, id] : *head.closure) {
    if (id.empty() || !IsKustomizationFile(path)) continue;
    auto it = before.find(path);
    if (it != before.end() && it->second == id) continue;
    for (const auto& file : context.head.all_files()) {
      if (file->file == nullptr || file->file->path != path) continue;
      for (const yaml::Document& d : file->documents) {
        if (d.empty || !d.root.IsMapping()) continue;
        for (size_t i = 0; i < d.root.EntryCount(); ++i) {
          if (d.root.Key(i).value == "resources" && d.root.Key(i).span.valid()) {
            return d.root.Key(i).span;
          }
        }
      }
      return FileSpan(file->file);
    }
  }
  return {};
}

/// Whether the parent of a Kustomization that is gone at head deletes it (then its finalizer
/// deletes what it applied).
bool ParentPrunes(const Context& context, const model::FluxKustomization& k) {
  if (context.base == nullptr || k.parent < 0) return false;
  const auto& list = context.base->flux().kustomizations;
  if (static_cast<size_t>(k.parent) >= list.size()) return false;
  return list[static_cast<size_t>(k.parent)].spec.prune.value;
}

}  // namespace

void CheckDiffPruneDeletion(const Context& context, Reporter& out) {
  if (context.diff == nullptr) return;
  const diff::SnapshotDiff& sd = *context.diff;
  diffrules::Dedup dedup;
  std::string base_name = diffrules::BaseName(context);

  // Objects applied by any Kustomization of the same cluster at head: one that moves to
  // another Kustomization stays in the cluster.
  std::map<std::string, std::set<diff::ObjectKey>> head_keys;
  bool head_keys_built = false;
  auto in_head = [&](const std::string& cluster, const diff::ObjectKey& key) {
    if (!head_keys_built) {
      head_keys_built = true;
      for (const diff::OwnerPair& p : sd.owners()) {
        if (p.head == nullptr || p.head->objects == nullptr) continue;
        std::set<diff::ObjectKey>& keys = head_keys[p.head->cluster];
        for (const yaml::Node& o : *p.head->objects) keys.insert(diff::KeyOf(o, sd.catalog()));
      }
    }
    auto it = head_keys.find(cluster);
    return it != head_keys.end() && it->second.count(key) > 0;
  };

  // Group the removed and added objects of each owner.
  std::map<size_t, std::vector<const diff::ObjectDiff*>> removed, added;
  for (const diff::ObjectDiff& d : sd.objects()) {
    if (d.kind == diff::ObjectDiff::Kind::kRemoved) removed[d.owner].push_back(&d);
    if (d.kind == diff::ObjectDiff::Kind::kAdded) added[d.owner].push_back(&d);
  }

  for (const auto& [owner_index, gone] : removed) {
    const diff::OwnerPair& p = sd.owners()[owner_index];
    const diff::Owner* effective = p.head != nullptr ? p.head : p.base;
    if (effective == nullptr || !effective->prune) continue;
    const model::FluxKustomization* base_k = p.base != nullptr ? p.base->kustomization : nullptr;
    const model::FluxKustomization* head_k = p.head != nullptr ? p.head->kustomization : nullptr;
    if (base_k == nullptr) continue;
    if (head_k == nullptr && !ParentPrunes(context, *base_k)) continue;

    // Where to point: the renamed object, else what changed in the owner.
    Span owner_span;
    std::string owner_why;
    if (head_k != nullptr) {
      if (base_k->dir != head_k->dir && head_k->spec.path.span.valid()) {
        owner_span = head_k->spec.path.span;
        owner_why = " (its spec.path changed from '" + base_k->dir + "' to '" + head_k->dir + "')";
      } else if (Span changed = ChangedKustomizationFile(context, *p.base, *p.head);
                 changed.valid()) {
        owner_span = changed;
      } else {
        owner_span =
            head_k->spec.meta.name.span.valid() ? head_k->spec.meta.name.span : head_k->definition;
      }
    } else {
      owner_span =
          base_k->spec.meta.name.span.valid() ? base_k->spec.meta.name.span : base_k->definition;
      owner_why =
          " (the Kustomization itself is removed, and its finalizer deletes what it applied)";
    }

    std::vector<const diff::ObjectDiff*> candidates;
    if (auto it = added.find(owner_index); it != added.end()) candidates = it->second;
    std::vector<bool> used(candidates.size(), false);
    std::unordered_multimap<std::string, size_t> by_text;  // candidates by content, name left out
    for (size_t i = 0; i < candidates.size(); ++i) {
      by_text.emplace(yaml::Emit(WithoutName(*candidates[i]->head)), i);
    }

    for (const diff::ObjectDiff* d : gone) {
      if (!Exempt(*d->base).empty()) continue;
      if (in_head(effective->cluster, d->key)) continue;  // another Kustomization applies it
      // A generated ConfigMap/Secret whose content hash changed: rotation, not a loss.
      std::string_view prefix;
      if ((d->key.kind == "ConfigMap" || d->key.kind == "Secret") && d->key.group.empty() &&
          HashSuffixed(d->key.name, &prefix)) {
        bool rotated = std::any_of(candidates.begin(), candidates.end(), [&](const auto* a) {
          std::string_view other;
          return a->key.kind == d->key.kind && a->key.ns == d->key.ns &&
                 HashSuffixed(a->key.name, &other) && other == prefix;
        });
        if (rotated) continue;
      }
      // A rename: an added object of the same kind and namespace with the same content. Exact
      // text first (renders are normalized), then, for a few candidates, after API defaults.
      const diff::ObjectDiff* renamed = nullptr;
      yaml::Node base_copy = WithoutName(*d->base);
      auto range = by_text.equal_range(yaml::Emit(base_copy));
      for (auto it = range.first; it != range.second && renamed == nullptr; ++it) {
        const diff::ObjectDiff* a = candidates[it->second];
        if (used[it->second] || a->key.group != d->key.group || a->key.kind != d->key.kind ||
            a->key.ns != d->key.ns) {
          continue;
        }
        used[it->second] = true;
        renamed = a;
      }
      size_t same_kind = 0;
      for (const diff::ObjectDiff* a : candidates) {
        if (a->key.group == d->key.group && a->key.kind == d->key.kind) ++same_kind;
      }
      for (size_t i = 0; i < candidates.size() && renamed == nullptr && same_kind <= 64; ++i) {
        const diff::ObjectDiff* a = candidates[i];
        if (used[i] || a->key.group != d->key.group || a->key.kind != d->key.kind ||
            a->key.ns != d->key.ns) {
          continue;
        }
        yaml::Node head_copy = WithoutName(*a->head);
        diff::ObjectDefaults bdef = sd.catalog().DefaultsFor(d->key.group, d->key.kind, d->base);
        diff::ObjectDefaults hdef = sd.catalog().DefaultsFor(a->key.group, a->key.kind, a->head);
        if (diff::SemanticEqual(&base_copy, &head_copy, {}, bdef, hdef)) {
          used[i] = true;
          renamed = a;
        }
      }

      Severity severity = DataLoss(d->key) ? Severity::kError : Severity::kWarning;
      std::string message;
      Span span;
      if (renamed != nullptr) {
        span = diffrules::NameSpan(*renamed->head);
        message = d->key.Describe() + " is renamed to " + renamed->key.name + " in " +
                  effective->display + " (prune: true): Flux creates " + renamed->key.Describe() +
                  " and deletes " + d->key.Describe() + std::string(LossText(d->key));
        if (d->key.kind == "PersistentVolumeClaim") message += "; the new claim starts empty";
      } else {
        span = owner_span;
        message = d->key.Describe() + " is no longer applied by " + effective->display + owner_why +
                  ": with prune: true Flux deletes it from the cluster" +
                  std::string(LossText(d->key));
      }
      if (!span.valid() || !diffrules::Reportable(context, span, p)) continue;
      if (!dedup.First(span, message)) continue;
      Diagnostic& diag = out.Report(severity, span, message);
      diag.related.push_back(
          {diffrules::NameSpan(*d->base), d->key.Describe() + " as applied at " + base_name});
      diag.help =
          "if the deletion is not intended, keep the object, or first commit it with the "
          "annotation " +
          std::string(diffrules::kPruneKey) + ": disabled";
    }
  }
}

}  // namespace fluxlint::rules
