#ifndef FLUXLINT_CONFIG_CONFIG_H_
#define FLUXLINT_CONFIG_CONFIG_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/loader.h"

namespace fluxlint::config {

/// A ConfigMap or Secret the cluster provides for postBuild.substituteFrom (not in the repository).
struct ExternalObject {
  std::string kind;  ///< ConfigMap or Secret
  std::string name;
  std::string namespace_;  ///< "" = any namespace
  std::map<std::string, std::string> data;
  Span span;
};

/// Maps a Flux source (GitRepository, OCIRepository, Bucket) to a folder of this repository.
struct SourceMapping {
  std::string kind;
  std::string name;
  std::string namespace_;
  std::string path;  ///< repository-relative root of that source's content
  Span span;
};

/// Extra immutable fields for a kind (typically a CRD's).
struct ImmutableFields {
  std::string api_group;  ///< "" for the core group; "*" for any
  std::string kind;
  std::vector<std::string> paths;  ///< dotted field paths: spec.azureName
  Span span;
};

/// The effective configuration: `.fluxlint.yaml` at the repository root, then command-line flags.
/// Every key is documented in docs/configuration.md.
struct Config {
  std::vector<std::string> select = {"*"};  ///< rule-id globs that run
  std::vector<std::string> ignore;          ///< rule-id globs that don't (wins over select)
  std::map<std::string, Severity, std::less<>> severity;  ///< per-rule severity override
  std::map<std::string, std::string, std::less<>> variables;  ///< postBuild variables the cluster provides
  std::vector<ExternalObject> substitute_from;
  std::vector<SourceMapping> sources;
  std::vector<ImmutableFields> immutable_fields;
  std::vector<std::string> ignore_paths;  ///< path globs left out of linting
  std::string flux_version = "2.9";       ///< target Flux version (API removals, strict mode)
  bool strict_substitution = true;        ///< Flux >= 2.9 default
  std::string source_path;                ///< where it was loaded from; "" = built-in defaults

  /// select/ignore decide whether a rule runs.
  bool RuleEnabled(std::string_view rule_id) const;
};

/// The Flux versions fluxlint knows ("2.0" … "2.9").
const std::vector<std::string>& KnownFluxVersions();

/// Parses `.fluxlint.yaml`. `known_rules` are the registry's ids, to check rule globs and severity
/// keys. Problems are diagnostics with rule id "config" and a position; the config is the defaults
/// plus whatever parsed.
Config ParseConfig(const yaml::LoadedFile& file, const std::vector<std::string>& known_rules,
                   std::vector<Diagnostic>* errors);

/// The configuration as YAML in the file's own format (for `check --show-config`).
std::string DumpConfig(const Config& config);

}  // namespace fluxlint::config

#endif  // FLUXLINT_CONFIG_CONFIG_H_
