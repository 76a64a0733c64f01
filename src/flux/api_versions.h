#ifndef FLUXLINT_FLUX_API_VERSIONS_H_
#define FLUXLINT_FLUX_API_VERSIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "yaml/node.h"

namespace fluxlint::flux {

/// Flux API versions per kind, from spec/flux-semantics.md §5 (CRDs at each controller tag and
/// flux2 `cmd/flux/migrate.go`). Every removed version was dropped from its CRD outright: an
/// object still using it cannot be applied once the cluster runs that Flux minor.
///
/// source-watcher's ArtifactGenerator (v1beta1) is not in the table: its group is unverified.

inline constexpr std::string_view kKustomizeGroup = "kustomize.toolkit.fluxcd.io";
inline constexpr std::string_view kHelmGroup = "helm.toolkit.fluxcd.io";
inline constexpr std::string_view kSourceGroup = "source.toolkit.fluxcd.io";
inline constexpr std::string_view kNotificationGroup = "notification.toolkit.fluxcd.io";
inline constexpr std::string_view kImageGroup = "image.toolkit.fluxcd.io";

/// A Flux release as major.minor ("2.9"). Patch releases do not change the API table.
struct FluxVersion {
  int major = 2;
  int minor = 9;

  /// Accepts "2.9", "v2.9", "2.9.4" and "v2.9.4"; nullopt for anything else.
  static std::optional<FluxVersion> Parse(std::string_view text);
  /// "2.9".
  std::string ToString() const;
  auto operator<=>(const FluxVersion&) const = default;
};

/// The newest Flux minor the table describes (the default target).
inline constexpr FluxVersion kLatestFluxVersion{2, 9};

/// The default of kustomize-controller's `StrictPostBuildSubstitutions` feature gate in a Flux
/// release: off up to Flux 2.8 (KC 1.8), on from Flux 2.9 (KC 1.9) (spec §1).
bool StrictSubstitutionByDefault(FluxVersion flux_version);

struct RemovedVersion {
  std::string_view version;  ///< "v1beta2"
  FluxVersion removed_in;    ///< the first Flux minor without it
};

/// One Flux kind: its group, the version to use and the versions that are gone.
struct KindVersions {
  std::string_view group;     ///< "kustomize.toolkit.fluxcd.io"
  std::string_view kind;      ///< "Kustomization"
  std::string_view current;   ///< "v1" (Alert and Provider: "v1beta3")
  FluxVersion current_since;  ///< the Flux minor that introduced `current`
  std::vector<RemovedVersion> removed;
};

/// The whole table, in the order of spec §5.
const std::vector<KindVersions>& FluxKinds();

/// The table row for group + kind; nullptr when it is not a Flux kind.
const KindVersions* FindKind(std::string_view group, std::string_view kind);

/// Whether `group` is one of Flux's API groups (`*.toolkit.fluxcd.io`).
bool IsFluxGroup(std::string_view group);

/// A use of an API version that the target Flux version no longer serves.
struct Removal {
  std::string group;
  std::string version;
  std::string kind;
  FluxVersion removed_in;
  std::string current;  ///< the version to use instead
  /// "kustomize.toolkit.fluxcd.io/v1beta2 Kustomization was removed in Flux 2.8; use
  /// kustomize.toolkit.fluxcd.io/v1 (run `flux migrate`)".
  std::string message;
};

/// The removal that applies to group/version kind when the cluster runs `flux_version`, or
/// nullopt (current version, still served, not a Flux kind, or a version the table does not
/// list).
std::optional<Removal> FindRemoval(std::string_view group, std::string_view version,
                                   std::string_view kind,
                                   FluxVersion flux_version = kLatestFluxVersion);
/// Same, with the Flux version as text ("2.9", "v2.8.1"); an unparsable text means the latest.
std::optional<Removal> FindRemoval(std::string_view group, std::string_view version,
                                   std::string_view kind, std::string_view flux_version);

/// A field that the GA version of a kind no longer has (spec §5 "Fields removed in the GA
/// versions"). The API server prunes or rejects it, so whatever it configured is lost.
struct RemovedField {
  std::string_view group;
  std::string_view kind;
  std::string_view version;  ///< the GA version without the field
  /// Field path from the document root; "[]" steps into every item of a sequence:
  /// {"spec", "postRenderers", "[]", "kustomize", "patchesJson6902"}.
  std::vector<std::string_view> path;
  std::string_view use_instead;  ///< "spec.patches"
};

const std::vector<RemovedField>& RemovedFields();

/// One removed field found in a document.
struct RemovedFieldUse {
  const RemovedField* field = nullptr;
  std::string path;  ///< dotted with indexes: "spec.postRenderers[1].kustomize.patchesJson6902"
  Span span;         ///< the field's key
  /// "spec.patchesStrategicMerge is not a field of kustomize.toolkit.fluxcd.io/v1
  /// Kustomization; use spec.patches".
  std::string message;
};

/// The removed fields that `root` (an object document of group/version kind) still sets.
/// Only documents of the GA version are checked (older versions still had the fields).
std::vector<RemovedFieldUse> FindRemovedFields(std::string_view group, std::string_view version,
                                               std::string_view kind, const yaml::Node& root);

}  // namespace fluxlint::flux

#endif  // FLUXLINT_FLUX_API_VERSIONS_H_
