#ifndef FLUXLINT_KUSTOMIZE_KUSTOMIZATION_H_
#define FLUXLINT_KUSTOMIZE_KUSTOMIZATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/span.h"
#include "kustomize/field_spec.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// A string field of a kustomization with where it was written.
struct Entry {
  std::string value;
  Span span;
};

/// A key/value pair of a label or annotation map. The nodes keep their spans (the key's span
/// is what a transformer that adds the pair points at).
struct Pair {
  yaml::Node key;
  yaml::Node value;
};

struct GeneratorOptions {
  std::vector<Pair> labels;
  std::vector<Pair> annotations;
  bool disable_name_suffix_hash = false;
  bool immutable = false;
  Span span;
};

/// One configMapGenerator or secretGenerator entry.
struct GeneratorArgs {
  std::string name;
  std::string ns;
  std::string behavior;  ///< "", "create", "merge" or "replace"
  std::string type;      ///< secrets only ("" means Opaque)
  std::vector<Entry> literals;
  std::vector<Entry> files;
  std::vector<Entry> envs;
  std::optional<GeneratorOptions> options;
  Span span;       ///< the whole entry
  Span name_span;  ///< the name value
};

/// A `patches`, `patchesStrategicMerge` or `patchesJson6902` entry.
struct PatchEntry {
  std::string path;                          ///< a file relative to the kustomization, or ""
  const yaml::Node* inline_patch = nullptr;  ///< the `patch:` string (or inline SMP document)
  const yaml::Node* target = nullptr;        ///< the `target:` selector, or nullptr
  bool allow_name_change = false;
  bool allow_kind_change = false;
  bool json6902 = false;  ///< from patchesJson6902 (always a JSON patch)
  /// From patchesStrategicMerge: `path` and `inline_patch` both hold the entry, which is a
  /// file name unless it parses as a YAML mapping.
  bool legacy_strategic_merge = false;
  Span span;
};

struct ImageEntry {
  std::string name;
  std::string new_name;
  std::string new_tag;
  std::string digest;
  Span span;
};

struct ReplicaEntry {
  std::string name;
  yaml::Node count;  ///< an integer scalar
  Span span;
};

struct LabelEntry {
  std::vector<Pair> pairs;
  bool include_selectors = false;
  bool include_templates = false;
  std::vector<FieldSpec> fields;
  Span span;
};

struct SortOptions {
  std::string order;  ///< "legacy" or "fifo"
  bool has_legacy_options = false;
  std::vector<std::string> order_first;
  std::vector<std::string> order_last;
  Span span;
};

/// A kustomization file (Kustomization v1beta1 or Component v1alpha1), with spans for every
/// entry. Legacy fields are kept apart (bases are appended to resources as kustomize does).
/// The parsed document it points into must outlive it.
struct Kustomization {
  std::string api_version;
  std::string kind;  ///< "Kustomization" or "Component"
  bool IsComponent() const { return kind == "Component"; }

  std::vector<Entry> resources;  ///< resources followed by bases
  std::vector<Entry> components;
  std::vector<Entry> crds;
  std::vector<Entry> configurations;

  std::optional<Entry> name_space;
  std::optional<Entry> name_prefix;
  std::optional<Entry> name_suffix;
  std::vector<Pair> common_labels;
  Span common_labels_span;
  std::vector<LabelEntry> labels;
  std::vector<Pair> common_annotations;
  Span common_annotations_span;

  std::vector<PatchEntry> patches_strategic_merge;
  std::vector<PatchEntry> patches;
  std::vector<PatchEntry> patches_json6902;
  std::vector<ImageEntry> images;
  std::vector<ReplicaEntry> replicas;

  std::vector<GeneratorArgs> config_map_generator;
  std::vector<GeneratorArgs> secret_generator;
  std::optional<GeneratorOptions> generator_options;

  /// `replacements` entries: inline {source, targets} mappings or {path: file}.
  std::vector<const yaml::Node*> replacements;
  std::optional<SortOptions> sort_options;

  /// Entries fluxlint does not render (remote or plugin-based); each becomes a note.
  std::vector<Entry> helm_charts;
  std::vector<Entry> generators;
  std::vector<Entry> transformers;
  std::vector<Entry> validators;
  std::optional<Entry> vars;
  std::optional<Entry> build_metadata;  ///< buildMetadata (origin annotations, managed-by label)
  std::optional<Entry> openapi;         ///< a custom OpenAPI schema for patches

  Span span;  ///< the document
};

/// A problem in a kustomization file, at the field to edit.
struct ModelError {
  std::string code;  ///< "unknown-field", "invalid-field", "parse"
  std::string message;
  Span span;
  std::string help;
};

/// The file names kustomize recognises, in its lookup order.
inline constexpr std::string_view kKustomizationFileNames[] = {
    "kustomization.yaml", "kustomization.yml", "Kustomization"};

/// Builds the model from a parsed document. Unknown fields (anywhere kustomize is strict), wrong
/// types and a wrong apiVersion/kind are errors; everything valid is still filled in.
Kustomization ParseKustomization(const yaml::Node& doc, std::vector<ModelError>* errors);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_KUSTOMIZATION_H_
