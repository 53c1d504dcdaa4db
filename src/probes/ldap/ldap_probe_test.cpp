#include "probes/ldap/ldap_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/ldap/ber.h"
#include "probes/ldap/ldap_messages.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's slapd (OpenLDAP 2.5.13) on 127.0.1.71/72 (lab service
// slapd) with tests/fakes' lw_record_dialogue; provenance inside.
Transcript recorded(const std::string& name) {
  return testing::with_steps(LdapProbe{}, testing::recorded("ldap/testdata/recorded/" + name));
}

}  // namespace

TEST(LdapProbe, AnonymousReadIsOpen) {
  const LdapProbe p;
  const Transcript t = recorded("anonymous_openldap.lwt");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "openldap");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "search dc=example,dc=org");
  EXPECT_EQ(obs->record_count, 4u);
  ASSERT_EQ(obs->samples.size(), 1u);
  EXPECT_NE(obs->samples[0].data.find("employeeNumber: 078-05-1120"), std::string::npos);
  EXPECT_EQ(obs->metadata["naming_contexts"][0], "dc=example,dc=org");
}

TEST(LdapProbe, DialogueReplaysTheRecordedRequests) {
  const LdapProbe p;
  const Transcript t = recorded("anonymous_openldap.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(LdapProbe, DisallowedAnonymousBindIsAuthRequired) {
  const LdapProbe p;
  const Transcript t = recorded("bind_anon_disallowed_openldap.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(LdapProbe, DefaultLoginsOffSkipsTheBind) {
  const LdapProbe p;
  ProbeOptions o;
  o.default_logins = false;
  auto ex = p.next(o, {});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->label, "rootDSE");
}

TEST(LdapProbe, OtherProtocolsAndHostileBer) {
  const LdapProbe p;
  for (const std::string& r :
       {std::string("HTTP/1.1 400 Bad Request\r\n\r\n"), std::string("\x30\x84\xff\xff\xff\xff", 6),
        std::string("\x30\x80\0\0", 4), std::string()}) {
    Transcript t{
        Turn{Exchange{"bind anonymous", ldap::anonymous_bind(1), 4096}, r, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  EXPECT_FALSE(ber::read(std::string("\x04\x85\x01\x02\x03\x04\x05", 7), 1 << 20));  // 5-byte len
  EXPECT_FALSE(ber::read(std::string("\x1f\x01\x00", 3), 10));  // multi-byte tag
  EXPECT_FALSE(ber::children(std::string("\x04\x05"
                                         "ab",
                                         4),
                             10));  // child longer than parent
  EXPECT_EQ(ber::integer(std::string("\xff", 1)), -1);
  EXPECT_FALSE(ber::integer(std::string(9, '\x01')));
}

TEST(LdapProbe, TruncationAtEveryByteNeverCrashes) {
  const LdapProbe p;
  const Transcript full = recorded("anonymous_openldap.lwt");
  testing::expect_truncation_safe(p, full, 2);
}

}  // namespace lw::probes
