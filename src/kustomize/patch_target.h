#ifndef FLUXLINT_KUSTOMIZE_PATCH_TARGET_H_
#define FLUXLINT_KUSTOMIZE_PATCH_TARGET_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "kustomize/strategic_merge.h"
#include "yaml/node.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace fluxlint::kustomize {

/// One requirement of a Kubernetes label selector ("app in (a,b)", "!tier", "x!=y", …).
struct LabelRequirement {
  enum class Op {
    kIn,            ///< key in (v1,v2)
    kNotIn,         ///< key notin (v1,v2)
    kEquals,        ///< key=v
    kDoubleEquals,  ///< key==v
    kNotEquals,     ///< key!=v
    kExists,        ///< key
    kDoesNotExist,  ///< !key
    kGreaterThan,   ///< key>5 (integers)
    kLessThan,      ///< key<5
  };
  std::string key;
  Op op = Op::kExists;
  std::vector<std::string> values;  ///< sorted and unique, as the parser builds them
};

/// A label selector in the string syntax of k8s.io/apimachinery labels.Parse, which kustomize
/// uses for `labelSelector` and `annotationSelector`. All requirements must hold; an empty
/// selector matches everything.
struct LabelSelector {
  std::vector<LabelRequirement> requirements;

  /// Whether a labels (or annotations) mapping satisfies every requirement. `map` may be null
  /// (no labels). Values are compared as their scalar text.
  bool Matches(const yaml::Node* map) const;
};

/// Parses a label selector string with labels.Parse's grammar and validation (qualified-name
/// keys, label-value values, integer values for > and <). `span` is the selector's node; the
/// error points at the offending token inside it when the node spells the selector out on one
/// line, else at the whole node.
std::optional<PatchError> ParseLabelSelector(std::string_view text, Span span, LabelSelector* out);

/// The `target:` selector of a patch/replacement: group, version, kind, name, namespace,
/// labelSelector and annotationSelector.
///
/// kustomize's rules (types.SelectorRegex, resWrangler.Select): group, version, kind, name and
/// namespace are Go (RE2) regular expressions anchored at both ends (`^(?:expr)$`); an empty or
/// absent field matches anything. Group, version and kind are matched against the object's
/// current apiVersion and kind. Name and namespace match if either the original or the current
/// value matches, and the namespace compared is the effective one: "default" for a namespaced
/// object without one, "_non_namespaceable_" for cluster-scoped kinds (so `namespace: default`
/// selects objects without a namespace). The label and annotation selectors are matched against
/// the current metadata.
struct PatchTarget {
  std::string group;
  std::string version;
  std::string kind;
  std::string name;
  std::string ns;  ///< `namespace`
  std::string label_selector;
  std::string annotation_selector;
  LabelSelector labels;       ///< parsed label_selector
  LabelSelector annotations;  ///< parsed annotation_selector
  Span span;                  ///< the target mapping

  /// Compiled anchored regexes; nullptr for an empty field. Filled by ParsePatchTarget.
  std::shared_ptr<const re2::RE2> group_re;
  std::shared_ptr<const re2::RE2> version_re;
  std::shared_ptr<const re2::RE2> kind_re;
  std::shared_ptr<const re2::RE2> name_re;
  std::shared_ptr<const re2::RE2> ns_re;
};

/// Reads a `target:` mapping strictly, as kustomize's kustomization decoder does: unknown keys
/// and non-string values are errors, as are regexes that do not compile and selectors that do not
/// parse. (A null `target:` means "no target"; that is the caller's check.)
std::optional<PatchError> ParsePatchTarget(const yaml::Node& node, PatchTarget* out);

/// Whether `target` selects `object` (a Kubernetes object) by its current identity.
bool MatchesTarget(const PatchTarget& target, const yaml::Node& object);
/// The same, where the object was first named `original_name` in `original_namespace` (before
/// namePrefix, namespace, … changed it): name and namespace may match either identity.
bool MatchesTarget(const PatchTarget& target, const yaml::Node& object,
                   std::string_view original_name, std::string_view original_namespace);

/// An object's identity as kustomize compares it (ResId): apiVersion split into group and
/// version, kind, name, namespace.
struct ObjectId {
  std::string group;
  std::string version;
  std::string kind;
  std::string name;
  std::string ns;

  /// "default" for a namespaced object without a namespace, "_non_namespaceable_" for a
  /// cluster-scoped kind, else the namespace.
  std::string EffectiveNamespace() const;
};

/// The identity of `object` (or of a strategic merge patch) from its apiVersion, kind and
/// metadata.
ObjectId IdOf(const yaml::Node& object);

/// ResId.Equals: the same group, version, kind and name, and the same effective namespace.
bool SameId(const ObjectId& a, const ObjectId& b);

/// Whether a strategic merge patch without `target:` applies to `object`, by kustomize's rule:
/// the patch's own id (apiVersion — group AND version —, kind, metadata.name,
/// metadata.namespace) must equal one of the object's ids with SameId. kustomize compares it with
/// the object's original id, every previous id and the current id, so a patch in an overlay may
/// name an object by its name before or after a base's namePrefix (with the namespace it had
/// then), and it fails unless exactly one object matches ("no matches for Id …" / "multiple
/// matches for Id …"). This overload checks the current id of `object` only; the renderer
/// compares IdOf(patch) with SameId against each id it recorded for the object.
bool SmpPatchMatches(const yaml::Node& patch, const yaml::Node& object);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_PATCH_TARGET_H_
