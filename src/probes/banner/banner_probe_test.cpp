#include "probes/banner/banner_probe.h"

#include <gtest/gtest.h>

namespace lw::probes {
namespace {

Transcript one_turn(std::string reply, ReplyEnd end = ReplyEnd::complete) {
  Transcript t;
  t.push_back(Turn{Exchange{"banner", "", 4096}, std::move(reply), end});
  return t;
}

}  // namespace

TEST(BannerProbe, ReadsFirstThenSendsABlankLineOnSilence) {
  BannerProbe p;
  ProbeOptions o;
  auto first = p.next(o, {});
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->request.empty());
  auto second = p.next(o, one_turn("", ReplyEnd::timeout));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->request, "\r\n\r\n");
  EXPECT_FALSE(p.next(o, one_turn("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")));
}

TEST(BannerProbe, NamesKnownProducts) {
  // Greeting of Debian 12's openssh-server 1:9.2p1-2.
  auto ssh = product_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  EXPECT_EQ(ssh.product, "openssh");
  EXPECT_EQ(ssh.version, "9.2p1");
  // Greeting of Debian 12's vsftpd 3.0.3.
  auto ftp = product_from_banner("220 (vsFTPd 3.0.3)\r\n");
  EXPECT_EQ(ftp.product, "vsftpd");
  EXPECT_EQ(ftp.version, "3.0.3");
  EXPECT_EQ(product_from_banner("garbage\xff").product, "");
}

TEST(BannerProbe, IdentityOnlyNeverOpen) {
  BannerProbe p;
  auto obs = p.parse(one_turn("220 (vsFTPd 3.0.3)\r\n"));
  ASSERT_TRUE(obs);
  EXPECT_TRUE(obs->identified);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::unknown);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_EQ(obs->metadata["banner"], "220 (vsFTPd 3.0.3)\\x0d\\x0a");
}

TEST(BannerProbe, FramesOnALine) {
  BannerProbe p;
  Exchange e{"banner", "", 4096};
  EXPECT_EQ(p.frame(e, "220 hello"), Framing::need_more);
  EXPECT_EQ(p.frame(e, "220 hello\r\n"), Framing::complete);
  EXPECT_EQ(p.frame(e, std::string(2000, 'x')), Framing::need_more);  // the engine's cap ends it
}

TEST(BannerProbe, FloodsAndBinaryAreErrorsNotServices) {
  BannerProbe p;
  auto flood = p.parse(one_turn(std::string(4096, 'A'), ReplyEnd::cap_reached));
  ASSERT_TRUE(flood);
  EXPECT_EQ(p.judge(*flood).kind, VerdictKind::error);
  std::string junk(512, '\x01');
  junk[0] = '\x80';
  auto binary = p.parse(one_turn(junk));
  ASSERT_TRUE(binary);
  const auto v = p.judge(*binary);
  EXPECT_EQ(v.kind, VerdictKind::error);
  EXPECT_NE(v.reason.find("binary"), std::string::npos);
}

}  // namespace lw::probes
