#include "lint/elasticsearch/elasticsearch_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

// The first of `keys` that binds beyond loopback (a scalar or a list of hosts).
const Node* exposed_host(const Node& root, std::initializer_list<std::string_view> keys,
                         std::string& which) {
  for (std::string_view key : keys) {
    const Node* host = root.find_dotted(key);
    if (host == nullptr) continue;
    if (host->is_scalar() && is_exposed(host->scalar)) {
      which = std::string(key) + ": " + host->scalar;
      return host;
    }
    if (host->is_seq()) {
      for (const Node& item : host->items) {
        if (item.is_scalar() && is_exposed(item.scalar)) {
          which = std::string(key) + " includes " + item.scalar;
          return &item;
        }
      }
    }
  }
  return nullptr;
}

void lint_es(const SourceFile& file, Sink& sink) {
  const auto docs = yaml_or_report(file, sink);
  if (!docs) return;
  for (const Node& root : *docs) {
    std::string which;
    const Node* host =
        exposed_host(root, {"network.host", "http.host", "network.bind_host"}, which);
    const Node* security = root.find_dotted("xpack.security.enabled");
    if (host == nullptr || !node_false(security)) continue;
    sink.report(file, "elasticsearch-security-disabled", security->line,
                "Elasticsearch listens beyond loopback (" + which + ", line " +
                    std::to_string(host->line) + ") with xpack.security.enabled: false");
  }
}

void lint_os(const SourceFile& file, Sink& sink) {
  const auto docs = yaml_or_report(file, sink);
  if (!docs) return;
  for (const Node& root : *docs) {
    std::string which;
    const Node* host =
        exposed_host(root, {"network.host", "http.host", "network.bind_host"}, which);
    const Node* disabled = root.find_dotted("plugins.security.disabled");
    if (disabled == nullptr) disabled = root.find_dotted("opendistro_security.disabled");
    if (host == nullptr || !node_true(disabled)) continue;
    sink.report(file, "opensearch-security-disabled", disabled->line,
                "OpenSearch listens beyond loopback (" + which + ", line " +
                    std::to_string(host->line) + ") with the security plugin disabled");
  }
}

void lint_kb(const SourceFile& file, Sink& sink) {
  const auto docs = yaml_or_report(file, sink);
  if (!docs) return;
  for (const Node& root : *docs) {
    std::string which;
    const Node* host = exposed_host(root, {"server.host"}, which);
    const Node* off = root.find_dotted("xpack.security.enabled");
    if (!node_false(off)) {
      off = root.find_dotted("opensearch_security.enabled");
      if (!node_false(off)) off = nullptr;
    }
    if (host == nullptr || off == nullptr) continue;
    sink.report(file, "kibana-exposed-without-security", off->line,
                "The dashboard listens beyond loopback (" + which + ") with security turned off");
  }
}

}  // namespace

void lint_elasticsearch(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_es(f, sink); });
}

void lint_opensearch(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_os(f, sink); });
}

void lint_kibana(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_kb(f, sink); });
}

}  // namespace lw::lint
