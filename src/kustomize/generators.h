#ifndef FLUXLINT_KUSTOMIZE_GENERATORS_H_
#define FLUXLINT_KUSTOMIZE_GENERATORS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/span.h"
#include "kustomize/build_issue.h"
#include "kustomize/kustomization.h"
#include "kustomize/resource.h"
#include "util/status.h"
#include "yaml/node.h"

namespace fluxlint::kustomize {

/// Reads a file named by a generator entry (relative to the kustomization); errors are
/// reported by the reader itself, which returns nullptr.
using GeneratorFileReader =
    std::function<const SourceFile*(const Entry& entry, std::string_view path)>;

/// Builds the ConfigMap (`secret` false) or Secret of one generator entry as kustomize v5
/// does: envs, then literals, then files; keys validated and unique; text values in `data`
/// (binary ones base64 in `binaryData` for ConfigMaps, every value base64 for Secrets); the
/// options (merged with the kustomization-wide generatorOptions) add labels, annotations and
/// `immutable`, and decide whether the name gets the content hash suffix at the end of the
/// build. Values carry the span of the entry that produced them. Returns nullopt after
/// reporting an issue.
std::optional<Resource> Generate(const GeneratorArgs& args, bool secret,
                                 const GeneratorOptions* global_options,
                                 const GeneratorFileReader& read, std::vector<BuildIssue>* issues);

/// kustomize's content hash suffix for a ConfigMap or Secret: SHA-256 of a canonical JSON
/// encoding of kind, data, binaryData (ConfigMap) or type (Secret), the first 10 hex digits
/// mapped through kustomize's alphabet (0->g, 1->h, 3->k, a->m, e->t).
std::string ContentHash(const yaml::Node& object);

/// Encodes a string as Go's encoding/json does (quotes, \", \\, control characters, and the
/// HTML-safe escapes \u003c \u003e \u0026 \u2028 \u2029; invalid UTF-8 becomes \ufffd).
std::string GoJsonString(std::string_view s);

/// Standard base64, wrapped the way kyaml wraps generated Secret data (70-character lines,
/// each followed by a newline, once the encoding is longer than one line).
std::string KyamlBase64(std::string_view data);

/// One KEY=value line of an env file.
struct EnvPair {
  std::string key;
  std::string value;
  uint32_t line = 0;  ///< 1-based
};

/// Splits env-file content into key/value pairs like kustomize (comments, blank lines and a
/// leading BOM skipped; a line without '=' has an empty value: fluxlint never reads the
/// environment). Errors name the line.
std::optional<std::string> ParseEnvFile(std::string_view content, std::vector<EnvPair>* out,
                                        uint32_t* error_line);

}  // namespace fluxlint::kustomize

#endif  // FLUXLINT_KUSTOMIZE_GENERATORS_H_
