#include "lint/file_kind.h"

#include <gtest/gtest.h>

namespace lw::lint {
namespace {

TEST(FileKind, ByName) {
  EXPECT_EQ(detect_file_kind("/etc/redis/redis.conf", ""), FileKind::redis);
  EXPECT_EQ(detect_file_kind("redis-6380.conf", ""), FileKind::redis);
  EXPECT_EQ(detect_file_kind("/etc/postgresql/15/main/pg_hba.conf", ""), FileKind::pg_hba);
  EXPECT_EQ(detect_file_kind("postgresql.conf", ""), FileKind::postgresql_conf);
  EXPECT_EQ(detect_file_kind("/etc/mongod.conf", ""), FileKind::mongodb);
  EXPECT_EQ(detect_file_kind("config/elasticsearch.yml", ""), FileKind::elasticsearch);
  EXPECT_EQ(detect_file_kind("opensearch.yml", ""), FileKind::opensearch);
  EXPECT_EQ(detect_file_kind("kibana.yml", ""), FileKind::kibana);
  EXPECT_EQ(detect_file_kind("/etc/mysql/mariadb.conf.d/50-server.cnf", ""), FileKind::mysql);
  EXPECT_EQ(detect_file_kind("/etc/memcached.conf", ""), FileKind::memcached);
  EXPECT_EQ(detect_file_kind("etcd.conf.yml", ""), FileKind::etcd);
  EXPECT_EQ(detect_file_kind("influxdb.conf", ""), FileKind::influxdb);
  EXPECT_EQ(detect_file_kind("conf/zoo.cfg", ""), FileKind::zookeeper);
  EXPECT_EQ(detect_file_kind("/etc/docker/daemon.json", "{}"), FileKind::docker_daemon);
  EXPECT_EQ(detect_file_kind("/etc/nginx/sites-available/default", ""), FileKind::nginx);
  EXPECT_EQ(detect_file_kind("/etc/vsftpd.conf", ""), FileKind::vsftpd);
  EXPECT_EQ(detect_file_kind("/etc/dovecot/conf.d/10-auth.conf", ""), FileKind::dovecot);
  EXPECT_EQ(detect_file_kind("README.md", "hello"), FileKind::unknown);
}

TEST(FileKind, ByContent) {
  EXPECT_EQ(detect_file_kind("cache.conf", "port 6379\nprotected-mode yes\nrequirepass x\n"),
            FileKind::redis);
  EXPECT_EQ(detect_file_kind("access.conf", "local all all peer\nhost all all 10.0.0.0/8 md5\n"),
            FileKind::pg_hba);
  EXPECT_EQ(detect_file_kind("server.cnf", "[mysqld]\nbind-address=0.0.0.0\n"), FileKind::mysql);
  EXPECT_EQ(detect_file_kind("deploy.yaml", "apiVersion: v1\nkind: Service\n"),
            FileKind::kubernetes);
  EXPECT_EQ(detect_file_kind("db.yaml", "net:\n  bindIp: 0.0.0.0\n"), FileKind::mongodb);
  EXPECT_EQ(detect_file_kind("users.xml", "<clickhouse><users><default/></users></clickhouse>"),
            FileKind::clickhouse_users);
  EXPECT_EQ(detect_file_kind("random.yaml", "a: 1\n"), FileKind::unknown);
}

TEST(FileKind, JsonTemplatesByContent) {
  EXPECT_EQ(
      detect_file_kind(
          "main.json",
          R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"})"),
      FileKind::arm_template);
  // Azure Government templates are recognised the same way.
  EXPECT_EQ(
      detect_file_kind(
          "gov.json",
          R"({"$schema": "https://schema.management.usgovcloudapi.net/schemas/2019-04-01/deploymentTemplate.json#"})"),
      FileKind::arm_template);
  EXPECT_EQ(detect_file_kind("plan.json", R"({"format_version":"1.2","planned_values":{}})"),
            FileKind::terraform_plan);
  EXPECT_EQ(detect_file_kind("package.json", R"({"name":"x"})"), FileKind::unknown);
}

}  // namespace
}  // namespace lw::lint
