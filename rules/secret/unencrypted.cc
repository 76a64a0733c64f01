// secret-unencrypted: a Secret committed with its data in plain text.
#include "model/flux_graph.h"
#include "model/snapshot.h"
#include "rules/flux/flux_rule_util.h"
#include "rules/rule.h"

namespace fluxlint::rules {
namespace {

/// A value that is not a secret: empty, or only `${…}` substitutions (filled in by Flux from
/// elsewhere).
bool HarmlessValue(const yaml::Node& v) {
  if (!v.IsScalar() || v.IsNull()) return true;
  std::string_view text = v.value;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  if (text.empty()) return true;
  while (!text.empty()) {
    if (!text.starts_with("${")) return false;
    size_t close = text.find('}');
    if (close == std::string_view::npos) return false;
    text.remove_prefix(close + 1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  }
  return true;
}

}  // namespace

void CheckSecretUnencrypted(const Context& context, Reporter& out) {
  for (const auto& file : context.head.files()) {
    for (const yaml::Document& doc : file->documents) {
      const yaml::Node& o = doc.root;
      if (doc.empty || !o.IsMapping() || o.GetString("kind") != "Secret" ||
          o.GetString("apiVersion") != "v1") {
        continue;
      }
      if (model::IsSopsEncrypted(o)) continue;
      for (std::string_view field : {"data", "stringData"}) {
        const yaml::Node* data = o.Get(field);
        if (data == nullptr || !data->IsMapping()) continue;
        std::vector<std::string> keys;
        for (size_t i = 0; i < data->EntryCount(); ++i) {
          if (!HarmlessValue(data->Value(i))) keys.push_back(data->Key(i).value);
        }
        if (keys.empty()) continue;
        const yaml::Node* md = o.Get("metadata");
        std::string name(md ? md->GetString("name") : "");
        std::string listed;
        for (size_t i = 0; i < keys.size() && i < 3; ++i) {
          listed += (i ? ", " : "") + ("'" + keys[i] + "'");
        }
        if (keys.size() > 3) listed += ", …";
        Diagnostic& d =
            out.Report(KeySpan(o, field), "Secret '" + name + "' has " + std::string(field) +
                                              " in plain text (" + listed +
                                              "): anyone who can read the repository can read it");
        d.help =
            "encrypt it with SOPS (sops --encrypt --encrypted-regex "
            "'^(data|stringData)$' --in-place FILE) and set spec.decryption on the "
            "Kustomization, or keep the value out of Git";
        break;  // one finding per Secret
      }
    }
  }
}

}  // namespace fluxlint::rules
