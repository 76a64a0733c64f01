#ifndef FLUXLINT_DIFF_CATALOG_H_
#define FLUXLINT_DIFF_CATALOG_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "diag/diagnostic.h"
#include "diff/field_path.h"
#include "util/status.h"
#include "yaml/loader.h"
#include "yaml/node.h"

namespace fluxlint::diff {

/// When a change of a catalogued field is refused (docs/immutable-fields.md, `when`).
enum class When {
  kAlways,         ///< any change, adding and removing included
  kOnceSet,        ///< setting a field that was absent is allowed; changing or removing is not
  kNoUnset,        ///< only removing it is refused
  kNoDecrease,     ///< a quantity may grow, never shrink
  kBothPresent,    ///< only a change of a value present at both revisions (CRD `self == oldSelf`)
  kPresence,       ///< only adding or removing it (CRD `has(self.f) == has(oldSelf.f)`)
  kBaseImmutable,  ///< only when the old object has `immutable: true`
  kServiceClusterIP,            ///< the primary cluster IP, with the Service exceptions
  kServiceIPFamilies,           ///< the primary IP family, with the Service exceptions
  kServiceLoadBalancerClass,    ///< while the Service stays type LoadBalancer
  kServiceHealthCheckNodePort,  ///< while it needs a health check node port
};

/// The name used in the catalog file ("always", "onceSet", …).
std::string_view WhenName(When when);

/// Kinds an entry applies to: API group globs (`""` the core group, `*.azure.com`) and kind
/// globs (`*` every kind).
struct KindSelector {
  std::vector<std::string> groups;
  std::vector<std::string> kinds;

  bool Matches(std::string_view group, std::string_view kind) const;
};

/// One catalog entry: fields of some kinds that the API server refuses to change.
struct CatalogEntry {
  std::string id;  ///< "apps-statefulset-spec"; "config:<kind>" or "crd:<kind>:<path>" for others
  KindSelector selector;
  std::vector<FieldPath> paths;      ///< a change at or below one of these
  std::vector<FieldPath> except;     ///< … that is not at or below one of these
  bool except_if_suspended = false;  ///< `except` applies only when the old Job is suspended
  bool unordered = false;            ///< lists compared as sets
  /// The change counts only while the field that holds the path exists at both revisions
  /// (a CRD rule on the parent, `self.f == oldSelf.f`, only runs then).
  bool needs_parent = false;
  When when = When::kAlways;
  Severity severity = Severity::kError;
  std::string message;  ///< the API server's words
  std::string note;     ///< what is allowed instead, conditions; may be empty
  std::string origin;   ///< "built-in catalog", ".fluxlint.yaml", "CRD widgets.example.com"
  Span span;            ///< where a configured or derived entry is written (may be invalid)
};

/// API defaults of some kinds: `values` is what a field is when absent; `copies` default a field
/// to another field of the same object (ASO's spec.azureName is metadata.name).
struct DefaultValues {
  KindSelector selector;
  std::vector<std::pair<FieldPath, yaml::Node>> values;
  std::vector<std::pair<FieldPath, FieldPath>> copies;
};

/// What deleting and recreating objects of some kinds costs (the force warning).
struct RecreateCost {
  KindSelector selector;
  std::string cost;
};

/// The defaults that apply to one object's kind, and the object itself (for copies).
class ObjectDefaults {
 public:
  ObjectDefaults() = default;
  ObjectDefaults(std::vector<const DefaultValues*> sets, const yaml::Node* object)
      : sets_(std::move(sets)), object_(object) {}

  /// The default of the field at `path` (concrete), or nullptr.
  const yaml::Node* Find(const FieldPath& path) const;

 private:
  std::vector<const DefaultValues*> sets_;
  const yaml::Node* object_ = nullptr;
};

/// The immutable-field catalog: the built-in entries (rules/immutable_fields.yaml), the user's
/// (`.fluxlint.yaml immutableFields`) and those derived from the CRDs in the repository.
class Catalog {
 public:
  /// Parses the catalog format. Problems name the place in `file`; an entry with a problem is
  /// left out. `file` must outlive the catalog (default values keep their spans).
  static Catalog Parse(const yaml::LoadedFile& file, std::vector<Diagnostic>* errors);

  /// The built-in catalog, parsed from the text embedded at build time. The text is known to
  /// parse (a test makes sure); problems would be internal errors and are returned.
  static Catalog Builtin(std::vector<Diagnostic>* errors = nullptr);

  /// Adds `.fluxlint.yaml immutableFields` entries.
  void AddConfig(const config::Config& config);

  /// Adds what a CustomResourceDefinition says: its transition rules (x-kubernetes-validations
  /// rules on oldSelf) become entries for its kind, and `scope: Cluster` makes its kind
  /// cluster-scoped. A CRD whose kind is already known is skipped (the first one wins).
  void AddCrd(const yaml::Node& crd);

  void AddEntry(CatalogEntry entry) { entries_.push_back(std::move(entry)); }

  const std::vector<CatalogEntry>& entries() const { return entries_; }
  std::vector<const CatalogEntry*> EntriesFor(std::string_view group, std::string_view kind) const;
  ObjectDefaults DefaultsFor(std::string_view group, std::string_view kind,
                             const yaml::Node* object) const;
  /// The cost text of deleting and recreating such an object ("" when none matches).
  std::string_view RecreateCostOf(std::string_view group, std::string_view kind) const;
  /// Built-in cluster-scoped kinds and CRDs with `scope: Cluster`.
  bool IsClusterScoped(std::string_view group, std::string_view kind) const;

 private:
  std::vector<CatalogEntry> entries_;
  std::vector<DefaultValues> defaults_;
  std::vector<RecreateCost> recreate_;
  std::vector<KindSelector> cluster_scoped_;
  std::vector<std::pair<std::string, std::string>> crd_kinds_;  ///< (group, kind) seen
  std::shared_ptr<const SourceFile> builtin_file_;              ///< keeps built-in spans valid
  std::shared_ptr<const yaml::LoadedFile> builtin_loaded_;
};

/// The catalog text embedded from rules/immutable_fields.yaml (generated at build time).
std::string_view BuiltinCatalogText();

}  // namespace fluxlint::diff

#endif  // FLUXLINT_DIFF_CATALOG_H_
