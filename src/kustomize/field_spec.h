#ifndef FLUXLINT_KUSTOMIZE_FIELD_SPEC_H_
#define FLUXLINT_KUSTOMIZE_FIELD_SPEC_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/span.h"
#include "kustomize/resource.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// Where a transformer writes in objects of some kinds: kustomize's "fieldSpec". `path` is
/// '/'-separated ("spec/template/metadata/labels"); "\/" is a literal '/' inside a field name;
/// a "[]" suffix marks a sequence; sequences met on the way are walked element by element.
struct FieldSpec {
  Gvk gvk;  ///< empty parts match any object
  std::string path;
  bool create = false;  ///< create missing fields on the way

  bool operator==(const FieldSpec&) const = default;
};

/// nameReference: fields (in objects of other kinds) that hold the name of a `gvk` object.
struct NameBackReference {
  Gvk gvk;
  std::vector<FieldSpec> referrers;
};

/// The field specs every built-in transformer uses: kustomize's defaults, extended by a
/// kustomization's `configurations:` files and `crds:`.
struct TransformerConfig {
  std::vector<FieldSpec> name_prefix;
  std::vector<FieldSpec> name_suffix;
  std::vector<FieldSpec> name_space;
  std::vector<FieldSpec> common_labels;
  std::vector<FieldSpec> template_labels;
  std::vector<FieldSpec> common_annotations;
  std::vector<FieldSpec> images;
  std::vector<FieldSpec> replicas;
  std::vector<NameBackReference> name_reference;

  /// kustomize v5.5's built-in configuration.
  static const TransformerConfig& Default();
  /// Adds `other`'s specs that are not already present (kustomize's merge).
  void Merge(const TransformerConfig& other);
};

/// Parses a transformer configuration file (a `configurations:` entry): a mapping with any of
/// namePrefix, nameSuffix, namespace, commonLabels, templateLabels, commonAnnotations, images,
/// replicas, nameReference (and varReference, accepted and ignored). Returns an error message
/// naming the bad field, with `*error_span` set to where it is.
std::optional<std::string> ParseTransformerConfig(const yaml::Node& doc, TransformerConfig* out,
                                                  Span* error_span);

/// Parses one fieldSpec mapping (group, version, kind, path, create).
std::optional<std::string> ParseFieldSpec(const yaml::Node& node, FieldSpec* out, Span* error_span);

/// Splits a field spec path at '/', honouring "\/" escapes.
std::vector<std::string> SplitFieldPath(std::string_view path);

/// What to create at the end of a path when `create` is set and the field is missing.
enum class CreateKind { kNone, kScalar, kMapping };

/// Called on each node a field spec reaches; returns an error message or nullopt.
using SetFn = std::function<std::optional<std::string>(yaml::Node& field)>;

/// Applies `fs` to `object` if its gvk matches: walks the path (every element of sequences met
/// on the way), creating missing mappings when `fs.create` and `create_kind` allow (new nodes
/// get `create_span`), and calls `set` on each node reached (a created leaf is a null scalar or
/// an empty mapping). Returns an error message for a path that runs into a scalar.
std::optional<std::string> ApplyFieldSpec(yaml::Node& object, const FieldSpec& fs,
                                          CreateKind create_kind, const SetFn& set,
                                          Span create_span);

/// The same, for an object whose gvk the caller already has.
std::optional<std::string> ApplyFieldSpec(yaml::Node& object, const Gvk& gvk, const FieldSpec& fs,
                                          CreateKind create_kind, const SetFn& set,
                                          Span create_span);

/// Whether `fs` selects objects of `gvk`.
bool FieldSpecSelects(const FieldSpec& fs, const Gvk& gvk);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_FIELD_SPEC_H_
