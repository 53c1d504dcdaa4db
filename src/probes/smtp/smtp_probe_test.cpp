// Unit and hardening tests for the SMTP probe on a dialogue recorded from Exim 4.96 (Debian 12
// exim4-daemon-light) in the lab configuration (testdata/exim_ehlo.lwt carries provenance).
#include "probes/smtp/smtp_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"

namespace lw::probes {
namespace {

Transcript recorded(const std::string& name) {
  return testing::with_steps(SmtpProbe{}, testing::recorded("smtp/testdata/" + name));
}

TEST(SmtpProbe, Exim) {
  SmtpProbe probe;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{},
                                             testing::replay_by_label(recorded("exim_ehlo.lwt")));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].exchange.request, "EHLO leakwatch.invalid\r\n");
  EXPECT_TRUE(probe.recognizes_banner(t[0].reply));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "exim");
  EXPECT_EQ(obs->version, "4.96");
  EXPECT_EQ(obs->metadata["host_name"], "mail.lab.invalid");
  EXPECT_EQ(obs->metadata["starttls"], true);
  EXPECT_GE(obs->metadata["extensions"].size(), 5u);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::unknown);  // identity only, never open
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_EQ(v.proof, "EHLO");
}

TEST(SmtpProbe, ProductNames) {
  EXPECT_EQ(smtp::product_from_greeting("mx.example ESMTP Postfix (Debian/GNU)").product,
            "postfix");
  const auto s = smtp::product_from_greeting("mx.example ESMTP Sendmail 8.17.1/8.17.1; Sun");
  EXPECT_EQ(s.product, "sendmail");
  EXPECT_EQ(s.version, "8.17.1");
  EXPECT_EQ(smtp::product_from_greeting("mx.example ESMTP OpenSMTPD").product, "opensmtpd");
  EXPECT_EQ(smtp::product_from_greeting("mx.example ESMTP").product, "");
}

TEST(SmtpHardening, FtpAndOtherGreetingsAreNotSmtp) {
  SmtpProbe probe;
  EXPECT_FALSE(probe.recognizes_banner("220 (vsFTPd 3.0.3)\r\n"));
  Transcript t;
  t.push_back(testing::turn("banner", "220 (vsFTPd 3.0.3)\r\n"));
  t.push_back(testing::turn("EHLO", "500 Unknown command.\r\n"));
  auto obs = probe.parse(testing::with_steps(probe, t));
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
  Transcript h;
  h.push_back(testing::turn("banner", "HTTP/1.1 400 Bad Request\r\n\r\n"));
  obs = probe.parse(h);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
}

TEST(SmtpHardening, TruncationAtEveryByte) {
  SmtpProbe probe;
  const Transcript full = recorded("exim_ehlo.lwt");
  testing::expect_truncation_safe(probe, full, full.size(), std::nullopt,
                                  testing::CutParse::must_succeed);
}

TEST(SmtpHardening, EndlessMultiLineIsInvalid) {
  SmtpProbe probe;
  std::string endless = "220 mx ESMTP\r\n";
  Transcript t;
  t.push_back(testing::turn("banner", endless));
  std::string ehlo;
  for (int i = 0; i < 6000; ++i) ehlo += "250-X\r\n";
  EXPECT_EQ(probe.frame(Exchange{"EHLO", "EHLO x\r\n", 0}, ehlo), Framing::invalid);
  t.push_back(testing::turn("EHLO", ehlo));
  auto obs = probe.parse(testing::with_steps(probe, t));
  ASSERT_TRUE(obs);
  EXPECT_TRUE(obs->identified);  // the greeting says ESMTP; the EHLO reply is refused
}

}  // namespace
}  // namespace lw::probes
