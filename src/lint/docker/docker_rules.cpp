#include "lint/docker/docker_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

void lint_one(const SourceFile& file, Sink& sink) {
  const auto root = json_or_report(file, sink);
  if (!root || !root->is_map()) return;
  const Node* hosts = root->get("hosts");
  if (hosts == nullptr) return;
  // tlsverify makes the daemon demand client certificates; tls alone only encrypts.
  if (node_true(root->get("tlsverify"))) return;
  std::vector<const Node*> items;
  if (hosts->is_scalar()) items.push_back(hosts);
  for (const Node& item : hosts->items) items.push_back(&item);
  for (const Node* host : items) {
    const std::string_view url = host->text();
    if (!istarts_with(url, "tcp://")) continue;
    const std::string_view h = host_of(url);
    if (!is_exposed(h)) continue;
    sink.report(file, "docker-tcp-no-tls", host->line,
                "the Docker API listens on " + std::string(url) +
                    " without tlsverify: whoever reaches it controls the host");
  }
}

}  // namespace

void lint_docker_daemon(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
