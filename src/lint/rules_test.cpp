// Every rule has a failing case (the rule fires, at the given line) and a passing case (it does
// not), both on files under testdata/. A final test checks that the table covers the catalog.
#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "lint/rule_catalog.h"
#include "lint/test_util.h"

namespace lw::lint {
namespace {

using testing::findings_of;
using testing::lint_testdata;

struct RuleCase {
  std::string rule;
  std::vector<std::string> paths;  // under testdata/
  bool fires;
  std::size_t line = 0;  // for firing cases: the line of the first finding (0: whole file)
  std::optional<Severity> severity = std::nullopt;
};

void PrintTo(const RuleCase& c, std::ostream* os) {
  *os << c.rule << (c.fires ? " fires on " : " passes on ") << c.paths[0];
}

std::string case_name(const ::testing::TestParamInfo<RuleCase>& info) {
  std::string name =
      info.param.rule + (info.param.fires ? "_fires_" : "_passes_") + std::to_string(info.index);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

const std::vector<RuleCase>& cases() {
  static const std::vector<RuleCase> kCases = {
      {"redis-no-auth", {"redis/open/redis.conf"}, true, 3, Severity::critical},
      {"redis-no-auth", {"redis/protected/redis.conf"}, true, 0, Severity::high},
      {"redis-no-auth", {"redis/password/redis.conf"}, false},
      {"redis-no-auth", {"redis/loopback/redis.conf"}, false},
      {"redis-protected-mode-off", {"redis/open/redis.conf"}, true, 4},
      {"redis-protected-mode-off", {"redis/password/redis.conf"}, false},
      {"redis-protected-mode-off", {"redis/loopback/redis.conf"}, false},
      {"redis-bind-all", {"redis/open/redis.conf"}, true, 3},
      {"redis-bind-all", {"redis/password/redis.conf"}, false},
      {"redis-dangerous-commands", {"redis/open/redis.conf"}, true, 3},
      {"redis-dangerous-commands", {"redis/password/redis.conf"}, false},
      {"mongodb-bind-all-no-auth", {"mongodb/open/mongod.conf"}, true, 6},
      {"mongodb-bind-all-no-auth", {"mongodb/bindipall/mongod.conf"}, true, 4},
      {"mongodb-bind-all-no-auth", {"mongodb/secure/mongod.conf"}, false},
      {"mongodb-bind-all-no-auth", {"mongodb/loopback/mongod.conf"}, false},
      {"elasticsearch-security-disabled", {"elasticsearch/open/elasticsearch.yml"}, true, 4},
      {"elasticsearch-security-disabled", {"elasticsearch/nested/elasticsearch.yml"}, true, 6},
      {"elasticsearch-security-disabled", {"elasticsearch/secure/elasticsearch.yml"}, false},
      {"elasticsearch-security-disabled", {"elasticsearch/loopback/elasticsearch.yml"}, false},
      {"opensearch-security-disabled", {"opensearch/open/opensearch.yml"}, true, 4},
      {"opensearch-security-disabled", {"opensearch/secure/opensearch.yml"}, false},
      {"kibana-exposed-without-security", {"kibana/open/kibana.yml"}, true, 3},
      {"kibana-exposed-without-security", {"kibana/secure/kibana.yml"}, false},
      {"pg-hba-trust-remote", {"postgres/trust-open"}, true, 3, Severity::critical},
      {"pg-hba-trust-remote", {"postgres/trust-alone/pg_hba.conf"}, true, 2, Severity::high},
      {"pg-hba-trust-remote", {"postgres/password/pg_hba.conf"}, false},
      {"pg-hba-trust-remote", {"postgres/secure"}, false},
      {"pg-hba-password-no-tls", {"postgres/password/pg_hba.conf"}, true, 4, Severity::high},
      {"pg-hba-password-no-tls", {"postgres/secure"}, false},
      {"mysql-skip-grant-tables", {"mysql/open/my.cnf"}, true, 4, Severity::critical},
      {"mysql-skip-grant-tables", {"mysql/local/my.cnf"}, true, 4, Severity::medium},
      {"mysql-skip-grant-tables", {"mysql/secure/my.cnf"}, false},
      {"memcached-exposed-no-sasl", {"memcached/open/memcached.conf"}, true, 5},
      {"memcached-exposed-no-sasl", {"memcached/nolisten/memcached.conf"}, true, 0},
      {"memcached-exposed-no-sasl", {"memcached/sasl/memcached.conf"}, false},
      {"etcd-client-no-tls-auth", {"etcd/open/etcd.conf.yml"}, true, 3},
      {"etcd-client-no-tls-auth", {"etcd/secure/etcd.conf.yml"}, false},
      {"clickhouse-default-user-open", {"clickhouse/open/users.xml"}, true, 5},
      {"clickhouse-default-user-open", {"clickhouse/secure/users.xml"}, false},
      {"influxdb-auth-disabled", {"influxdb/open/influxdb.conf"}, true, 8},
      {"influxdb-auth-disabled", {"influxdb/secure/influxdb.conf"}, false},
      {"zookeeper-no-auth", {"zookeeper/open/zoo.cfg"}, true, 4},
      {"zookeeper-no-auth", {"zookeeper/secure/zoo.cfg"}, false},
      {"zookeeper-4lw-all", {"zookeeper/open/zoo.cfg"}, true, 5},
      {"zookeeper-4lw-all", {"zookeeper/secure/zoo.cfg"}, false},
      {"docker-tcp-no-tls", {"docker/open/daemon.json"}, true, 5},
      {"docker-tcp-no-tls", {"docker/tls/daemon.json"}, false},
      {"nginx-autoindex-on", {"nginx/open/nginx.conf"}, true, 8},
      {"nginx-autoindex-on", {"nginx/secure/nginx.conf"}, false},
      {"nginx-serves-dotfiles", {"nginx/open/nginx.conf"}, true, 10},
      {"nginx-serves-dotfiles", {"nginx/secure/nginx.conf"}, false},
      {"vsftpd-anonymous-write", {"vsftpd/open/vsftpd.conf"}, true, 4},
      {"vsftpd-anonymous-write", {"vsftpd/readonly/vsftpd.conf"}, false},
      {"vsftpd-anonymous-write", {"vsftpd/secure/vsftpd.conf"}, false},
      {"vsftpd-anonymous-enabled", {"vsftpd/readonly/vsftpd.conf"}, true, 3},
      {"vsftpd-anonymous-enabled", {"vsftpd/secure/vsftpd.conf"}, false},
      {"dovecot-plaintext-auth-no-tls", {"dovecot/open/dovecot.conf"}, true, 3},
      {"dovecot-plaintext-auth-no-tls", {"dovecot/secure/dovecot.conf"}, false},
      {"dovecot-anonymous-login", {"dovecot/open/dovecot.conf"}, true, 4},
      {"dovecot-anonymous-login", {"dovecot/secure/dovecot.conf"}, false},
      {"azure-storage-public-blob-access", {"arm/open/azuredeploy.json"}, true, 6},
      {"azure-storage-public-blob-access", {"arm/secure/azuredeploy.json"}, false},
      {"azure-storage-container-public", {"arm/open/azuredeploy.json"}, true, 21},
      {"azure-storage-container-public", {"arm/gov/azuredeploy.json"}, true, 20},
      {"azure-storage-container-public", {"arm/secure/azuredeploy.json"}, false},
      {"azure-nsg-db-port-open", {"arm/open/azuredeploy.json"}, true, 37},
      {"azure-nsg-db-port-open", {"arm/gov/azuredeploy.json"}, true, 13},
      {"azure-nsg-db-port-open", {"arm/secure/azuredeploy.json"}, false},
      {"tf-azurerm-storage-public-blob-access", {"terraform/open/plan.json"}, true, 10},
      {"tf-azurerm-storage-public-blob-access", {"terraform/secure/plan.json"}, false},
      {"tf-azurerm-container-public", {"terraform/open/plan.json"}, true, 15},
      {"tf-azurerm-container-public", {"terraform/secure/plan.json"}, false},
      {"tf-azurerm-nsg-db-port-open", {"terraform/open/plan.json"}, true, 23},
      {"tf-azurerm-nsg-db-port-open", {"terraform/secure/plan.json"}, false},
      {"tf-aws-s3-public-acl", {"terraform/open/plan.json"}, true, 29},
      {"tf-aws-s3-public-acl", {"terraform/secure/plan.json"}, false},
      {"tf-aws-s3-public-policy", {"terraform/open/plan.json"}, true, 36},
      {"tf-aws-s3-public-policy", {"terraform/secure/plan.json"}, false},
      {"tf-aws-sg-db-port-open", {"terraform/open/plan.json"}, true, 55},
      {"tf-aws-sg-db-port-open", {"terraform/changes/plan.json"}, true, 15},
      {"tf-aws-sg-db-port-open", {"terraform/secure/plan.json"}, false},
      {"tf-aws-rds-public", {"terraform/open/plan.json"}, true, 63},
      {"tf-aws-rds-public", {"terraform/changes/plan.json"}, false},
      {"tf-aws-rds-public", {"terraform/secure/plan.json"}, false},
      {"k8s-db-service-exposed", {"k8s/open/redis.yaml"}, true, 21},
      {"k8s-db-service-exposed", {"k8s/withpolicy"}, false},
      {"k8s-db-service-exposed", {"k8s/withpolicy/service.yaml"}, true, 10},
      {"k8s-db-service-exposed", {"k8s/clusterip/service.yaml"}, false},
  };
  return kCases;
}

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, FiresOrPasses) {
  const RuleCase& c = GetParam();
  const Report report = lint_testdata(c.paths);
  ASSERT_TRUE(report.diagnostics.empty())
      << report.diagnostics[0].file << ": " << report.diagnostics[0].message;
  ASSERT_FALSE(report.files.empty()) << "no file recognised";
  const auto found = findings_of(report, c.rule);
  if (!c.fires) {
    EXPECT_TRUE(found.empty()) << found[0].file << ":" << found[0].line << " " << found[0].message;
    return;
  }
  ASSERT_FALSE(found.empty()) << c.rule << " did not fire";
  EXPECT_EQ(found[0].line, c.line) << found[0].message;
  if (c.severity) {
    EXPECT_EQ(found[0].severity, *c.severity);
  }
  EXPECT_FALSE(found[0].message.empty());
  EXPECT_FALSE(found[0].fix.empty());
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleTest, ::testing::ValuesIn(cases()), case_name);

TEST(RuleTable, EveryCatalogRuleHasAFiringAndAPassingCase) {
  std::set<std::string> firing;
  std::set<std::string> passing;
  for (const RuleCase& c : cases()) (c.fires ? firing : passing).insert(c.rule);
  for (const RuleInfo& rule : all_rules()) {
    if (std::string(rule.kind) == "any") continue;  // suppression rules: suppression_test.cpp
    EXPECT_TRUE(firing.count(std::string(rule.id))) << rule.id << " has no failing test";
    EXPECT_TRUE(passing.count(std::string(rule.id))) << rule.id << " has no passing test";
  }
}

}  // namespace
}  // namespace lw::lint
