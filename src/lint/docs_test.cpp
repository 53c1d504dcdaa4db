// Every rule in the catalog has a page docs/rules/<id>.md with the required sections and is in
// the index; every page is a rule. Where a page's examples are whole files, the bad example must
// make the rule fire and the good one must not, so the docs cannot drift from the code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "lint/rule_catalog.h"
#include "lint/test_util.h"

namespace lw::lint {
namespace {

const std::string kDocs = std::string(LW_SOURCE_DIR) + "/docs/rules/";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The first fenced code block after `heading`.
std::string example_after(const std::string& page, const std::string& heading) {
  const auto at = page.find("\n" + heading + "\n");
  if (at == std::string::npos) return {};
  const auto fence = page.find("```", at);
  if (fence == std::string::npos) return {};
  const auto body = page.find('\n', fence) + 1;
  const auto end = page.find("\n```", body);
  if (end == std::string::npos) return {};
  return page.substr(body, end - body + 1);
}

TEST(RuleDocs, EveryRuleHasACompletePage) {
  const std::string index = read(kDocs + "README.md");
  ASSERT_FALSE(index.empty());
  for (const RuleInfo& rule : all_rules()) {
    const std::string id(rule.id);
    const std::string page = read(kDocs + id + ".md");
    ASSERT_FALSE(page.empty()) << "missing docs/rules/" << id << ".md";
    EXPECT_NE(page.find("`" + id + "`"), std::string::npos) << id;
    for (const char* section :
         {"## What it catches", "## Why it matters", "## How to fix", "## Bad", "## Good"}) {
      EXPECT_NE(page.find(section), std::string::npos) << id << " lacks " << section;
    }
    EXPECT_FALSE(example_after(page, "## Bad").empty()) << id;
    EXPECT_FALSE(example_after(page, "## Good").empty()) << id;
    EXPECT_NE(index.find("(" + id + ".md)"), std::string::npos) << id << " not in README.md";
  }
}

TEST(RuleDocs, EveryPageIsARule) {
  for (const auto& entry : std::filesystem::directory_iterator(kDocs)) {
    const std::string stem = entry.path().stem().string();
    if (stem == "README") continue;
    EXPECT_NE(find_rule(stem), nullptr) << entry.path() << " documents no rule";
  }
}

// Rules whose examples are whole files, and the file name to lint them as. The cloud rules'
// examples are fragments of templates and plans (their fixtures are in testdata/arm and
// testdata/terraform).
const std::map<std::string, std::string>& linted_examples() {
  static const std::map<std::string, std::string> kExamples{
      {"redis-no-auth", "redis.conf"},
      {"redis-protected-mode-off", "redis.conf"},
      {"redis-bind-all", "redis.conf"},
      {"redis-dangerous-commands", "redis.conf"},
      {"mongodb-bind-all-no-auth", "mongod.conf"},
      {"elasticsearch-security-disabled", "elasticsearch.yml"},
      {"opensearch-security-disabled", "opensearch.yml"},
      {"kibana-exposed-without-security", "kibana.yml"},
      {"pg-hba-trust-remote", "pg_hba.conf"},
      {"pg-hba-password-no-tls", "pg_hba.conf"},
      {"mysql-skip-grant-tables", "my.cnf"},
      {"memcached-exposed-no-sasl", "memcached.conf"},
      {"etcd-client-no-tls-auth", "etcd.conf.yml"},
      {"clickhouse-default-user-open", "users.xml"},
      {"influxdb-auth-disabled", "influxdb.conf"},
      {"zookeeper-no-auth", "zoo.cfg"},
      {"zookeeper-4lw-all", "zoo.cfg"},
      {"docker-tcp-no-tls", "daemon.json"},
      {"nginx-autoindex-on", "nginx.conf"},
      {"nginx-serves-dotfiles", "nginx.conf"},
      {"vsftpd-anonymous-write", "vsftpd.conf"},
      {"vsftpd-anonymous-enabled", "vsftpd.conf"},
      {"dovecot-plaintext-auth-no-tls", "dovecot.conf"},
      {"dovecot-anonymous-login", "dovecot.conf"},
      {"k8s-db-service-exposed", "service.yaml"},
      {"lint-suppression-without-reason", "redis.conf"},
      {"lint-suppression-unknown-rule", "redis.conf"},
  };
  return kExamples;
}

TEST(RuleDocs, BadExamplesFireAndGoodExamplesDoNot) {
  for (const auto& [id, name] : linted_examples()) {
    const std::string page = read(kDocs + id + ".md");
    const Report bad = testing::lint_text(name, example_after(page, "## Bad"));
    EXPECT_TRUE(bad.diagnostics.empty()) << id << ": bad example does not parse";
    EXPECT_FALSE(testing::findings_of(bad, id).empty()) << id << ": bad example does not fire";
    const Report good = testing::lint_text(name, example_after(page, "## Good"));
    EXPECT_TRUE(good.diagnostics.empty()) << id << ": good example does not parse";
    EXPECT_TRUE(testing::findings_of(good, id).empty()) << id << ": good example fires";
  }
}

}  // namespace
}  // namespace lw::lint
