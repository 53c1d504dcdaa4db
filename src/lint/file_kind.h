#pragma once

#include <string_view>

namespace lw::lint {

// The kinds of file lint understands; each has one rule module under src/lint/<kind>/.
enum class FileKind {
  unknown,
  redis,
  mongodb,
  elasticsearch,
  opensearch,
  kibana,
  postgresql_conf,
  pg_hba,
  mysql,
  memcached,
  etcd,
  clickhouse_users,
  influxdb,
  zookeeper,
  docker_daemon,
  nginx,
  vsftpd,
  dovecot,
  arm_template,
  terraform_plan,
  kubernetes,
};

std::string_view to_string(FileKind kind) noexcept;

// Recognises a file by its path first (name, then folder) and, when the name says nothing,
// by its content. `head` is the start of the file (a few KiB are enough).
FileKind detect_file_kind(std::string_view path, std::string_view head) noexcept;

}  // namespace lw::lint
