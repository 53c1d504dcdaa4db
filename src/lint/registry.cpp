#include <array>

#include "lint/arm/arm_rules.h"
#include "lint/clickhouse/clickhouse_rules.h"
#include "lint/docker/docker_rules.h"
#include "lint/dovecot/dovecot_rules.h"
#include "lint/elasticsearch/elasticsearch_rules.h"
#include "lint/etcd/etcd_rules.h"
#include "lint/influxdb/influxdb_rules.h"
#include "lint/k8s/k8s_rules.h"
#include "lint/memcached/memcached_rules.h"
#include "lint/module.h"
#include "lint/mongodb/mongodb_rules.h"
#include "lint/mysql/mysql_rules.h"
#include "lint/nginx/nginx_rules.h"
#include "lint/postgres/postgres_rules.h"
#include "lint/redis/redis_rules.h"
#include "lint/terraform/terraform_rules.h"
#include "lint/vsftpd/vsftpd_rules.h"
#include "lint/zookeeper/zookeeper_rules.h"

namespace lw::lint {

namespace {

// The explicit list of built-in rule modules: adding a file kind means adding a line here.
constexpr std::array kModules{
    Module{FileKind::redis, &lint_redis},
    Module{FileKind::mongodb, &lint_mongodb},
    Module{FileKind::elasticsearch, &lint_elasticsearch},
    Module{FileKind::opensearch, &lint_opensearch},
    Module{FileKind::kibana, &lint_kibana},
    Module{FileKind::postgresql_conf, &lint_postgresql_conf},
    Module{FileKind::pg_hba, &lint_pg_hba},
    Module{FileKind::mysql, &lint_mysql},
    Module{FileKind::memcached, &lint_memcached},
    Module{FileKind::etcd, &lint_etcd},
    Module{FileKind::clickhouse_users, &lint_clickhouse_users},
    Module{FileKind::influxdb, &lint_influxdb},
    Module{FileKind::zookeeper, &lint_zookeeper},
    Module{FileKind::docker_daemon, &lint_docker_daemon},
    Module{FileKind::nginx, &lint_nginx},
    Module{FileKind::vsftpd, &lint_vsftpd},
    Module{FileKind::dovecot, &lint_dovecot},
    Module{FileKind::arm_template, &lint_arm},
    Module{FileKind::terraform_plan, &lint_terraform_plan},
    Module{FileKind::kubernetes, &lint_kubernetes},
};

}  // namespace

std::span<const Module> builtin_modules() noexcept {
  return kModules;
}

}  // namespace lw::lint
