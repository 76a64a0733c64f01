#include "diff/immutable.h"

#include <algorithm>
#include <map>
#include <optional>

#include "diff/quantity.h"
#include "util/base64.h"
#include "yaml/emitter.h"
#include "yaml/scalar.h"

namespace fluxlint::diff {
namespace {

bool Present(const yaml::Node* n) { return n != nullptr && !(n->IsScalar() && n->IsNull()); }

bool IsTrue(const yaml::Node* n) {
  return n != nullptr && n->IsScalar() && yaml::ResolveScalar(*n) == yaml::ScalarType::kBool &&
         (n->value == "true" || n->value == "True" || n->value == "TRUE");
}

std::string_view StringAt(const yaml::Node& object, std::initializer_list<std::string_view> path,
                          std::string_view fallback) {
  const yaml::Node* n = object.Find(path);
  if (n == nullptr || !n->IsScalar() || n->IsNull()) return fallback;
  return n->value;
}

FieldPath Prefix(const FieldPath& path, size_t n) {
  return FieldPath(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(n));
}


/// A Secret's data as the API server stores it: `data` decoded, `stringData` on top.
std::map<std::string, std::string> SecretData(const yaml::Node& secret) {
  std::map<std::string, std::string> out;
  if (const yaml::Node* data = secret.Get("data"); data != nullptr && data->IsMapping()) {
    for (size_t i = 0; i < data->EntryCount(); ++i) {
      std::optional<std::string> decoded = DecodeBase64(data->Value(i).value);
      out[data->Key(i).value] = decoded ? *decoded : "\x01invalid:" + data->Value(i).value;
    }
  }
  if (const yaml::Node* data = secret.Get("stringData"); data != nullptr && data->IsMapping()) {
    for (size_t i = 0; i < data->EntryCount(); ++i) out[data->Key(i).value] = data->Value(i).value;
  }
  return out;
}

/// The scalars of a list as a sorted multiset (for `unordered` entries).
std::vector<std::string> Multiset(const yaml::Node* n) {
  std::vector<std::string> out;
  if (n == nullptr) return out;
  if (n->IsSequence()) {
    for (const yaml::Node& item : n->children) out.push_back(yaml::Emit(item));
  } else if (Present(n)) {
    out.push_back(yaml::Emit(*n));
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct ServiceFacts {
  std::string type;
  std::string primary_ip;  ///< "" when not written
  std::string primary_family;
  std::string traffic_policy;
  bool headless() const { return primary_ip == "None"; }
};

ServiceFacts Service(const yaml::Node& object) {
  ServiceFacts f;
  f.type = std::string(StringAt(object, {"spec", "type"}, "ClusterIP"));
  const yaml::Node* ips = object.Find({"spec", "clusterIPs"});
  if (ips != nullptr && ips->IsSequence() && ips->ItemCount() > 0 && ips->children[0].IsScalar()) {
    f.primary_ip = ips->children[0].value;
  } else {
    f.primary_ip = std::string(StringAt(object, {"spec", "clusterIP"}, ""));
  }
  const yaml::Node* families = object.Find({"spec", "ipFamilies"});
  if (families != nullptr && families->IsSequence() && families->ItemCount() > 0) {
    f.primary_family = families->children[0].value;
  }
  f.traffic_policy = std::string(StringAt(object, {"spec", "externalTrafficPolicy"}, "Cluster"));
  return f;
}

/// Whether one change, inside entry path `r`, counts under the entry's condition.
bool ConditionHolds(const CatalogEntry& e, const FieldPath& r, const FieldChange& c,
                    const ObjectDiff& d, std::string* detail) {
  size_t depth = std::min(r.size(), c.path.size());
  FieldPath at = Prefix(c.path, depth);
  const yaml::Node* base_at = NodeAt(*d.base, at);
  const yaml::Node* head_at = NodeAt(*d.head, at);
  if (e.needs_parent && !at.empty()) {
    FieldPath parent = Prefix(at, at.size() - 1);
    if (!Present(NodeAt(*d.base, parent)) || !Present(NodeAt(*d.head, parent))) return false;
  }
  switch (e.when) {
    case When::kAlways:
    case When::kBaseImmutable:
      return true;
    case When::kOnceSet:
      return Present(base_at);
    case When::kNoUnset:
      return Present(base_at) && !Present(head_at);
    case When::kBothPresent:
      return Present(base_at) && Present(head_at);
    case When::kPresence:
      return Present(base_at) != Present(head_at);
    case When::kNoDecrease: {
      if (!Present(c.base) || !Present(c.head) || !c.base->IsScalar() || !c.head->IsScalar()) {
        return false;
      }
      std::optional<long double> b = ParseQuantity(c.base->value);
      std::optional<long double> h = ParseQuantity(c.head->value);
      if (!b || !h || *h >= *b) return false;
      *detail = c.base->value + " -> " + c.head->value;
      return true;
    }
    case When::kServiceClusterIP: {
      ServiceFacts b = Service(*d.base), h = Service(*d.head);
      if (b.type == "ExternalName" || h.type == "ExternalName") return false;
      if (b.headless() && h.headless()) return false;
      if (h.primary_ip.empty()) return false;  // the server keeps the allocated address
      if (b.primary_ip.empty()) {
        if (!h.headless()) return false;  // may be the allocated one; cannot know
        *detail = "an allocated cluster IP -> None";
        return true;
      }
      if (b.primary_ip == h.primary_ip) return false;
      *detail = b.primary_ip + " -> " + h.primary_ip;
      return true;
    }
    case When::kServiceIPFamilies: {
      ServiceFacts b = Service(*d.base), h = Service(*d.head);
      if (b.type == "ExternalName" || h.type == "ExternalName") return false;
      if (b.headless() != h.headless() || (b.headless() && h.headless())) return false;
      if (b.primary_family.empty() || h.primary_family.empty()) return false;
      if (b.primary_family == h.primary_family) return false;
      *detail = b.primary_family + " -> " + h.primary_family;
      return true;
    }
    case When::kServiceLoadBalancerClass: {
      ServiceFacts b = Service(*d.base), h = Service(*d.head);
      return b.type == "LoadBalancer" && h.type == "LoadBalancer";
    }
    case When::kServiceHealthCheckNodePort: {
      ServiceFacts b = Service(*d.base), h = Service(*d.head);
      bool needs = b.type == "LoadBalancer" && h.type == "LoadBalancer" &&
                   b.traffic_policy == "Local" && h.traffic_policy == "Local";
      if (!needs || !Present(c.base) || !Present(c.head)) return false;
      return c.base->value != "0" && c.head->value != "0";
    }
  }
  return false;
}

/// Whether a change above entry path `r` (a value whose type changed, or a list item added or
/// removed whole) reaches into `r`.
bool Touches(const FieldChange& c, const FieldPath& r) {
  FieldPath rest(r.begin() + static_cast<std::ptrdiff_t>(c.path.size()), r.end());
  for (const yaml::Node* n : {c.base, c.head}) {
    if (n == nullptr) continue;
    for (const Located& l : Resolve(*n, rest)) {
      if (Present(l.node)) return true;
    }
  }
  return false;
}

}  // namespace

std::string ShortValue(const yaml::Node* node) {
  if (!Present(node)) return "(absent)";
  if (node->IsMapping()) return "{…}";
  if (node->IsSequence()) return "[…]";
  std::string v = node->value;
  if (v.size() > 60) v = v.substr(0, 57) + "...";
  return "'" + v + "'";
}

std::vector<Violation> FindViolations(const ObjectDiff& d, const Catalog& catalog) {
  std::vector<Violation> out;
  if (d.kind != ObjectDiff::Kind::kChanged || d.base == nullptr || d.head == nullptr) return out;
  bool base_suspended = IsTrue(d.base->Find({"spec", "suspend"}));
  for (const CatalogEntry* e : catalog.EntriesFor(d.key.group, d.key.kind)) {
    if (e->when == When::kBaseImmutable && !IsTrue(d.base->Get("immutable"))) continue;
    if (e->unordered) {
      bool all_equal = true;
      for (const FieldPath& r : e->paths) {
        std::vector<Located> b = Resolve(*d.base, r), h = Resolve(*d.head, r);
        if (b.size() != h.size()) {
          all_equal = false;
          break;
        }
        for (size_t i = 0; i < b.size() && all_equal; ++i) {
          all_equal = Multiset(b[i].node) == Multiset(h[i].node);
        }
      }
      if (all_equal) continue;
    }
    // A Secret's stringData is folded into data before the comparison.
    bool secret_data_equal = e->when == When::kBaseImmutable && d.key.group.empty() &&
                             d.key.kind == "Secret" && SecretData(*d.base) == SecretData(*d.head);
    Violation v;
    v.entry = e;
    for (const FieldChange& c : d.changes) {
      bool counted = false;
      for (const FieldPath& r : e->paths) {
        bool inside = PatternCovers(r, c.path);
        if (!inside && !(PathAbovePattern(c.path, r) && Touches(c, r))) continue;
        if (inside && (!e->except_if_suspended || base_suspended) &&
            std::any_of(e->except.begin(), e->except.end(),
                        [&](const FieldPath& x) { return PatternCovers(x, c.path); })) {
          continue;
        }
        if (secret_data_equal && !c.path.empty() &&
            (c.path[0].key == "data" || c.path[0].key == "stringData")) {
          continue;
        }
        std::string detail;
        if (!ConditionHolds(*e, r, c, d, &detail)) continue;
        if (v.detail.empty()) v.detail = detail;
        counted = true;
        break;
      }
      if (counted) v.changes.push_back(&c);
    }
    if (!v.changes.empty()) out.push_back(std::move(v));
  }
  return out;
}

}  // namespace fluxlint::diff
