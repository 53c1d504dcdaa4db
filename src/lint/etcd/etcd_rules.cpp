#include "lint/etcd/etcd_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

void lint_one(const SourceFile& file, Sink& sink) {
  const auto docs = yaml_or_report(file, sink);
  if (!docs) return;
  for (const Node& root : *docs) {
    const Node* urls = root.get("listen-client-urls");
    if (urls == nullptr || !urls->is_scalar()) continue;
    const Node* tls = root.get("client-transport-security");
    const bool cert_auth = tls != nullptr && node_true(tls->get("client-cert-auth"));
    if (cert_auth) continue;
    for (std::string_view url : split_trim(urls->scalar, ',')) {
      if (!istarts_with(url, "http://") || !is_exposed(host_of(url))) continue;
      sink.report(file, "etcd-client-no-tls-auth", urls->line,
                  "etcd serves clients on " + std::string(url) +
                      " (plain http beyond loopback) without client-cert-auth");
      break;
    }
  }
}

}  // namespace

void lint_etcd(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
