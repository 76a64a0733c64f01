#ifndef FLUXLINT_KUSTOMIZE_BUILD_H_
#define FLUXLINT_KUSTOMIZE_BUILD_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kustomize/build_issue.h"
#include "source/tree.h"
#include "util/status.h"
#include "yaml/node.h"
#include "yaml/parse_cache.h"

namespace fluxlint::kustomize {

/// Which files a kustomization may read. kustomize's CLI default is kRootOnly; Flux builds
/// with the restrictor off (kNone): any file inside the repository. Nothing outside the
/// repository root is ever read either way (the tree refuses it).
enum class LoadRestrictor { kNone, kRootOnly };

struct BuildOptions {
  LoadRestrictor load_restrictor = LoadRestrictor::kNone;
  /// Nesting limit for kustomizations including kustomizations (a clear error past it).
  int max_depth = 64;
};

struct BuildResult {
  /// The rendered objects in kustomize's output order, in the form `kustomize build` prints
  /// them (keys sorted, scalars canonical). Every value keeps the span it came from.
  std::vector<yaml::Node> objects;
  /// Errors and not-rendered notes, in the order they were found.
  std::vector<BuildIssue> issues;
  /// (path, content id) of every file read (and of every path looked for but absent, with an
  /// empty id), sorted by path: if these are equal between two revisions, so is the render.
  std::vector<std::pair<std::string, std::string>> closure;

  /// No kError issue.
  bool ok() const;
};

/// Builds the kustomization in `dir` of `tree` (reading and parsing through `cache`, which
/// parses each blob once per run and is thread-safe). Never fails: problems are issues.
BuildResult Build(const source::Tree& tree, std::string_view dir, yaml::ParseCache& cache,
                  const BuildOptions& options = {});

/// Same, with an in-memory kustomization (already parsed, with spans) standing in for `dir`'s
/// own kustomization file: paths in it are relative to `dir`. Flux uses this for the
/// kustomization it generates and for its overlay (targetNamespace, patches, images,
/// components, namePrefix/nameSuffix) on top of a directory.
BuildResult BuildWith(const source::Tree& tree, std::string_view dir,
                      const yaml::Node& kustomization, yaml::ParseCache& cache,
                      const BuildOptions& options = {});

/// The stream `kustomize build` prints for the result's objects.
std::string RenderStream(const BuildResult& result);

/// The kustomization file of `dir` ("dir/kustomization.yaml", …): "" when there is none;
/// kInvalidArgument when there are several (kustomize refuses that too).
Result<std::string> FindKustomizationFile(const source::Tree& tree, std::string_view dir);

/// Whether a `resources`/`components` entry is a remote reference (URL, git repository) that
/// fluxlint does not fetch.
bool IsRemoteReference(std::string_view entry);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_BUILD_H_
