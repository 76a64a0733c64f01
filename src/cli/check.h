#ifndef FLUXLINT_CLI_CHECK_H_
#define FLUXLINT_CLI_CHECK_H_

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "output/report.h"
#include "source/tree.h"
#include "yaml/parse_cache.h"

namespace fluxlint::cli {

/// One lint run: what to load and how.
struct CheckInput {
  const source::Tree* head = nullptr;
  const source::Tree* base = nullptr;     ///< the revision to diff against; null = diff rules off
  std::vector<std::string> paths = {""};  ///< repository-relative; "" = everything
  config::Config config;
  size_t jobs = 1;
  std::vector<std::string> notes;  ///< run-level notes to pass through to the report
  /// When set, the loaded snapshots are handed over here instead of being freed when RunCheck
  /// returns, so that a process about to exit can skip tearing down every parsed tree.
  std::vector<std::shared_ptr<const void>>* keep_alive = nullptr;
};

/// Loads the snapshots, runs every enabled rule, applies suppressions, sorts. Pure apart from the
/// trees' reads; used by `fluxlint check` and by the fixture tests.
output::Report RunCheck(const CheckInput& input, yaml::ParseCache& cache);

/// Whether any enabled rule needs the whole repository loaded with the Flux graph and the
/// kustomize renders (a rule whose scope is not kYaml). Only yaml-* rules: only the linted
/// paths are read.
bool NeedsGraph(const config::Config& config);

/// Whether any enabled rule needs the base revision.
bool NeedsBase(const config::Config& config);

}  // namespace fluxlint::cli

#endif  // FLUXLINT_CLI_CHECK_H_
