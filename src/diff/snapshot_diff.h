#ifndef FLUXLINT_DIFF_SNAPSHOT_DIFF_H_
#define FLUXLINT_DIFF_SNAPSHOT_DIFF_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/span.h"
#include "diff/catalog.h"
#include "diff/field_path.h"
#include "yaml/node.h"

namespace fluxlint::model {
class Snapshot;
struct FluxKustomization;
struct Variable;
}  // namespace fluxlint::model

namespace fluxlint::diff {

/// One producer of objects at one revision: a Flux Kustomization, or a kustomize root that no
/// Flux Kustomization reaches. Points into the snapshot it was collected from.
struct Owner {
  /// Stable across revisions: "<cluster>|Kustomization/<ns>/<name>" or "kustomize:<dir>".
  std::string id;
  std::string display;  ///< "Kustomization flux-system/apps", "kustomize build apps/prod"
  std::string cluster;  ///< model::Cluster::name ("" for a kustomize root)
  const model::FluxKustomization* kustomization = nullptr;  ///< null for a kustomize root
  bool prune = false;  ///< spec.prune: objects that leave the render are deleted
  bool force = false;  ///< spec.force: immutable changes recreate the object
  /// The render failed (path missing, build error): Flux applies and prunes nothing.
  bool failed = false;
  /// (path, content id) of every file the render read; equal closures give equal renders.
  const std::vector<std::pair<std::string, std::string>>* closure = nullptr;
  /// What else the render depends on, compared together with the closure: the Kustomization
  /// as applied (null for a kustomize root), its postBuild variables, and where its source
  /// root and path resolved to.
  const yaml::Node* spec = nullptr;
  const std::map<std::string, model::Variable, std::less<>>* variables = nullptr;
  std::string location;
  bool substitutes = false;
  const std::vector<yaml::Node>* objects = nullptr;
};

/// Whether two owners' renders depend on the same inputs besides their closures.
bool SameInputs(const Owner& a, const Owner& b);

/// The owners of a snapshot, sorted by id (SnapshotDiff keeps the first of two with one id).
std::vector<Owner> CollectOwners(const model::Snapshot& snapshot);

/// An object's identity in the cluster.
struct ObjectKey {
  std::string group;  ///< "" for the core group
  std::string kind;
  std::string ns;  ///< "" for cluster-scoped kinds; "default" when a namespaced object has none
  std::string name;

  /// "Deployment apps/podinfo", "Namespace apps".
  std::string Describe() const;
  auto operator<=>(const ObjectKey&) const = default;
};

/// One field that differs, at the deepest place where it does: a scalar, a value added or
/// removed, or a value whose type changed. Mappings and lists are followed down (an added
/// mapping gives one change per scalar in it), so each change has the span of the line that
/// made it.
struct FieldChange {
  FieldPath path;
  std::string path_text;             ///< FormatFieldPath(path)
  const yaml::Node* base = nullptr;  ///< null: absent at base (added)
  const yaml::Node* head = nullptr;  ///< null: absent at head (removed)
  /// The deepest node that exists at each revision on the way to `path` (the node itself when
  /// present): where to point for a removed field.
  const yaml::Node* base_anchor = nullptr;
  const yaml::Node* head_anchor = nullptr;
  /// The key of the entry at head (or base when removed), when the change is a mapping value.
  const yaml::Node* head_key = nullptr;
  const yaml::Node* base_key = nullptr;

  bool added() const { return base == nullptr; }
  bool removed() const { return head == nullptr; }
  /// Where to report it in head: the value, else the key, else the nearest existing parent.
  Span HeadSpan() const;
  Span BaseSpan() const;
};

/// What happened to one object of one owner between the revisions.
struct ObjectDiff {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind = Kind::kChanged;
  ObjectKey key;
  size_t owner = 0;  ///< index in SnapshotDiff::owners()
  const yaml::Node* base = nullptr;
  const yaml::Node* head = nullptr;
  std::vector<FieldChange> changes;  ///< kChanged only; in head order, then removals

  /// The first change whose path starts with `prefix` (a pattern), or nullptr.
  const FieldChange* FirstUnder(const FieldPath& prefix) const;
};

/// An owner at both revisions (either may be missing).
struct OwnerPair {
  std::string id;
  const Owner* base = nullptr;
  const Owner* head = nullptr;
  /// The closure and the inputs are equal: nothing was diffed.
  bool unchanged = false;
  /// The render failed at one of the revisions: nothing was diffed (Flux would stop before
  /// applying or pruning anything).
  bool failed = false;
};

/// The difference between the rendered objects of two snapshots, keyed by owner and object
/// identity (group, kind, namespace, name). Values are compared after API defaults (catalog
/// `defaults`), with absent, null, `{}` and `[]` equal and quantities compared by value under
/// resources, requests, limits and capacity. Lists whose items all have a distinct `name` are
/// matched by name; other lists by position. Owners whose render closure and inputs are equal
/// at both revisions are skipped entirely, and so are owners whose render failed at either.
class SnapshotDiff {
 public:
  SnapshotDiff() = default;
  SnapshotDiff(SnapshotDiff&&) = default;
  SnapshotDiff& operator=(SnapshotDiff&&) = default;
  SnapshotDiff(const SnapshotDiff&) = delete;  // owner pairs point into the owner lists
  SnapshotDiff& operator=(const SnapshotDiff&) = delete;

  /// `catalog` should already hold the configuration's and the CRDs' entries (BuildCatalog);
  /// `jobs` threads diff the owners.
  static SnapshotDiff Compute(const model::Snapshot& base, const model::Snapshot& head,
                              Catalog catalog, size_t jobs = 1);
  /// The same over owners collected by the caller (tests, benchmarks).
  static SnapshotDiff Compute(std::vector<Owner> base, std::vector<Owner> head, Catalog catalog,
                              size_t jobs = 1);

  const std::vector<OwnerPair>& owners() const { return pairs_; }
  /// Added, removed and changed objects (unchanged ones are not listed), by owner id then key.
  const std::vector<ObjectDiff>& objects() const { return objects_; }
  const Catalog& catalog() const { return catalog_; }
  const OwnerPair& owner(const ObjectDiff& d) const { return pairs_[d.owner]; }

  size_t owners_skipped() const;
  size_t objects_compared() const { return objects_compared_; }

 private:
  std::vector<Owner> base_owners_;
  std::vector<Owner> head_owners_;
  std::vector<OwnerPair> pairs_;
  std::vector<ObjectDiff> objects_;
  Catalog catalog_;
  size_t objects_compared_ = 0;
};

/// The built-in catalog plus the configuration's entries and what the CRDs written in the
/// head revision (then the base revision, for kinds head no longer defines) say.
Catalog BuildCatalog(const model::Snapshot& base, const model::Snapshot& head,
                     const config::Config& config);

/// The identity of a rendered object, with the catalog's cluster-scoped kinds.
ObjectKey KeyOf(const yaml::Node& object, const Catalog& catalog);

/// Compares two values the way the API server would after defaulting: see SnapshotDiff.
/// `path` is where they are (for defaults); either may be null (absent).
bool SemanticEqual(const yaml::Node* base, const yaml::Node* head, const FieldPath& path,
                   const ObjectDefaults& base_defaults, const ObjectDefaults& head_defaults);

/// The field-level changes between two objects (see FieldChange).
std::vector<FieldChange> DiffObjects(const yaml::Node& base, const yaml::Node& head,
                                     const ObjectDefaults& base_defaults,
                                     const ObjectDefaults& head_defaults);

/// The label or annotation `key` of `object` equals `value`, ignoring case.
bool MetadataFlag(const yaml::Node& object, std::string_view key, std::string_view value);

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_SNAPSHOT_DIFF_H_
