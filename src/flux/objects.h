#ifndef FLUXLINT_FLUX_OBJECTS_H_
#define FLUXLINT_FLUX_OBJECTS_H_

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "diag/span.h"
#include "yaml/node.h"

namespace fluxlint::flux {

/// Typed, read-only views of Flux objects (spec/flux-semantics.md §2, §6; DESIGN §3) parsed
/// from YAML documents, with the span of every field so rules can point at what to edit.
///
/// Namespaces are kept as written: an object without `metadata.namespace` has an empty
/// namespace here. The namespace it ends up in depends on the Kustomization that applies it
/// (its `targetNamespace`, else the kustomize namespace, else "default"), which only the caller
/// knows; the Resolve helpers take that effective namespace as an argument.
///
/// Parsing never fails: every field that is missing, of the wrong YAML type or outside what the
/// CRD accepts becomes a Problem with a span, and the object holds whatever could be read.
/// Required-field problems only mean something for a complete object (as applied, i.e. after
/// the kustomize build): a patch file holding part of a Kustomization or HelmRelease lacks them
/// by design.

/// A scalar string field. `present` is false when the key is absent or its value is null (the
/// API server drops nulls), in which case both spans are invalid.
struct Field {
  std::string value;
  Span span;      ///< the value
  Span key_span;  ///< the key
  bool present = false;
};

/// A boolean field; `value` is false when absent.
struct BoolField {
  bool value = false;
  bool present = false;
  Span span;
};

/// An object's identity for references: kind, namespace and name.
struct ObjectRef {
  std::string kind;
  std::string ns;
  std::string name;

  /// "ns/name", or "name" when the namespace is empty (the form of dependsOn cycle messages).
  std::string ToString() const;
  /// "Kind/ns/name" (or "Kind/name"), the form of the controllers' source messages.
  std::string Describe() const;
  auto operator<=>(const ObjectRef&) const = default;
};

/// Something the CRD (or the API server) rejects.
struct Problem {
  enum Kind {
    kMissingField,  ///< a required field is absent
    kWrongType,     ///< e.g. a mapping where a string belongs, an unquoted number in a string map
    kInvalidValue,  ///< outside the CRD's enum, pattern or length limits
  };
  Kind kind = kInvalidValue;
  std::string field;    ///< "spec.sourceRef.kind", "spec.dependsOn[1].name"
  std::string message;  ///< names the field and what is wrong
  Span span;            ///< the value; for a missing field, the key of the mapping that lacks it
};

/// apiVersion, kind and metadata.
struct ObjectMeta {
  std::string api_version;  ///< "kustomize.toolkit.fluxcd.io/v1"
  std::string group;        ///< "kustomize.toolkit.fluxcd.io" ("" for the core group)
  std::string version;      ///< "v1"
  std::string kind;
  Span api_version_span;
  Span kind_span;
  Field name;
  Field ns;  ///< metadata.namespace as written ("" when absent)
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  Span span;  ///< the document

  ObjectRef Ref() const { return {kind, ns.value, name.value}; }
};

/// sourceRef, chart.spec.sourceRef or chartRef: `{apiVersion, kind, name, namespace}`.
struct SourceReference {
  Field api_version;
  Field kind;
  Field name;
  Field ns;
  Span span;  ///< the mapping

  /// The referenced object; an empty namespace defaults to `owner_ns` (KC and HC do this).
  ObjectRef Resolve(std::string_view owner_ns) const;
};

/// A dependsOn entry: `meta.DependencyReference{name, namespace, readyExpr}`.
struct DependencyRef {
  Field name;
  Field ns;
  Field ready_expr;  ///< CEL (Flux >= 2.7)
  Span span;         ///< the list item

  /// The dependency as an object of `kind` (the owner's own kind: only same-kind dependencies
  /// exist); an empty namespace defaults to `owner_ns`.
  ObjectRef Resolve(std::string_view kind, std::string_view owner_ns) const;
};

/// One `postBuild.substitute` entry.
struct SubstituteVar {
  std::string name;
  std::string value;  ///< the scalar text as written (newlines not yet removed)
  Span key_span;
  Span value_span;
  /// False for a value the API server rejects (`map[string]string`): an unquoted number or
  /// boolean, a mapping or a sequence. Also reported as a Problem.
  bool is_string = true;
};

/// One `postBuild.substituteFrom` entry.
struct SubstituteReference {
  Field kind;  ///< ConfigMap or Secret
  Field name;
  BoolField optional;
  Span span;
};

struct PostBuild {
  std::vector<SubstituteVar> substitute;  ///< in source order (duplicates are YAML errors)
  bool has_substitute = false;
  Span substitute_span;
  std::vector<SubstituteReference> substitute_from;
  Field substitute_strategy;  ///< "WithVariables" (default) or "Always" (KC >= 1.9)
  Span span;

  /// The value of inline variable `name`, or nullptr.
  const SubstituteVar* FindVar(std::string_view name) const;
  /// "Always" is set: substitution runs even without any variable.
  bool AlwaysSubstitute() const { return substitute_strategy.value == "Always"; }
};

struct HealthCheck {
  Field api_version;  ///< "" means apps/v1 (KC)
  Field kind;
  Field name;
  Field ns;  ///< not defaulted by KC
  Span span;
};

/// A Flux Kustomization `patches` entry.
struct KustomizationPatch {
  Field patch;                       ///< the patch text (strategic merge or JSON 6902)
  std::optional<yaml::Node> target;  ///< the selector mapping, when given
  Span span;
};

struct KustomizationImage {
  Field name;
  Field new_name;
  Field new_tag;
  Field digest;
  Span span;
};

/// A label or annotation given by `commonMetadata`.
struct MetadataPair {
  Field key;
  Field value;
};

struct CommonMetadata {
  std::vector<MetadataPair> labels;
  std::vector<MetadataPair> annotations;
  Span span;
};

struct Decryption {
  Field provider;  ///< "sops"
  Field secret_ref_name;
  Field service_account_name;
  Span span;
};

/// kustomize.toolkit.fluxcd.io Kustomization (v1 fields; older versions read the same way).
struct Kustomization {
  ObjectMeta meta;
  bool has_spec = false;
  Span spec_span;
  Field interval;
  Field retry_interval;
  Field timeout;
  Field path;  ///< relative to the source root; absent means the root
  BoolField prune;
  BoolField force;
  BoolField wait;
  BoolField suspend;
  SourceReference source_ref;
  std::vector<DependencyRef> depends_on;
  Field target_namespace;
  Field name_prefix;
  Field name_suffix;
  Field service_account_name;
  Field deletion_policy;
  std::vector<KustomizationPatch> patches;
  std::vector<KustomizationImage> images;
  std::vector<Field> components;
  BoolField ignore_missing_components;
  std::optional<CommonMetadata> common_metadata;
  /// Set when `spec.postBuild` is present (even empty): KC substitutes only then.
  std::optional<PostBuild> post_build;
  std::vector<HealthCheck> health_checks;
  std::optional<Decryption> decryption;
  /// `spec.kubeConfig` is set: the objects go to another cluster.
  bool remote_cluster = false;
  Span kube_config_span;
};

/// `spec.chart.spec` of a HelmRelease.
struct HelmChartTemplate {
  Field chart;  ///< the chart name (or path in a Git/Bucket source)
  Field version;
  SourceReference source_ref;
  std::vector<Field> values_files;
  Span span;
};

/// A `valuesFrom` entry.
struct ValuesReference {
  Field kind;  ///< ConfigMap or Secret
  Field name;
  Field values_key;
  Field target_path;
  BoolField optional;
  Span span;
};

/// helm.toolkit.fluxcd.io HelmRelease (v2 fields).
struct HelmRelease {
  ObjectMeta meta;
  bool has_spec = false;
  Span spec_span;
  Field interval;
  Field release_name;
  Field target_namespace;
  Field storage_namespace;
  std::optional<HelmChartTemplate> chart;
  std::optional<SourceReference> chart_ref;
  std::vector<DependencyRef> depends_on;
  std::optional<yaml::Node> values;  ///< spec.values as written
  std::vector<ValuesReference> values_from;
  Field service_account_name;
  BoolField suspend;
  BoolField upgrade_force;
  Field chart_name_change_strategy;  ///< spec.upgrade.chartNameChangeStrategy
  bool remote_cluster = false;       ///< spec.kubeConfig is set

  /// HC `GetReleaseName`: releaseName, else "<targetNamespace>-<name>", else the name. (HC
  /// shortens names longer than 53 characters with a hash; that is not applied here, which
  /// keeps comparisons between revisions exact.)
  std::string ReleaseName() const;
  /// HC `GetReleaseNamespace`: targetNamespace, else the HelmRelease's own namespace.
  std::string ReleaseNamespace(std::string_view own_ns) const;
  /// HC `GetStorageNamespace`: storageNamespace, else the HelmRelease's own namespace.
  std::string StorageNamespace(std::string_view own_ns) const;
};

enum class SourceKind { kGitRepository, kOCIRepository, kHelmRepository, kBucket };

/// "GitRepository", "OCIRepository", "HelmRepository", "Bucket".
std::string_view SourceKindName(SourceKind kind);

/// A source.toolkit.fluxcd.io source. Fields that a kind does not have stay absent.
struct Source {
  ObjectMeta meta;
  SourceKind kind = SourceKind::kGitRepository;
  bool has_spec = false;
  Span spec_span;
  Field url;  ///< Git, OCI and Helm repositories
  Field interval;
  Field ignore;  ///< .sourceignore-style patterns (Git, OCI, Bucket)
  BoolField suspend;
  Field secret_ref_name;
  Field provider;  ///< OCI and Bucket: generic, aws, azure, gcp
  Field type;      ///< HelmRepository: "default" or "oci"
  // spec.ref: Git has branch, tag, semver, name, commit; OCI has tag, semver, digest.
  Field ref_branch;
  Field ref_tag;
  Field ref_semver;
  Field ref_name;
  Field ref_commit;
  Field ref_digest;
  // Bucket.
  Field bucket_name;
  Field endpoint;
  Field prefix;
};

/// Which Flux object a document is, by apiVersion group and kind (any version).
enum class ObjectType {
  kOther,
  kKustomization,
  kHelmRelease,
  kGitRepository,
  kOCIRepository,
  kHelmRepository,
  kBucket,
};

ObjectType Classify(const yaml::Node& root);

/// Splits "group/version" ("v1" is the core group "", "v1").
std::pair<std::string, std::string> SplitApiVersion(std::string_view api_version);

/// A parsed object with what the API server would reject about it.
template <typename T>
struct Parsed {
  T object;
  std::vector<Problem> problems;
};

/// apiVersion, kind and metadata of any document (no problems are reported).
ObjectMeta ParseMeta(const yaml::Node& root);

/// Reads a Kustomization (spec §6): required interval, prune, sourceRef.kind and .name;
/// interval/retryInterval/timeout durations; sourceRef kind OCIRepository, GitRepository,
/// Bucket or ExternalArtifact; targetNamespace 1-63 and namePrefix/nameSuffix 1-200
/// characters; patches[].patch, images[].name, healthChecks[].kind/.name, dependsOn[].name
/// required; decryption.provider "sops"; substituteFrom kind ConfigMap/Secret with a 1-253
/// character name; substituteStrategy WithVariables/Always; string-only substitute values;
/// deletionPolicy MirrorPrune, Delete, WaitForTermination or Orphan.
Parsed<Kustomization> ParseKustomization(const yaml::Node& root);

/// Reads a HelmRelease: required interval; exactly one of chart and chartRef; chart.spec.chart
/// and chart.spec.sourceRef (kind HelmRepository, GitRepository or Bucket; name) required;
/// chartRef kind and name required; releaseName at most 53 characters; targetNamespace and
/// storageNamespace 1-63 characters; dependsOn[].name required.
Parsed<HelmRelease> ParseHelmRelease(const yaml::Node& root);

/// Reads a GitRepository, OCIRepository, HelmRepository or Bucket: url (bucketName and
/// endpoint for a Bucket) required, and interval except for a HelmRepository. `root` must be
/// classified as one of the four.
Parsed<Source> ParseSource(const yaml::Node& root);

/// Any Flux object of the kinds above, or monostate for other documents.
using AnyObject =
    std::variant<std::monostate, Parsed<Kustomization>, Parsed<HelmRelease>, Parsed<Source>>;

AnyObject ParseObject(const yaml::Node& root);

/// The label and annotation key of the per-object substitution opt-out.
inline constexpr std::string_view kSubstituteKey = "kustomize.toolkit.fluxcd.io/substitute";

/// Whether a built object opts out of postBuild substitution: label or annotation
/// kSubstituteKey exactly "disabled" (case-sensitive, spec §1).
bool SubstitutionDisabled(const yaml::Node& object);

/// Whether kustomize-controller substitutes the objects of `k` at all (spec §1): only with
/// `spec.postBuild` set, and then with substituteStrategy Always or at least one variable
/// resolved (inline or from substituteFrom; `resolved_vars` counts them after merging).
bool SubstitutionRuns(const Kustomization& k, size_t resolved_vars);

/// Flux's duration pattern for interval, retryInterval and timeout:
/// `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$`.
bool IsValidDuration(std::string_view text);

}  // namespace fluxlint::flux

#endif  // FLUXLINT_FLUX_OBJECTS_H_
