#include "rules/registry.h"

#include <algorithm>
#include <string>

#include "rules/rule_docs.h"

namespace fluxlint::rules {

// Each check is defined in rules/<category>/<name>.cc.
void CheckDiffHelmreleaseReinstall(const Context& context, Reporter& out);
void CheckDiffImmutableField(const Context& context, Reporter& out);
void CheckDiffPruneDeletion(const Context& context, Reporter& out);
void CheckDiffSelectorDrift(const Context& context, Reporter& out);
void CheckFluxApiRemoved(const Context& context, Reporter& out);
void CheckFluxDependsonCycle(const Context& context, Reporter& out);
void CheckFluxDependsonMissing(const Context& context, Reporter& out);
void CheckFluxGeneratedKustomizationInvalid(const Context& context, Reporter& out);
void CheckFluxHealthcheckMissing(const Context& context, Reporter& out);
void CheckFluxPathMissing(const Context& context, Reporter& out);
void CheckFluxSopsNoDecryption(const Context& context, Reporter& out);
void CheckFluxSourceMissing(const Context& context, Reporter& out);
void CheckFluxSubstituteFromMissing(const Context& context, Reporter& out);
void CheckFluxSubstitutionSyntax(const Context& context, Reporter& out);
void CheckFluxSubstitutionUndefined(const Context& context, Reporter& out);
void CheckFluxSubstitutionVarName(const Context& context, Reporter& out);
void CheckKustomizeBuildError(const Context& context, Reporter& out);
void CheckKustomizeNotRendered(const Context& context, Reporter& out);
void CheckSecretUnencrypted(const Context& context, Reporter& out);
void CheckSelectorTemplateMismatch(const Context& context, Reporter& out);
void CheckYamlDuplicateKey(const Context& context, Reporter& out);
void CheckYamlSyntaxError(const Context& context, Reporter& out);
void CheckYamlUnreadableFile(const Context& context, Reporter& out);

namespace {

// The one table of rules, sorted by id. A null check is run by the engine itself
// (fluxlint-unused-suppression needs every other rule's findings).
constexpr Rule kRules[] = {
    {{"diff-helmrelease-reinstall",
      "HelmRelease change that makes helm-controller uninstall and reinstall the release",
      Severity::kWarning, Scope::kDiff},
     &CheckDiffHelmreleaseReinstall},
    {{"diff-immutable-field", "Change to a field the API server refuses to update",
      Severity::kError, Scope::kDiff},
     &CheckDiffImmutableField},
    {{"diff-prune-deletion", "Object that a Kustomization with prune: true stops applying",
      Severity::kWarning, Scope::kDiff},
     &CheckDiffPruneDeletion},
    {{"diff-selector-drift", "Label selector that changed between the revisions",
      Severity::kError, Scope::kDiff},
     &CheckDiffSelectorDrift},
    {{"flux-api-removed", "Flux apiVersion or field removed in the target Flux version",
      Severity::kError, Scope::kFlux},
     &CheckFluxApiRemoved},
    {{"flux-dependson-cycle", "dependsOn cycle among Kustomizations or among HelmReleases",
      Severity::kError, Scope::kFlux},
     &CheckFluxDependsonCycle},
    {{"flux-dependson-missing", "dependsOn target defined nowhere in the repository",
      Severity::kError, Scope::kFlux},
     &CheckFluxDependsonMissing},
    {{"flux-generated-kustomization-invalid",
      "YAML that is not a Kubernetes object in a path without kustomization.yaml", Severity::kError,
      Scope::kFlux},
     &CheckFluxGeneratedKustomizationInvalid},
    {{"flux-healthcheck-missing",
      "healthChecks entry naming an object the Kustomization does not apply", Severity::kWarning,
      Scope::kFlux},
     &CheckFluxHealthcheckMissing},
    {{"flux-path-missing", "Kustomization spec.path that does not exist in its source",
      Severity::kError, Scope::kFlux},
     &CheckFluxPathMissing},
    {{"flux-sops-no-decryption",
      "SOPS-encrypted Secret under a Kustomization without spec.decryption", Severity::kError,
      Scope::kFlux},
     &CheckFluxSopsNoDecryption},
    {{"flux-source-missing", "sourceRef to a source that is not defined in the repository",
      Severity::kWarning, Scope::kFlux},
     &CheckFluxSourceMissing},
    {{"flux-substitute-from-missing",
      "Non-optional substituteFrom object that is not in the repository or the configuration",
      Severity::kWarning, Scope::kFlux},
     &CheckFluxSubstituteFromMissing},
    {{"flux-substitution-syntax", "${...} expression that Flux's envsubst grammar rejects",
      Severity::kError, Scope::kFlux},
     &CheckFluxSubstitutionSyntax},
    {{"flux-substitution-undefined", "${VAR} without a default that nothing defines (strict mode)",
      Severity::kError, Scope::kFlux},
     &CheckFluxSubstitutionUndefined},
    {{"flux-substitution-var-name", "postBuild variable name that Flux rejects", Severity::kError,
      Scope::kFlux},
     &CheckFluxSubstitutionVarName},
    {{"fluxlint-unused-suppression", "fluxlint.io/ignore annotation that suppresses nothing",
      Severity::kWarning, Scope::kYaml},
     nullptr},
    {{"kustomize-build-error", "Kustomization that kustomize (and so Flux) refuses to build",
      Severity::kError, Scope::kKustomize},
     &CheckKustomizeBuildError},
    {{"kustomize-not-rendered",
      "Remote resource, Helm chart, plugin or Flux source that fluxlint does not render",
      Severity::kNote, Scope::kKustomize},
     &CheckKustomizeNotRendered},
    {{"secret-unencrypted", "Secret with data committed in plain text", Severity::kWarning,
      Scope::kYaml},
     &CheckSecretUnencrypted},
    {{"selector-template-mismatch",
      "Workload whose selector does not match its pod template labels", Severity::kError,
      Scope::kKustomize},
     &CheckSelectorTemplateMismatch},
    {{"yaml-duplicate-key", "Mapping with the same key twice", Severity::kError, Scope::kYaml},
     &CheckYamlDuplicateKey},
    {{"yaml-syntax-error", "YAML file that does not parse", Severity::kError, Scope::kYaml},
     &CheckYamlSyntaxError},
    {{"yaml-unreadable-file",
      "YAML file that cannot be read (symlink leaving the repository, loop, too large)",
      Severity::kError, Scope::kYaml},
     &CheckYamlUnreadableFile},
};

}  // namespace

std::span<const Rule> AllRules() { return kRules; }

const Rule* FindRule(std::string_view id) {
  for (const Rule& r : kRules) {
    if (r.info.id == id) return &r;
  }
  return nullptr;
}

std::string_view RuleDocText(std::string_view id) {
  for (const RuleDoc& d : AllRuleDocs()) {
    if (d.id == id) return d.text;
  }
  return {};
}

std::string RuleFullDescription(std::string_view id) {
  std::string_view text = RuleDocText(id);
  size_t start = text.find("## What it does");
  if (start == std::string_view::npos) return {};
  start = text.find('\n', start);
  if (start == std::string_view::npos) return {};
  while (start < text.size() && text[start] == '\n') ++start;
  size_t end = text.find("\n\n", start);
  if (end == std::string_view::npos) end = text.size();
  std::string out(text.substr(start, end - start));
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string RulePage(std::string_view id) {
  const Rule* rule = FindRule(id);
  if (rule == nullptr) return {};
  std::string out(RuleDocText(id));
  out += "\n## Defaults\n\n- Severity: " + std::string(SeverityName(rule->info.default_severity)) +
         "\n- Summary: " + std::string(rule->info.summary) + "\n";
  return out;
}

std::string RuleDocPath(std::string_view id) { return "docs/rules/" + std::string(id) + ".md"; }

}  // namespace fluxlint::rules
