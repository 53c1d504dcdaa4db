// The POP3 probe's mail reading (pop3_mail.h) on bad input, against replies written to RFC 1939
// and RFC 2449 (PIPELINING): a maildrop of 100,000 messages (synthetic counts: the planner, not
// 100k messages), a 1 MB header line, a reply that never ends.
#include <gtest/gtest.h>

#include <string>

#include "probes/common/test_support.h"
#include "probes/pop3/pop3_mail.h"
#include "probes/pop3/pop3_probe.h"

namespace lw::probes {
namespace {

// A POP3 server with `count` messages and SASL ANONYMOUS; each TOP n 0 answered with
// `header`, each RETR with a short message.
struct SyntheticServer {
  std::uint64_t count;
  std::string header = "Subject: Meeting notes\r\nTo: a@example.com\r\n";

  std::string operator()(const Exchange& ex) const {
    switch (static_cast<pop3::Step>(ex.step)) {
      case pop3::Step::banner:
        return "+OK ready\r\n";
      case pop3::Step::capa:
        return "+OK\r\nTOP\r\nUIDL\r\nPIPELINING\r\nSASL ANONYMOUS\r\n.\r\n";
      case pop3::Step::auth:
      case pop3::Step::auth_trace:
        return "+OK logged in\r\n";
      case pop3::Step::stat:
        return "+OK " + std::to_string(count) + " " + std::to_string(count * 500) + "\r\n";
      case pop3::Step::headers: {
        std::string out;
        for (std::size_t pos = 0; (pos = ex.request.find("TOP ", pos)) != std::string::npos;
             pos += 4) {
          out += "+OK\r\n" + header + "\r\n.\r\n";
        }
        return out;
      }
      default:
        return "+OK\r\nSubject: x\r\n\r\nbody\r\n.\r\n";
    }
  }
};

std::size_t turns_of(const Transcript& t, pop3::Step step) {
  std::size_t n = 0;
  for (const auto& turn : t) n += turn.exchange.step == static_cast<std::uint32_t>(step);
  return n;
}

TEST(Pop3BadInput, HundredThousandMessagesAreBounded) {
  Pop3Probe probe;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, SyntheticServer{100'000}, 200);
  ASSERT_LT(t.size(), 200u);                     // the dialogue ended by itself
  EXPECT_EQ(turns_of(t, pop3::Step::list), 0u);  // no LIST/UIDL of 100,000 lines
  EXPECT_EQ(turns_of(t, pop3::Step::uidl), 0u);
  EXPECT_EQ(turns_of(t, pop3::Step::headers), pop3::kMaxHeaders / pop3::kPipelinedBatch);
  EXPECT_EQ(turns_of(t, pop3::Step::body), pop3::kMaxBodies);
  // Bounded requests too: ≤ kPipelinedBatch commands per headers exchange.
  for (const auto& turn : t) {
    if (turn.exchange.step == static_cast<std::uint32_t>(pop3::Step::headers)) {
      EXPECT_LE(turn.exchange.request.size(), pop3::kPipelinedBatch * 16);
    }
  }
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->record_count, 100'000u);
  EXPECT_EQ(obs->metadata["sampling"], "2000 of 100000 message headers sampled, bodies of 12");
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(Pop3BadInput, MegabyteHeaderLineIsNamedAndStops) {
  Pop3Probe probe;
  SyntheticServer server{3};
  server.header = "Subject: " + std::string(1024 * 1024, 'x') + "\r\n";
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, server, 200);
  ASSERT_LT(t.size(), 200u);
  // The first headers exchange is over the reply cap or the line cap: nothing follows it.
  ASSERT_EQ(t.back().exchange.step, static_cast<std::uint32_t>(pop3::Step::headers));
  EXPECT_FALSE(probe.next(ProbeOptions{}, t));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  ASSERT_TRUE(obs->metadata.contains("problems"));
  const std::string problems = obs->metadata["problems"].dump();
  EXPECT_NE(problems.find("TOP 1..3 0 (pipelined)"), std::string::npos) << problems;
  EXPECT_EQ(obs->record_count, 3u);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::open);  // STAT answered without credentials
}

TEST(Pop3BadInput, NeverEndingReplyIsCutAndNamed) {
  Pop3Probe probe;
  SyntheticServer server{1};
  // A header reply that never sends its terminating "." line: cut at the exchange's cap.
  std::string endless;
  while (endless.size() < 2 * pop3::kHeadersCap) endless += "X-Filler: more\r\n";
  server.header = endless;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, server, 200);
  ASSERT_LT(t.size(), 200u);
  EXPECT_EQ(t.back().end, ReplyEnd::cap_reached);
  EXPECT_FALSE(probe.next(ProbeOptions{}, t));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const std::string problems = obs->metadata["problems"].dump();
  EXPECT_NE(problems.find("cap_reached"), std::string::npos) << problems;
}

}  // namespace
}  // namespace lw::probes
