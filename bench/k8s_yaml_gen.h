#ifndef FLUXLINT_BENCH_K8S_YAML_GEN_H_
#define FLUXLINT_BENCH_K8S_YAML_GEN_H_

// A seeded generator of realistic Kubernetes/Flux YAML for benchmarks: Deployments, Services,
// ConfigMaps with block scalars of every chomping style, Secrets with long base64 lines,
// HelmReleases with nested values (some with anchors, aliases and << merges), Flux
// Kustomizations and CRDs with deep openAPIV3Schema trees. The same seed always gives the
// same bytes (the generator does its own arithmetic instead of the standard distributions,
// whose results differ between standard libraries).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fluxlint::bench {

/// splitmix64: small, fast and fully specified.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform-enough integer in [lo, hi].
  size_t Range(size_t lo, size_t hi) { return lo + static_cast<size_t>(Next() % (hi - lo + 1)); }
  bool Chance(unsigned percent) { return Next() % 100 < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Next() % items.size())];
  }

 private:
  uint64_t state_;
};

/// One generated file.
struct GeneratedFile {
  std::string path;
  std::string text;
};

class K8sYamlGenerator {
 public:
  explicit K8sYamlGenerator(uint64_t seed) : rng_(seed) {}

  /// Files until their total size reaches `total_bytes`; 1 to 60 documents per file.
  std::vector<GeneratedFile> Files(size_t total_bytes) {
    std::vector<GeneratedFile> files;
    size_t total = 0;
    while (total < total_bytes) {
      GeneratedFile f;
      f.path = "apps/" + Word() + "-" + std::to_string(files.size()) + ".yaml";
      size_t docs = rng_.Chance(30) ? 1 : rng_.Range(2, 60);
      for (size_t i = 0; i < docs; ++i) {
        if (i > 0 || rng_.Chance(20)) f.text += "---\n";
        Document(&f.text);
      }
      total += f.text.size();
      files.push_back(std::move(f));
    }
    return files;
  }

  /// One document of a random kind.
  void Document(std::string* out) {
    size_t pick = rng_.Range(0, 99);
    if (pick < 25) {
      Deployment(out);
    } else if (pick < 40) {
      Service(out);
    } else if (pick < 58) {
      ConfigMap(out);
    } else if (pick < 66) {
      Secret(out);
    } else if (pick < 84) {
      HelmRelease(out);
    } else if (pick < 98) {
      FluxKustomization(out);
    } else {
      Crd(out);
    }
  }

 private:
  std::string Word() {
    static const std::vector<std::string> kWords = {
        "api",     "web",   "worker", "cache",   "db",      "gateway", "auth",  "billing",
        "search",  "queue", "media",  "metrics", "logging", "ingress", "proxy", "frontend",
        "backend", "admin", "batch",  "stream",  "notify",  "store",   "edge",  "core"};
    return rng_.Pick(kWords);
  }
  std::string Name() { return Word() + "-" + Word(); }
  std::string Namespace() {
    static const std::vector<std::string> kNs = {"default",     "prod",       "staging", "dev",
                                                 "flux-system", "monitoring", "apps"};
    return rng_.Pick(kNs);
  }
  std::string Sentence(size_t words) {
    std::string s;
    for (size_t i = 0; i < words; ++i) {
      if (i) s += ' ';
      s += Word();
    }
    return s;
  }
  std::string Base64(size_t n) {
    static constexpr std::string_view kChars =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string s;
    s.reserve(n + 2);
    for (size_t i = 0; i < n; ++i) s += kChars[rng_.Next() % 64];
    return s + "==";
  }
  static std::string Indent(size_t n) { return std::string(n, ' '); }

  void Metadata(std::string* out, const std::string& name, bool labels) {
    *out += "metadata:\n  name: " + name + "\n  namespace: " + Namespace() + "\n";
    if (labels) {
      *out += "  labels:\n    app.kubernetes.io/name: " + name +
              "\n    app.kubernetes.io/part-of: " + Word() + "\n    app.kubernetes.io/version: \"" +
              std::to_string(rng_.Range(1, 9)) + "." + std::to_string(rng_.Range(0, 30)) + "\"\n";
      if (rng_.Chance(50)) {
        *out += "  annotations:\n    fluxcd.io/automated: \"true\"\n    description: " +
                Sentence(rng_.Range(3, 12)) + "\n";
      }
    }
  }

  void Container(std::string* out, size_t ind, const std::string& name) {
    std::string p = Indent(ind);
    *out += p + "- name: " + name + "\n" + p + "  image: ghcr.io/example/" + name + ":v" +
            std::to_string(rng_.Range(1, 5)) + "." + std::to_string(rng_.Range(0, 20)) + "." +
            std::to_string(rng_.Range(0, 9)) + "\n";
    *out += p + "  imagePullPolicy: IfNotPresent\n";
    if (rng_.Chance(60)) {
      *out += p + "  args: [\"--port=" + std::to_string(rng_.Range(1000, 9999)) +
              "\", \"--log-level=info\", --metrics]\n";
    }
    *out += p + "  ports:\n";
    for (size_t i = 0, n = rng_.Range(1, 3); i < n; ++i) {
      *out += p + "  - name: port" + std::to_string(i) + "\n" + p +
              "    containerPort: " + std::to_string(rng_.Range(80, 9000)) + "\n" + p +
              "    protocol: TCP\n";
    }
    *out += p + "  env:\n";
    for (size_t i = 0, n = rng_.Range(2, 12); i < n; ++i) {
      *out += p + "  - name: " + Word() + "_" + std::to_string(i) + "\n";
      if (rng_.Chance(30)) {
        *out += p + "    valueFrom:\n" + p + "      secretKeyRef: {name: " + Name() +
                ", key: password}\n";
      } else if (rng_.Chance(30)) {
        *out += p + "    value: \"" + std::to_string(rng_.Range(0, 100000)) + "\"\n";
      } else {
        *out += p + "    value: " + Sentence(rng_.Range(1, 4)) + "\n";
      }
    }
    *out += p + "  resources:\n" + p + "    requests: {cpu: " + std::to_string(rng_.Range(1, 9)) +
            "00m, memory: " + std::to_string(rng_.Range(64, 512)) + "Mi}\n" + p + "    limits:\n" +
            p + "      cpu: \"" + std::to_string(rng_.Range(1, 4)) + "\"\n" + p +
            "      memory: " + std::to_string(rng_.Range(1, 4)) + "Gi\n";
    *out += p + "  livenessProbe:\n" + p + "    httpGet:\n" + p + "      path: /healthz\n" + p +
            "      port: 8080\n" + p + "    initialDelaySeconds: 10\n" + p +
            "    periodSeconds: 15\n";
    *out += p + "  securityContext:\n" + p + "    runAsNonRoot: true\n" + p +
            "    readOnlyRootFilesystem: true\n" + p + "    capabilities:\n" + p +
            "      drop: [ALL]\n";
  }

  void Deployment(std::string* out) {
    std::string name = Name();
    *out += "apiVersion: apps/v1\nkind: Deployment\n";
    Metadata(out, name, true);
    *out += "spec:\n  replicas: " + std::to_string(rng_.Range(1, 10)) +
            "\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: " + name +
            "\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: " + name +
            "\n    spec:\n      serviceAccountName: " + name + "\n      containers:\n";
    for (size_t i = 0, n = rng_.Range(1, 3); i < n; ++i) Container(out, 6, Word());
    if (rng_.Chance(40)) {
      *out += "      volumes:\n      - name: config\n        configMap:\n          name: " + name +
              "\n";
    }
  }

  void Service(std::string* out) {
    std::string name = Name();
    *out += "apiVersion: v1\nkind: Service\n";
    Metadata(out, name, true);
    *out += "spec:\n  type: " + std::string(rng_.Chance(80) ? "ClusterIP" : "LoadBalancer") +
            "\n  selector:\n    app.kubernetes.io/name: " + name + "\n  ports:\n";
    for (size_t i = 0, n = rng_.Range(1, 4); i < n; ++i) {
      *out += "  - name: p" + std::to_string(i) +
              "\n    port: " + std::to_string(rng_.Range(80, 9000)) +
              "\n    targetPort: " + std::to_string(rng_.Range(80, 9000)) + "\n    protocol: TCP\n";
    }
  }

  void BlockScalar(std::string* out, size_t ind, const char* header) {
    *out += header;
    *out += "\n";
    // The first line sets the block's indentation; later lines may be indented further.
    for (size_t i = 0, n = rng_.Range(2, 30); i < n; ++i) {
      if (i > 0 && rng_.Chance(10)) {
        *out += "\n";
        continue;
      }
      size_t extra = i > 0 && rng_.Chance(20) ? 2 : 0;
      *out += Indent(ind + extra) + Sentence(rng_.Range(1, 14)) + "\n";
    }
    if (header[1] == '+') *out += "\n";
  }

  void ConfigMap(std::string* out) {
    *out += "apiVersion: v1\nkind: ConfigMap\n";
    Metadata(out, Name(), rng_.Chance(50));
    *out += "data:\n";
    static const std::vector<const char*> kHeaders = {"|", "|-", "|+", ">", ">-"};
    for (size_t i = 0, n = rng_.Range(1, 8); i < n; ++i) {
      std::string key = Word() + std::to_string(i) + "." + (rng_.Chance(50) ? "conf" : "yaml");
      if (rng_.Chance(60)) {
        *out += "  " + key + ": ";
        BlockScalar(out, 4, rng_.Pick(kHeaders));
      } else if (rng_.Chance(50)) {
        *out += "  " + key + ": \"" + Sentence(rng_.Range(1, 8)) + "\"\n";
      } else {
        *out += "  " + key + ": " + Sentence(rng_.Range(1, 8)) + "\n";
      }
    }
  }

  void Secret(std::string* out) {
    *out += "apiVersion: v1\nkind: Secret\ntype: Opaque\n";
    Metadata(out, Name(), false);
    *out += "data:\n";
    for (size_t i = 0, n = rng_.Range(1, 5); i < n; ++i) {
      size_t len = rng_.Chance(5) ? rng_.Range(10'000, 80'000) : rng_.Range(16, 400);
      *out += "  " + Word() + std::to_string(i) + ": " + Base64(len) + "\n";
    }
  }

  void Values(std::string* out, size_t ind, size_t depth) {
    std::string p = Indent(ind);
    for (size_t i = 0, n = rng_.Range(2, 6); i < n; ++i) {
      std::string key = Word() + std::to_string(i);
      size_t kind = depth >= 5 ? rng_.Range(0, 3) : rng_.Range(0, 6);
      switch (kind) {
        case 0:
          *out += p + key + ": " + std::to_string(rng_.Range(0, 5000)) + "\n";
          break;
        case 1:
          *out += p + key + ": " + (rng_.Chance(50) ? "true" : "false") + "\n";
          break;
        case 2:
          *out += p + key + ": \"" + Sentence(rng_.Range(1, 3)) + "\"\n";
          break;
        case 3:
          *out += p + key + ": [" + Word() + ", " + Word() + ", " + Word() + "]\n";
          break;
        case 4:
          *out += p + key + ":\n";
          for (size_t j = 0, m = rng_.Range(1, 4); j < m; ++j) {
            *out += p + "- name: " + Word() + "\n" + p +
                    "  value: " + std::to_string(rng_.Range(0, 99)) + "\n";
          }
          break;
        default:
          *out += p + key + ":\n";
          Values(out, ind + 2, depth + 1);
          break;
      }
    }
  }

  void HelmRelease(std::string* out) {
    std::string name = Name();
    *out += "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n";
    Metadata(out, name, false);
    *out += "spec:\n  interval: " + std::to_string(rng_.Range(1, 60)) +
            "m\n  chart:\n    spec:\n      chart: " + name +
            "\n      version: \">=" + std::to_string(rng_.Range(1, 9)) +
            ".0.0\"\n      sourceRef:\n        kind: "
            "HelmRepository\n        name: " +
            Word() +
            "\n        namespace: flux-system\n  install:\n    remediation:\n      "
            "retries: 3\n  values:\n";
    if (rng_.Chance(5)) {
      *out +=
          "    defaults: &defaults\n      replicas: 2\n      resources:\n        "
          "requests: {cpu: 100m, memory: 128Mi}\n      tolerations:\n      - key: "
          "dedicated\n        operator: Exists\n";
      for (size_t i = 0, n = rng_.Range(2, 5); i < n; ++i) {
        *out += "    svc-" + Word() + std::to_string(i) +
                ":\n      <<: *defaults\n      replicas: " + std::to_string(rng_.Range(1, 9)) +
                "\n      extra: *defaults\n";
      }
    }
    Values(out, 4, 0);
  }

  void FluxKustomization(std::string* out) {
    std::string name = Name();
    *out += "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n";
    Metadata(out, name, false);
    *out += "spec:\n  interval: 10m0s\n  path: ./apps/" + Namespace() + "/" + name +
            "\n  prune: true\n  wait: true\n  timeout: 5m\n  sourceRef:\n    kind: "
            "GitRepository\n    name: flux-system\n";
    if (rng_.Chance(60)) {
      *out += "  dependsOn:\n";
      for (size_t i = 0, n = rng_.Range(1, 3); i < n; ++i) *out += "  - name: " + Name() + "\n";
    }
    if (rng_.Chance(50)) {
      *out += "  postBuild:\n    substitute:\n      cluster_name: " + Word() +
              "\n      domain: " + Word() +
              ".example.com\n    substituteFrom:\n    - kind: "
              "ConfigMap\n      name: cluster-vars\n";
    }
  }

  void SchemaProperties(std::string* out, size_t ind, size_t depth) {
    std::string p = Indent(ind);
    for (size_t i = 0, n = depth > 12 ? 1 : rng_.Range(1, 4); i < n; ++i) {
      *out += p + Word() + std::to_string(depth) + "_" + std::to_string(i) + ":\n";
      // One long chain of nested objects, bushier near the top.
      if (depth < 24 && (i == 0 || (depth < 3 && rng_.Chance(40)))) {
        *out += p + "  description: " + Sentence(rng_.Range(4, 20)) + "\n" + p +
                "  type: object\n" + p + "  properties:\n";
        SchemaProperties(out, ind + 4, depth + 1);
      } else {
        *out += p + "  type: " + (rng_.Chance(50) ? "string" : "integer") + "\n" + p +
                "  description: " + Sentence(rng_.Range(2, 10)) + "\n";
      }
    }
  }

  void Crd(std::string* out) {
    std::string name = Word() + "s";
    *out +=
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  "
        "name: " +
        name + ".example.com\nspec:\n  group: example.com\n  names:\n    kind: " + name +
        "\n    plural: " + name +
        "\n  scope: Namespaced\n  versions:\n  - name: v1\n    "
        "served: true\n    storage: true\n    schema:\n      "
        "openAPIV3Schema:\n        type: object\n        "
        "properties:\n";
    SchemaProperties(out, 10, 0);
  }

  Rng rng_;
};

}  // namespace fluxlint::bench

#endif  // FLUXLINT_BENCH_K8S_YAML_GEN_H_
