#include "kustomize/name_reference.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "kustomize/generators.h"

namespace fluxlint::kustomize {

void AddHashSuffixes(std::vector<Resource>& resources) {
  for (Resource& r : resources) {
    if (!r.needs_hash) continue;
    std::string hash = ContentHash(r.node);
    r.StorePreviousId();
    const yaml::Node* md = r.node.Get("metadata");
    const yaml::Node* name = md != nullptr ? md->Get("name") : nullptr;
    Span span = name != nullptr ? name->span : r.origin;
    r.SetName(std::string(r.Name()) + "-" + hash, span);
    r.needs_hash = false;
  }
}

namespace {

/// kustomize compares the lists of prefixes (and suffixes) by their common ending.
bool SameEnding(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::vector<std::string>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& longer = a.size() <= b.size() ? b : a;
  size_t diff = longer.size() - shorter.size();
  if (shorter.empty()) return diff == 0;
  for (size_t i = 0; i < shorter.size(); ++i) {
    if (longer[i + diff] != shorter[i]) return false;
  }
  return true;
}

class Fixer {
 public:
  Fixer(std::vector<Resource>& resources, std::vector<BuildIssue>* issues)
      : resources_(resources), issues_(issues) {
    cur_ids_.reserve(resources.size());
    for (size_t i = 0; i < resources.size(); ++i) {
      cur_ids_.push_back(resources[i].CurId());
      std::set<std::string> names;
      for (const ResId& id : resources[i].prev_ids) names.insert(id.name);
      for (const std::string& n : names) by_prev_name_[n].push_back(i);
    }
  }

  void Run(const std::vector<NameBackReference>& refs) {
    for (size_t ri = 0; ri < resources_.size(); ++ri) {
      Gvk org_gvk = resources_[ri].OrgId().gvk;
      bool any = false;
      for (const NameBackReference& ref : refs) {
        for (const FieldSpec& fs : ref.referrers) {
          if (!FieldSpecSelects(fs, org_gvk)) continue;
          if (!any) {
            any = true;
            PrepareReferrer(ri);
          }
          Apply(ri, org_gvk, ref.gvk, fs);
        }
      }
    }
  }

 private:
  void PrepareReferrer(size_t ri) {
    rb_namespaces_.clear();
    const Resource& r = resources_[ri];
    if (r.Kind() != "RoleBinding") return;
    const yaml::Node* subjects = r.node.Get("subjects");
    if (subjects == nullptr || !subjects->IsSequence()) return;
    for (const yaml::Node& s : subjects->children) {
      if (!s.IsMapping() || s.GetString("kind") != "ServiceAccount") continue;
      if (const yaml::Node* ns = s.Get("namespace"); ns != nullptr && ns->IsScalar()) {
        rb_namespaces_.insert(ns->value);
      }
    }
  }

  /// kustomize's SubsetThatCouldBeReferencedByResource, for one candidate.
  bool Visible(size_t referrer, size_t candidate) const {
    const ResId& rid = cur_ids_[referrer];
    const ResId& cid = cur_ids_[candidate];
    if (rid.IsClusterScoped()) return true;
    if (cid.IsClusterScoped()) return true;
    if (cid.NamespaceEquals(rid)) return true;
    return rb_namespaces_.count(std::string(resources_[candidate].Namespace())) > 0;
  }

  /// `org_gvk` is the referrer's original gvk, which selected `fs` (as in kustomize).
  void Apply(size_t ri, const Gvk& org_gvk, const Gvk& target, const FieldSpec& fs) {
    bool role_ref = fs.path.size() >= 12 && fs.path.substr(fs.path.size() - 12) == "roleRef/name";
    std::optional<Gvk> role_ref_gvk;
    if (role_ref) {
      const yaml::Node* rr = resources_[ri].node.Get("roleRef");
      if (rr != nullptr && rr->IsMapping() && rr->Get("apiGroup") && rr->Get("kind")) {
        role_ref_gvk =
            Gvk{std::string(rr->GetString("apiGroup")), "", std::string(rr->GetString("kind"))};
      }
    }
    auto set = [&](yaml::Node& n) -> std::optional<std::string> {
      if (n.IsNull()) return std::nullopt;
      if (n.IsScalar()) return SetScalar(ri, target, role_ref_gvk, n);
      if (n.IsMapping()) return SetMapping(ri, target, role_ref_gvk, n);
      for (yaml::Node& item : n.children) {
        std::optional<std::string> err;
        if (item.IsScalar()) err = SetScalar(ri, target, role_ref_gvk, item);
        if (item.IsMapping()) err = SetMapping(ri, target, role_ref_gvk, item);
        if (err) return err;
      }
      return std::nullopt;
    };
    if (auto err =
            ApplyFieldSpec(resources_[ri].node, org_gvk, fs, CreateKind::kNone, set, Span{})) {
      Error("updating the name reference at '" + fs.path + "' of " + cur_ids_[ri].Describe() +
                ": " + *err,
            resources_[ri].origin);
    }
  }

  /// The candidates for a reference to `old_name` of kind `target` from `ri`, sieved like
  /// kustomize's selectReferral. nullopt when there is none; an error when ambiguous.
  std::optional<size_t> Select(size_t ri, const Gvk& target, const std::optional<Gvk>& role_ref,
                               const std::string& old_name, const std::vector<size_t>* subset,
                               bool compare_namespaces, std::string* error) {
    auto it = by_prev_name_.find(old_name);
    if (it == by_prev_name_.end()) return std::nullopt;
    std::vector<size_t> c;
    for (size_t idx : it->second) {
      if (subset != nullptr && std::find(subset->begin(), subset->end(), idx) == subset->end()) {
        continue;
      }
      if (subset == nullptr && !Visible(ri, idx)) continue;
      const Resource& cand = resources_[idx];
      bool gvk_ok = false;
      bool role_ok = !role_ref.has_value();
      for (const ResId& id : cand.prev_ids) {
        if (id.gvk.IsSelectedBy(target)) gvk_ok = true;
        if (role_ref && id.gvk.IsSelectedBy(*role_ref)) role_ok = true;
      }
      if (!gvk_ok || !role_ok) continue;
      // Same current namespace as the referrer (cluster-scoped and ServiceAccounts pass).
      const ResId& rid = cur_ids_[ri];
      const ResId& cid = cur_ids_[idx];
      if (!rid.IsClusterScoped() && !cid.IsClusterScoped() && cand.Kind() != "ServiceAccount" &&
          !rid.NamespaceEquals(cid)) {
        continue;
      }
      c.push_back(idx);
    }
    if (c.size() == 1) return c[0];
    std::vector<size_t> same_affixes;
    for (size_t idx : c) {
      if (SameEnding(resources_[idx].prefixes, resources_[ri].prefixes) &&
          SameEnding(resources_[idx].suffixes, resources_[ri].suffixes)) {
        same_affixes.push_back(idx);
      }
    }
    if (same_affixes.size() == 1) return same_affixes[0];
    if (same_affixes.empty()) return std::nullopt;
    bool identical = true;
    for (size_t idx : same_affixes) {
      const Resource& a = resources_[same_affixes[0]];
      const Resource& b = resources_[idx];
      if (a.Name() != b.Name() || (compare_namespaces && a.Namespace() != b.Namespace())) {
        identical = false;
      }
    }
    if (identical) return same_affixes[0];
    std::string ids;
    for (size_t idx : same_affixes) {
      if (!ids.empty()) ids += ", ";
      ids += cur_ids_[idx].Describe();
    }
    *error = "'" + old_name + "' in " + cur_ids_[ri].Describe() +
             " may refer to several objects: " + ids;
    return std::nullopt;
  }

  std::optional<std::string> SetScalar(size_t ri, const Gvk& target,
                                       const std::optional<Gvk>& role_ref, yaml::Node& n) {
    std::string error;
    std::optional<size_t> referral = Select(ri, target, role_ref, n.value, nullptr, false, &error);
    if (!error.empty()) return error;
    if (!referral) return std::nullopt;
    std::string_view name = resources_[*referral].Name();
    if (name == n.value) return std::nullopt;
    n = MakeString(std::string(name), n.span);
    return std::nullopt;
  }

  std::optional<std::string> SetMapping(size_t ri, const Gvk& target,
                                        const std::optional<Gvk>& role_ref, yaml::Node& m) {
    yaml::Node* name = m.GetMutable("name");
    if (name == nullptr) return "a reference here needs a 'name' field";
    if (!name->IsScalar()) return std::nullopt;
    std::vector<size_t> subset;
    const std::vector<size_t>* subset_ptr = nullptr;
    if (const yaml::Node* ns = m.Get("namespace"); ns != nullptr && ns->IsScalar()) {
      // Candidates in that namespace: by original namespace if any object was there, else by
      // current namespace.
      std::string want = ns->value;
      for (int pass = 0; pass < 2 && subset.empty(); ++pass) {
        for (size_t i = 0; i < resources_.size(); ++i) {
          if (!Visible(ri, i)) continue;
          ResId id = pass == 0 ? resources_[i].OrgId() : cur_ids_[i];
          if (id.IsClusterScoped()) continue;
          if (id.EffectiveNamespace() == (want.empty() ? "default" : want)) subset.push_back(i);
        }
      }
      subset_ptr = &subset;
      if (subset.empty()) return std::nullopt;
    }
    std::string error;
    std::optional<size_t> referral =
        Select(ri, target, role_ref, name->value, subset_ptr, true, &error);
    if (!error.empty()) return error;
    if (!referral) return std::nullopt;
    const Resource& ref = resources_[*referral];
    if (ref.Name() == name->value && ref.Namespace().empty()) return std::nullopt;
    *name = MakeString(std::string(ref.Name()), name->span);
    if (!ref.Namespace().empty()) {
      Span span = m.Get("namespace") != nullptr ? m.Get("namespace")->span : name->span;
      m.Set("namespace", MakeString(std::string(ref.Namespace()), span), span);
    }
    return std::nullopt;
  }

  void Error(std::string message, Span span) {
    issues_->push_back(
        BuildIssue{BuildIssue::kError, "name-reference", std::move(message), span, {}, ""});
  }

  std::vector<Resource>& resources_;
  std::vector<BuildIssue>* issues_;
  std::vector<ResId> cur_ids_;
  std::unordered_map<std::string, std::vector<size_t>> by_prev_name_;
  std::set<std::string> rb_namespaces_;
};

}  // namespace

void FixNameReferences(std::vector<Resource>& resources, const std::vector<NameBackReference>& refs,
                       std::vector<BuildIssue>* issues) {
  Fixer fixer(resources, issues);
  fixer.Run(refs);
}

}  // namespace fluxlint::kustomize
