// flux-sops-no-decryption: a SOPS-encrypted Secret applied by a Kustomization that cannot
// decrypt it.
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {

void CheckFluxSopsNoDecryption(const Context& context, Reporter& out) {
  const model::Snapshot& s = context.head;
  if (!s.graph_built()) return;
  ReportOnce once;
  for (const model::FluxKustomization& k : s.flux().kustomizations) {
    if (k.render == nullptr || k.spec.decryption) continue;
    for (const yaml::Node& o : k.render->objects) {
      if (!model::IsSopsEncryptedSecret(o)) continue;
      Span span = KeySpan(o, "sops");
      if (!s.Reportable(span, &k)) continue;
      const yaml::Node* md = o.Get("metadata");
      std::string ns(md ? md->GetString("namespace") : "");
      std::string name(md ? md->GetString("name") : "");
      std::string message = "Secret/" + (ns.empty() ? "" : ns + "/") + name +
                            " is SOPS encrypted, configuring decryption is required for this "
                            "secret to be reconciled (" +
                            Describe(k) + " has no spec.decryption)";
      if (!once.First(span, message)) continue;
      Diagnostic& d = out.Report(span, message);
      d.related.push_back({NameSpan(k), Describe(k) + " applies it"});
      d.help = "add `decryption: {provider: sops, secretRef: {name: sops-age}}` to the spec of " +
               k.ref.ToString() +
               ", or annotate the Secret with kustomize.toolkit.fluxcd.io/decrypt: Disabled";
    }
  }
}

}  // namespace fluxlint::rules
