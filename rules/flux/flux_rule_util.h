#ifndef FLUXLINT_RULES_FLUX_FLUX_RULE_UTIL_H_
#define FLUXLINT_RULES_FLUX_FLUX_RULE_UTIL_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "diag/span.h"
#include "model/flux_graph.h"
#include "yaml/node.h"

namespace fluxlint::rules {

/// Remembers what was reported, so that a finding reached through several Kustomizations
/// (a base shared by two overlays, a file that is a root and a child) is reported once.
class ReportOnce {
 public:
  /// True the first time (span, key) is seen.
  bool First(const Span& span, std::string_view key) {
    return seen_
        .emplace(std::string(span.path()), span.begin.offset, span.end.offset, std::string(key))
        .second;
  }

 private:
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>> seen_;
};

/// `span` when valid, else `fallback`.
inline Span Or(const Span& span, const Span& fallback) { return span.valid() ? span : fallback; }

/// "Kustomization flux-system/apps".
inline std::string Describe(const model::FluxKustomization& k) {
  return "Kustomization " + k.ref.ToString();
}

/// The Kustomization at `index` of the graph, or nullptr for -1.
inline const model::FluxKustomization* KustomizationAt(const model::FluxGraph& graph, int index) {
  return index < 0 ? nullptr : &graph.kustomizations[static_cast<size_t>(index)];
}

/// Where to point for a whole Kustomization: its metadata.name, else its definition.
inline Span NameSpan(const model::FluxKustomization& k) {
  return Or(k.spec.meta.name.span, k.definition);
}

/// The span of the value of `key` in `object` (a mapping), or of the object.
inline Span ValueSpan(const yaml::Node& object, std::string_view key) {
  const yaml::Node* v = object.Get(key);
  return v != nullptr && v->span.valid() ? v->span : object.span;
}

/// The span of the key `key` in `object`, or of the object.
inline Span KeySpan(const yaml::Node& object, std::string_view key) {
  if (object.IsMapping()) {
    for (size_t i = 0; i < object.EntryCount(); ++i) {
      if (object.Key(i).IsScalar() && object.Key(i).value == key && object.Key(i).span.valid()) {
        return object.Key(i).span;
      }
    }
  }
  return object.span;
}

}  // namespace fluxlint::rules

#endif  // FLUXLINT_RULES_FLUX_FLUX_RULE_UTIL_H_
