#ifndef FLUXLINT_CLI_BUILD_COMMAND_H_
#define FLUXLINT_CLI_BUILD_COMMAND_H_

#include <string>

namespace fluxlint::cli {

struct BuildFlags {
  std::string path;
  std::string load_restrictor = "none";  ///< "none" (Flux's behaviour) or "rootOnly"
  bool staged = false;
  std::string rev;
  std::string color = "auto";
  std::string flux;         ///< "NAMESPACE/NAME": render that Flux Kustomization instead of PATH
  std::string config_path;  ///< --config
};

/// `fluxlint build PATH`: prints what `kustomize build PATH` prints (same objects, same order)
/// to stdout; problems go to stderr as diagnostics. Exit 0 built, 1 build errors, 2 usage.
/// With `flux` set: what that Flux Kustomization would apply (Flux's overlay, postBuild
/// substitution, commonMetadata), like `flux build ks`.
int RunBuildCommand(const BuildFlags& flags);

struct GraphFlags {
  std::string path;
  std::string format = "dot";  ///< dot, mermaid or json
  std::string of = "flux";     ///< "flux": Kustomizations, HelmReleases, sources and dependsOn;
                               ///< "overlays": kustomize directories and their includes
  bool staged = false;
  std::string rev;
  std::string config_path;
};

/// `fluxlint graph [PATH]`: the Flux dependency graph of the repository (cycles highlighted), or
/// the kustomize overlay graph under PATH, as DOT, Mermaid or JSON.
int RunGraphCommand(const GraphFlags& flags);

}  // namespace fluxlint::cli

#endif  // FLUXLINT_CLI_BUILD_COMMAND_H_
