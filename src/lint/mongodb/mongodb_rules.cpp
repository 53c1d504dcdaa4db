#include "lint/mongodb/mongodb_rules.h"

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
    if (!root.is_map()) continue;
    const Node* bind_all = root.find({"net", "bindIpAll"});
    const Node* bind_ip = root.find({"net", "bindIp"});
    const Node* where = nullptr;
    std::string how;
    if (node_true(bind_all)) {
      where = bind_all;
      how = "net.bindIpAll: true";
    } else if (bind_ip != nullptr && bind_ip->is_scalar()) {
      for (std::string_view ip : split_trim(bind_ip->scalar, ',')) {
        if (classify_host(ip) == HostScope::all) {
          where = bind_ip;
          how = "net.bindIp: " + bind_ip->scalar;
        }
      }
    }
    if (where == nullptr) continue;
    // keyFile (and x509 cluster auth) switch authorization on implicitly.
    const Node* authorization = root.find({"security", "authorization"});
    const bool auth = (authorization != nullptr && iequals(authorization->text(), "enabled")) ||
                      root.find({"security", "keyFile"}) != nullptr;
    if (auth) continue;
    const std::string state = authorization == nullptr ? "not set (disabled by default)"
                                                       : "'" + authorization->scalar + "'";
    sink.report(
        file, "mongodb-bind-all-no-auth", where->line,
        "mongod listens on every interface (" + how + ") and security.authorization is " + state);
  }
}

}  // namespace

void lint_mongodb(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
