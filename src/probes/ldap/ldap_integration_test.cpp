// Integration: real slapd servers (Debian slapd) on 127.0.1.171 (anonymous read) and
// 127.0.1.172 (disallow bind_anon, require authc), loaded with lab/services/data/ldap_seed.ldif.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "probes/common/integration_support.h"
#include "probes/ldap/ldap_probe.h"

namespace lw::probes {
namespace {

std::optional<testing::ServerProcess> start(const testing::TempDir& dir, const std::string& ip,
                                            bool secured) {
  const std::string db = dir.path() + "/" + ip;
  std::filesystem::create_directories(db);
  const std::string conf = db + ".conf";
  std::ofstream(conf) << "include /etc/ldap/schema/core.schema\n"
                         "include /etc/ldap/schema/cosine.schema\n"
                         "include /etc/ldap/schema/inetorgperson.schema\n"
                         "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                      << (secured ? "disallow bind_anon\nrequire authc\n" : "")
                      << "database mdb\nmaxsize 16777216\nsuffix \"dc=example,dc=org\"\n"
                         "rootdn \"cn=admin,dc=example,dc=org\"\nrootpw x\ndirectory "
                      << db << "\n"
                      << (secured ? "access to * by users read by anonymous auth\n"
                                  : "access to * by * read\n");
  const auto slapadd = testing::find_executable("slapadd");
  EXPECT_TRUE(slapadd) << "slapadd not installed (slapd)";
  if (!slapadd) return std::nullopt;
  const std::string load = *slapadd + " -f " + conf + " -l " + LW_SOURCE_DIR +
                           "/lab/services/data/ldap_seed.ldif > " + db + ".slapadd.log 2>&1";
  EXPECT_EQ(std::system(load.c_str()), 0);
  return integration::start_server({"slapd", "-f", conf, "-h", "ldap://" + ip + ":389/", "-d", "0"},
                                   db + ".log", ip, 389);
}

Verdict run(const std::string& ip) {
  return integration::run(LdapProbe(), ProbeOptions{}, ip, 389).verdict;
}

}  // namespace

TEST(LdapIntegration, AnonymousReadIsOpenAndDisallowedBindIsAuthRequired) {
  testing::TempDir dir("lw-ldap-");
  auto open = start(dir, "127.0.1.171", false);
  ASSERT_TRUE(open);
  EXPECT_EQ(run("127.0.1.171").kind, VerdictKind::open);
  auto secured = start(dir, "127.0.1.172", true);
  ASSERT_TRUE(secured);
  EXPECT_EQ(run("127.0.1.172").kind, VerdictKind::auth_required);
}

}  // namespace lw::probes
