#include "lint/rule_catalog.h"

#include <array>

namespace lw::lint {

namespace {

using enum Severity;

constexpr std::array kRules{
    RuleInfo{"redis-no-auth", critical, "redis",
             "Redis listens beyond loopback and no password or ACL user protects it",
             "Set requirepass (or an ACL user with a password) and bind to 127.0.0.1 -::1"},
    RuleInfo{"redis-protected-mode-off", high, "redis",
             "protected-mode is off while the default user has no password",
             "Remove 'protected-mode no' or set requirepass"},
    RuleInfo{"redis-bind-all", medium, "redis",
             "Redis binds every interface (or has no bind directive)",
             "Bind to loopback or to the one private address clients use"},
    RuleInfo{"redis-dangerous-commands", medium, "redis",
             "A reachable Redis keeps FLUSHALL, CONFIG, DEBUG and friends under their names",
             "rename-command them to \"\" or restrict them with ACLs (-@dangerous)"},
    RuleInfo{"mongodb-bind-all-no-auth", critical, "mongodb",
             "mongod binds beyond loopback without security.authorization enabled",
             "Set security.authorization: enabled, or bind to 127.0.0.1 only"},
    RuleInfo{"elasticsearch-security-disabled", critical, "elasticsearch",
             "Elasticsearch listens beyond loopback with xpack.security.enabled: false",
             "Enable xpack.security (the default from 8.0) or keep network.host on loopback"},
    RuleInfo{"opensearch-security-disabled", critical, "opensearch",
             "OpenSearch listens beyond loopback with the security plugin disabled",
             "Remove plugins.security.disabled: true or keep network.host on loopback"},
    RuleInfo{"kibana-exposed-without-security", high, "kibana",
             "Kibana or OpenSearch Dashboards listens beyond loopback with security off",
             "Enable security or keep server.host on localhost behind an authenticating proxy"},
    RuleInfo{"pg-hba-trust-remote", critical, "pg_hba.conf",
             "pg_hba.conf trusts connections from non-local addresses (no password at all)",
             "Use scram-sha-256 over hostssl, or limit trust to local/127.0.0.1"},
    RuleInfo{"pg-hba-password-no-tls", high, "pg_hba.conf",
             "pg_hba.conf accepts password or md5 from non-local addresses over plain host lines",
             "Use hostssl with scram-sha-256 for remote addresses"},
    RuleInfo{"mysql-skip-grant-tables", critical, "mysql",
             "MySQL/MariaDB runs with skip-grant-tables (no authentication at all)",
             "Remove skip-grant-tables; if needed for recovery, add skip-networking too"},
    RuleInfo{"memcached-exposed-no-sasl", high, "memcached",
             "memcached listens beyond loopback without SASL (-S)",
             "Listen on 127.0.0.1 (-l 127.0.0.1) or enable SASL with -S"},
    RuleInfo{"etcd-client-no-tls-auth", critical, "etcd",
             "etcd serves clients over plain http beyond loopback without client-cert-auth",
             "Serve clients over https with client-cert-auth: true, or listen on loopback"},
    RuleInfo{"clickhouse-default-user-open", critical, "clickhouse-users",
             "ClickHouse's default user has no password and accepts any network",
             "Give the default user a password_sha256_hex and restrict <networks> to loopback"},
    RuleInfo{"influxdb-auth-disabled", critical, "influxdb",
             "InfluxDB's HTTP API binds every interface with auth-enabled false",
             "Set auth-enabled = true in [http] and create an admin user"},
    RuleInfo{"zookeeper-no-auth", high, "zookeeper",
             "ZooKeeper accepts clients beyond loopback with no authentication provider",
             "Configure SASL (authProvider + sessionRequireClientSASLAuth=true) or bind loopback"},
    RuleInfo{"zookeeper-4lw-all", medium, "zookeeper",
             "ZooKeeper enables every four-letter-word command (4lw.commands.whitelist=*)",
             "Whitelist only srvr, ruok (and mntr for monitoring)"},
    RuleInfo{"docker-tcp-no-tls", critical, "docker-daemon",
             "The Docker daemon listens on TCP without tlsverify (root on the host for anyone)",
             "Remove the tcp:// host or set tlsverify: true with tlscacert, tlscert and tlskey"},
    RuleInfo{"nginx-autoindex-on", medium, "nginx", "nginx lists directory contents (autoindex on)",
             "Remove autoindex on, or restrict the location to authenticated users"},
    RuleInfo{"nginx-serves-dotfiles", high, "nginx",
             "An nginx location matches .git or .env and serves it instead of denying it",
             "Use 'location ~ /\\.(git|env) { deny all; }' (or return 404)"},
    RuleInfo{"vsftpd-anonymous-write", critical, "vsftpd",
             "vsftpd lets anonymous users upload or write",
             "Set anonymous_enable=NO, or anon_upload_enable=NO and anon_mkdir_write_enable=NO"},
    RuleInfo{"vsftpd-anonymous-enabled", medium, "vsftpd",
             "vsftpd allows anonymous login (read access to the anonymous root)",
             "Set anonymous_enable=NO unless the server is a public download mirror"},
    RuleInfo{"dovecot-plaintext-auth-no-tls", high, "dovecot",
             "dovecot allows plaintext authentication without requiring TLS",
             "Set disable_plaintext_auth = yes, or ssl = required"},
    RuleInfo{"dovecot-anonymous-login", high, "dovecot",
             "dovecot offers the ANONYMOUS authentication mechanism",
             "Remove anonymous from auth_mechanisms"},
    RuleInfo{"azure-storage-public-blob-access", high, "arm-template",
             "A storage account allows public blob access (allowBlobPublicAccess: true)",
             "Set allowBlobPublicAccess to false"},
    RuleInfo{"azure-storage-container-public", critical, "arm-template",
             "A blob container is public (publicAccess Container or Blob)",
             "Set publicAccess to None and hand out SAS tokens or use Entra ID"},
    RuleInfo{"azure-nsg-db-port-open", critical, "arm-template",
             "An NSG rule allows the internet to a database port (exact, range or list)",
             "Restrict sourceAddressPrefix to known ranges or use a private endpoint"},
    RuleInfo{"tf-azurerm-storage-public-blob-access", high, "terraform-plan",
             "An azurerm_storage_account allows nested items to be public",
             "Set allow_nested_items_to_be_public = false"},
    RuleInfo{"tf-azurerm-container-public", critical, "terraform-plan",
             "An azurerm_storage_container has container_access_type blob or container",
             "Set container_access_type = \"private\""},
    RuleInfo{"tf-azurerm-nsg-db-port-open", critical, "terraform-plan",
             "An azurerm security rule allows the internet to a database port",
             "Restrict source_address_prefix(es) or use a private endpoint"},
    RuleInfo{"tf-aws-s3-public-acl", critical, "terraform-plan",
             "An S3 bucket ACL grants access to everyone (public-read, AllUsers)",
             "Use acl = \"private\" and keep the public access block on"},
    RuleInfo{"tf-aws-s3-public-policy", critical, "terraform-plan",
             "An S3 bucket policy allows Principal \"*\" without a condition",
             "Name the principals, or add a condition (aws:SourceVpce, aws:PrincipalOrgID)"},
    RuleInfo{"tf-aws-sg-db-port-open", critical, "terraform-plan",
             "A security group allows 0.0.0.0/0 or ::/0 to a database port (incl. ranges)",
             "Allow only the application's security group or private CIDRs"},
    RuleInfo{"tf-aws-rds-public", high, "terraform-plan", "An RDS instance is publicly_accessible",
             "Set publicly_accessible = false and reach it through the VPC"},
    RuleInfo{"k8s-db-service-exposed", high, "kubernetes",
             "A LoadBalancer or NodePort Service exposes a database port and no NetworkPolicy "
             "covers its namespace",
             "Use a ClusterIP Service, or add a NetworkPolicy limiting who reaches the pods"},
    RuleInfo{"lint-suppression-without-reason", medium, "any",
             "A leakwatch:ignore comment gives no reason (and so suppresses nothing)",
             "Add 'reason: <why this is acceptable>' after the rule id"},
    RuleInfo{"lint-suppression-unknown-rule", low, "any",
             "A leakwatch:ignore comment names a rule that does not exist",
             "Correct the rule id (see docs/rules/README.md)"},
};

}  // namespace

std::span<const RuleInfo> all_rules() noexcept {
  return kRules;
}

const RuleInfo* find_rule(std::string_view id) noexcept {
  for (const RuleInfo& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace lw::lint
