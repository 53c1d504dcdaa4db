#include "probes/vnc/vnc_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/vnc/rfb.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's tigervnc-standalone-server (Xvnc) on 127.0.1.61/62
// (lab service tigervnc) with tests/fakes' lw_record_dialogue; provenance inside.
Transcript recorded(const std::string& name) {
  return testing::with_steps(VncProbe{}, testing::recorded("vnc/testdata/recorded/" + name));
}

}  // namespace

TEST(VncProbe, SecurityTypeNoneIsOpen) {
  const VncProbe p;
  const Transcript t = recorded("none_tigervnc.lwt");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_TRUE(p.recognizes_banner(t[0].reply));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(obs->metadata["framebuffer"]["width"], 640);
  EXPECT_EQ(obs->metadata["desktop_name"], "lab open desktop (Test Person)");
}

TEST(VncProbe, DialogueReplaysTheRecordedRequests) {
  const VncProbe p;
  const Transcript t = recorded("none_tigervnc.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(VncProbe, VncAuthIsAuthRequired) {
  const VncProbe p;
  const Transcript t = recorded("vncauth_tigervnc.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(VncProbe, Rfb33AndRefusals) {
  // RFB 3.3 (RFC 6143 appendix A): the server names one u32 security type.
  const VncProbe p;
  Transcript t{Turn{Exchange{"banner", "", 64}, "RFB 003.003\n", ReplyEnd::complete}};
  auto ex = p.next({}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, "RFB 003.003\n");
  t.push_back(Turn{*ex, std::string("\0\0\0\x02", 4), ReplyEnd::complete});
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  t[1].reply = std::string("\0\0\0\0\0\0\0\x13Too many auth fails", 27);
  obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::unknown);
}

TEST(VncProbe, OtherProtocolsAndHostileReplies) {
  const VncProbe p;
  for (const char* r : {"SSH-2.0-OpenSSH_9.2\r\n", "RFB 0x3.008\n", "RFB 003.008", ""}) {
    EXPECT_FALSE(p.recognizes_banner(r));
    Transcript t{Turn{Exchange{"banner", "", 64}, r, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  const rfb::Version v{3, 8};
  EXPECT_FALSE(rfb::parse_security_types(std::string("\0\xff\xff\xff\xff", 5), v));
  EXPECT_FALSE(rfb::parse_init_reply(
      std::string("\0\0\0\0\0\x10\0\x10", 8) + std::string(16, '\x20') + "\xff\xff\xff\xff", v));
  EXPECT_FALSE(rfb::framebuffer_update(std::string("\0\0\xff\xff", 4), 32));  // 65535 rects
  EXPECT_FALSE(rfb::framebuffer_update(
      std::string("\0\0\0\x01\0\0\0\0\xff\xff\xff\xff\0\0\0\0", 16), 32));  // huge rectangle
}

TEST(VncProbe, TruncationAtEveryByteNeverCrashes) {
  const VncProbe p;
  const Transcript full = recorded("none_tigervnc.lwt");
  testing::expect_truncation_safe(p, full, 3);
}

}  // namespace lw::probes
