// Fuzz target for the whole of lint on one file: the first input byte picks the file name (and
// so the rule module), the rest is the file. Every module must survive any bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lint/file_kind.h"
#include "lint/lint.h"
#include "lint/report_writers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::array<const char*, 20> kNames{
      "redis.conf",     "mongod.conf",      "elasticsearch.yml", "opensearch.yml",
      "kibana.yml",     "postgresql.conf",  "pg_hba.conf",       "my.cnf",
      "memcached.conf", "etcd.conf.yml",    "users.xml",         "influxdb.conf",
      "zoo.cfg",        "daemon.json",      "nginx.conf",        "vsftpd.conf",
      "dovecot.conf",   "azuredeploy.json", "plan.json",         "k8s.yaml"};
  if (size == 0) return 0;
  const std::string name = kNames[data[0] % kNames.size()];
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  lw::lint::FileKind kind = lw::lint::detect_file_kind(name, text);
  if (kind == lw::lint::FileKind::unknown) {
    // Force the JSON and YAML kinds that are recognised by content only.
    if (name == "azuredeploy.json") kind = lw::lint::FileKind::arm_template;
    if (name == "plan.json") kind = lw::lint::FileKind::terraform_plan;
    if (name == "k8s.yaml") kind = lw::lint::FileKind::kubernetes;
    if (name == "users.xml") kind = lw::lint::FileKind::clickhouse_users;
  }
  std::vector<lw::lint::SourceFile> files;
  files.push_back(lw::lint::SourceFile{name, std::move(text), kind});
  const lw::lint::Report report = lw::lint::lint_sources(std::move(files));
  (void)lw::lint::write_sarif(report);
  (void)lw::lint::write_text(report);
  return 0;
}
