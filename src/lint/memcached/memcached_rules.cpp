#include "lint/memcached/memcached_rules.h"

#include <string>

#include "lint/exposure.h"
#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

void lint_one(const SourceFile& file, Sink& sink) {
  const auto entries = kv_or_report(file, KvSyntax{}, sink);
  if (!entries) return;
  const KvEntry* listen = nullptr;
  std::string listen_value;
  bool sasl = false;
  for (const KvEntry& e : *entries) {
    // "-l ADDR", "-lADDR", "--listen=ADDR"; "-S" / "--enable-sasl".
    if (e.key == "-l" || e.key == "--listen") {
      listen = &e;
      listen_value = e.value;
    } else if (e.key.starts_with("--listen=")) {
      listen = &e;
      listen_value = e.key.substr(9);
    } else if (e.key.starts_with("-l") && e.key.size() > 2) {
      listen = &e;
      listen_value = e.key.substr(2);
    }
    if (e.key == "-S" || e.key == "--enable-sasl") sasl = true;
  }
  if (sasl) return;
  if (listen == nullptr) {
    sink.report(file, "memcached-exposed-no-sasl", 0,
                "no -l option: memcached listens on every interface, and SASL (-S) is off");
    return;
  }
  for (std::string_view addr : split_trim(listen_value, ',')) {
    if (is_exposed(host_of(addr))) {
      sink.report(file, "memcached-exposed-no-sasl", listen->line,
                  "memcached listens on " + listen_value + " without SASL (-S)");
      return;
    }
  }
}

}  // namespace

void lint_memcached(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
