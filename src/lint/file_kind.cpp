#include "lint/file_kind.h"

#include <array>
#include <span>
#include <string>

#include "lint/text.h"

namespace lw::lint {

namespace {

std::string_view base_name(std::string_view path) noexcept {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool in_folder(std::string_view path, std::string_view folder) noexcept {
  return icontains(path, std::string("/") + std::string(folder) + "/") ||
         istarts_with(path, std::string(folder) + "/");
}

// Counts lines whose first word is one of `words` (comments and blank lines ignored).
int count_leading_words(std::string_view head, std::span<const std::string_view> words) {
  int hits = 0;
  for (std::string_view line : split_lines(head)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const auto end = line.find_first_of(" \t=");
    const std::string_view first = line.substr(0, end);
    for (std::string_view w : words) {
      if (iequals(first, w)) {
        ++hits;
        break;
      }
    }
  }
  return hits;
}

FileKind by_name(std::string_view path) noexcept {
  const std::string_view name = base_name(path);
  const std::string lower = ascii_lower(name);
  if (lower == "pg_hba.conf") return FileKind::pg_hba;
  if (lower == "postgresql.conf" || lower == "postgresql.auto.conf")
    return FileKind::postgresql_conf;
  if (lower.starts_with("redis") && lower.ends_with(".conf")) return FileKind::redis;
  if (lower.starts_with("mongod") &&
      (lower.ends_with(".conf") || lower.ends_with(".yaml") || lower.ends_with(".yml"))) {
    return FileKind::mongodb;
  }
  if (lower == "elasticsearch.yml" || lower == "elasticsearch.yaml") return FileKind::elasticsearch;
  if (lower == "opensearch.yml" || lower == "opensearch.yaml") return FileKind::opensearch;
  if (lower == "kibana.yml" || lower == "kibana.yaml" || lower == "opensearch_dashboards.yml") {
    return FileKind::kibana;
  }
  if (lower == "my.cnf" || lower == "mysqld.cnf" || lower == "mariadb.cnf" ||
      (lower.ends_with(".cnf") &&
       (in_folder(path, "mysql") || in_folder(path, "mariadb") || in_folder(path, "mysql.conf.d") ||
        in_folder(path, "mariadb.conf.d")))) {
    return FileKind::mysql;
  }
  if (lower == "memcached.conf") return FileKind::memcached;
  if (lower == "etcd.conf.yml" || lower == "etcd.conf.yaml" || lower == "etcd.yml" ||
      lower == "etcd.yaml") {
    return FileKind::etcd;
  }
  if (lower == "influxdb.conf") return FileKind::influxdb;
  if (lower == "zoo.cfg") return FileKind::zookeeper;
  if (lower == "daemon.json") return FileKind::docker_daemon;
  if (lower == "nginx.conf" ||
      (in_folder(path, "nginx") && (lower.ends_with(".conf") || in_folder(path, "sites-enabled") ||
                                    in_folder(path, "sites-available")))) {
    return FileKind::nginx;
  }
  if (lower == "vsftpd.conf") return FileKind::vsftpd;
  if (lower == "dovecot.conf" || (in_folder(path, "dovecot") && lower.ends_with(".conf"))) {
    return FileKind::dovecot;
  }
  return FileKind::unknown;
}

FileKind json_by_content(std::string_view head) noexcept {
  if ((icontains(head, "management.azure.com/schemas") ||
       icontains(head, "management.usgovcloudapi.net/schemas") ||
       icontains(head, "management.chinacloudapi.cn/schemas")) &&
      icontains(head, "deploymentTemplate.json")) {
    return FileKind::arm_template;
  }
  if (icontains(head, "\"format_version\"") &&
      (icontains(head, "\"planned_values\"") || icontains(head, "\"resource_changes\"") ||
       icontains(head, "\"terraform_version\""))) {
    return FileKind::terraform_plan;
  }
  return FileKind::unknown;
}

FileKind text_by_content(std::string_view path, std::string_view head) noexcept {
  const std::string lower = ascii_lower(base_name(path));
  const bool yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
  if (yaml) {
    if (icontains(head, "apiVersion:") && icontains(head, "kind:")) {
      return FileKind::kubernetes;
    }
    if (icontains(head, "bindIp") || icontains(head, "bindIpAll")) return FileKind::mongodb;
    if (icontains(head, "plugins.security") || icontains(head, "opensearch")) {
      if (icontains(head, "network.host")) return FileKind::opensearch;
    }
    if (icontains(head, "network.host") || icontains(head, "xpack.security")) {
      return FileKind::elasticsearch;
    }
    if (icontains(head, "listen-client-urls")) return FileKind::etcd;
    return FileKind::unknown;
  }
  static constexpr std::array<std::string_view, 9> kRedis{
      "protected-mode", "requirepass", "appendonly", "rename-command", "maxmemory-policy",
      "dbfilename",     "masterauth",  "supervised", "aclfile"};
  if (count_leading_words(head, kRedis) >= 2) return FileKind::redis;
  static constexpr std::array<std::string_view, 6> kHba{"local",     "host",       "hostssl",
                                                        "hostnossl", "hostgssenc", "hostnogssenc"};
  if (lower.ends_with(".conf") && count_leading_words(head, kHba) >= 2 && icontains(head, "all")) {
    return FileKind::pg_hba;
  }
  if (icontains(head, "[mysqld]") || icontains(head, "[mariadb]")) return FileKind::mysql;
  static constexpr std::array<std::string_view, 3> kZoo{"clientPort", "tickTime", "dataDir"};
  if (count_leading_words(head, kZoo) >= 2) return FileKind::zookeeper;
  static constexpr std::array<std::string_view, 3> kVsftpd{"anonymous_enable", "local_enable",
                                                           "listen"};
  if (count_leading_words(head, kVsftpd) >= 2 && icontains(head, "anonymous_enable")) {
    return FileKind::vsftpd;
  }
  if (lower.ends_with(".xml") && icontains(head, "<users>") &&
      (icontains(head, "<clickhouse") || icontains(head, "<yandex"))) {
    return FileKind::clickhouse_users;
  }
  if (lower.ends_with(".conf") && icontains(head, "server {") && icontains(head, "listen")) {
    return FileKind::nginx;
  }
  return FileKind::unknown;
}

}  // namespace

std::string_view to_string(FileKind kind) noexcept {
  switch (kind) {
    case FileKind::unknown:
      return "unknown";
    case FileKind::redis:
      return "redis";
    case FileKind::mongodb:
      return "mongodb";
    case FileKind::elasticsearch:
      return "elasticsearch";
    case FileKind::opensearch:
      return "opensearch";
    case FileKind::kibana:
      return "kibana";
    case FileKind::postgresql_conf:
      return "postgresql.conf";
    case FileKind::pg_hba:
      return "pg_hba.conf";
    case FileKind::mysql:
      return "mysql";
    case FileKind::memcached:
      return "memcached";
    case FileKind::etcd:
      return "etcd";
    case FileKind::clickhouse_users:
      return "clickhouse-users";
    case FileKind::influxdb:
      return "influxdb";
    case FileKind::zookeeper:
      return "zookeeper";
    case FileKind::docker_daemon:
      return "docker-daemon";
    case FileKind::nginx:
      return "nginx";
    case FileKind::vsftpd:
      return "vsftpd";
    case FileKind::dovecot:
      return "dovecot";
    case FileKind::arm_template:
      return "arm-template";
    case FileKind::terraform_plan:
      return "terraform-plan";
    case FileKind::kubernetes:
      return "kubernetes";
  }
  return "unknown";
}

FileKind detect_file_kind(std::string_view path, std::string_view head) noexcept {
  const std::string lower = ascii_lower(base_name(path));
  if (lower.ends_with(".json")) {
    const FileKind kind = json_by_content(head);
    if (kind != FileKind::unknown) return kind;
  }
  if (const FileKind kind = by_name(path); kind != FileKind::unknown) return kind;
  if (lower == "users.xml" || lower.ends_with(".xml")) {
    if (icontains(head, "<users>") &&
        (icontains(head, "<clickhouse") || icontains(head, "<yandex"))) {
      return FileKind::clickhouse_users;
    }
  }
  if (lower.ends_with(".json")) return FileKind::unknown;
  return text_by_content(path, head);
}

}  // namespace lw::lint
