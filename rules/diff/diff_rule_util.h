#ifndef FLUXLINT_RULES_DIFF_DIFF_RULE_UTIL_H_
#define FLUXLINT_RULES_DIFF_DIFF_RULE_UTIL_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "diag/span.h"
#include "diff/snapshot_diff.h"
#include "model/snapshot.h"
#include "rules/rule.h"
#include "yaml/node.h"

namespace fluxlint::rules::diffrules {

/// Label and annotation keys kustomize-controller reads on applied objects.
inline constexpr std::string_view kForceKey = "kustomize.toolkit.fluxcd.io/force";
inline constexpr std::string_view kPruneKey = "kustomize.toolkit.fluxcd.io/prune";
inline constexpr std::string_view kReconcileKey = "kustomize.toolkit.fluxcd.io/reconcile";
inline constexpr std::string_view kSsaKey = "kustomize.toolkit.fluxcd.io/ssa";

/// Drops findings already made: the same object reached through two Kustomizations (two
/// clusters sharing a base) gives the same span and message.
class Dedup {
 public:
  bool First(const Span& span, const std::string& message) {
    return seen_.emplace(std::string(span.path()), span.begin.offset, span.end.offset, message)
        .second;
  }

 private:
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>> seen_;
};

/// The Flux Kustomization of an owner at head (else base), or nullptr.
inline const model::FluxKustomization* OwnerKustomization(const diff::OwnerPair& p) {
  if (p.head != nullptr) return p.head->kustomization;
  return p.base != nullptr ? p.base->kustomization : nullptr;
}

/// Whether a finding at `span` about an object of `p` belongs to this run.
inline bool Reportable(const Context& context, const Span& span, const diff::OwnerPair& p) {
  return context.head.Reportable(span, p.head != nullptr ? p.head->kustomization : nullptr);
}

/// The revision the base snapshot was loaded from ("HEAD").
inline std::string BaseName(const Context& context) {
  return context.base != nullptr ? context.base->revision() : std::string("the base revision");
}

/// The span of metadata.name of an object, else the object.
inline Span NameSpan(const yaml::Node& object) {
  const yaml::Node* name = object.Find({"metadata", "name"});
  if (name != nullptr && name->span.valid()) return name->span;
  return object.span;
}

/// Why Flux force-applies an object: the Kustomization's spec.force or the object's label or
/// annotation (at either revision: kustomize-controller reads the desired and the in-cluster
/// object). `why` and `where` say which; false when nothing forces it.
bool Forced(const diff::OwnerPair& p, const diff::ObjectDiff& d, std::string* why, Span* where);

/// `<Kind>.<group> "<name>" is invalid: <message>`: how the API server's refusal reads in
/// Flux's dry-run error.
std::string InvalidMessage(const diff::ObjectKey& key, std::string_view message);

/// "spec.x changed from 'a' to 'b'", "spec.x set to 'b'", "spec.x removed (was 'a')".
std::string DescribeChange(const diff::FieldChange& change);

}  // namespace fluxlint::rules::diffrules

#endif  // FLUXLINT_RULES_DIFF_DIFF_RULE_UTIL_H_
