#include "probes/rabbitmq/rabbitmq_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"
#include "probes/common/test_support.h"
#include "probes/common/test_transcript.h"
#include "probes/rabbitmq/rabbitmq_dialogue.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's rabbitmq-server 3.10.8-1.1+deb12u1 (Erlang 25.2.3), the
// lab node on 127.0.1.81, with tests/fakes (lw_record_dialogue, record_raw.py); the provenance
// line is in each file. "guest refused" ones were recorded with guest's password changed.
Transcript recorded(const std::string& name) {
  return testing::recorded("rabbitmq/testdata/recorded/" + name);
}

ProbeOptions options(std::uint16_t port, bool default_credentials) {
  ProbeOptions o;
  o.port = port;
  o.default_credentials = default_credentials;
  return o;
}

struct Judged {
  Observation obs;
  Verdict verdict;
};

Judged judged(const Transcript& t) {
  const RabbitmqProbe p;
  auto obs = p.parse(t);
  EXPECT_TRUE(obs) << obs.error().describe();
  if (!obs) return {};
  return {*obs, p.judge(*obs)};
}

bool sends_credentials(const Transcript& t) {
  for (const auto& turn : t) {
    if (turn.exchange.request.find("Authorization:") != std::string::npos ||
        turn.exchange.request.find(std::string_view("\0guest\0guest", 12)) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST(RabbitmqProbe, StockAmqpIsAuthRequiredWithProductAndVersion) {
  const auto t = recorded("amqp_stock_3.10.8.lwt");
  ASSERT_EQ(t.size(), 1u);
  const auto j = judged(t);
  EXPECT_TRUE(j.obs.identified);
  EXPECT_EQ(j.obs.product, "rabbitmq");
  EXPECT_EQ(j.obs.version, "3.10.8");
  EXPECT_EQ(j.verdict.kind, VerdictKind::auth_required);
  EXPECT_EQ(j.verdict.evidence, EvidenceKind::identity);
  EXPECT_EQ(j.verdict.proof, rabbitmq::kHeaderLabel);
  EXPECT_EQ(j.obs.metadata["mechanisms"], (nlohmann::json{"AMQPLAIN", "PLAIN"}));
  EXPECT_EQ(j.obs.metadata["server_properties"]["platform"].get<std::string>().substr(0, 6),
            "Erlang");
  EXPECT_FALSE(j.obs.metadata.contains("default_credentials"));
  EXPECT_TRUE(j.obs.samples.empty());
}

TEST(RabbitmqProbe, DefaultScanNeverSendsCredentials) {
  const RabbitmqProbe p;
  // Answer every request as a stock node that would accept guest: the default scan still stops
  // after the unauthenticated request on both ports.
  for (const auto& [file, port] : {std::pair{"amqp_guest_accepted_3.10.8.lwt", 5672},
                                   std::pair{"management_guest_accepted_3.10.8.lwt", 15672}}) {
    const auto t = testing::run_dialogue(p, options(static_cast<std::uint16_t>(port), false),
                                         testing::replay_by_label(recorded(file)));
    EXPECT_EQ(t.size(), 1u) << file;
    EXPECT_FALSE(sends_credentials(t)) << file;
    EXPECT_EQ(judged(t).verdict.kind, VerdictKind::auth_required) << file;
  }
}

TEST(RabbitmqProbe, DialoguesReplayTheRecordedRequests) {
  const RabbitmqProbe p;
  using testing::ReplayCheck;
  testing::expect_replays(p, options(5672, false), recorded("amqp_stock_3.10.8.lwt"),
                          ReplayCheck::requests_and_framing);
  testing::expect_replays(p, options(5672, true), recorded("amqp_guest_accepted_3.10.8.lwt"),
                          ReplayCheck::requests_and_framing);
  testing::expect_replays(p, options(5672, true), recorded("amqp_guest_refused_3.10.8.lwt"),
                          ReplayCheck::requests_and_framing);
  testing::expect_replays(p, options(15672, false), recorded("management_stock_3.10.8.lwt"),
                          ReplayCheck::requests_and_framing);
  testing::expect_replays(p, options(15672, true), recorded("management_guest_accepted_3.10.8.lwt"),
                          ReplayCheck::requests_and_framing);
  testing::expect_replays(p, options(15672, true), recorded("management_guest_refused_3.10.8.lwt"),
                          ReplayCheck::requests_and_framing);
}

TEST(RabbitmqProbe, GuestAcceptedOverAmqpIsOpenWithDefaultCredentialsEvidence) {
  const auto j = judged(recorded("amqp_guest_accepted_3.10.8.lwt"));
  EXPECT_EQ(j.verdict.kind, VerdictKind::open);
  EXPECT_EQ(j.verdict.evidence, EvidenceKind::access);  // logged in; nothing read over AMQP
  EXPECT_EQ(j.verdict.proof, rabbitmq::kStartOkLabel);
  EXPECT_TRUE(j.verdict.reason.starts_with("default_credentials:")) << j.verdict.reason;
  EXPECT_EQ(j.obs.metadata["evidence"], "default_credentials");
  EXPECT_EQ(j.obs.metadata["default_credentials"]["account"], "guest");
  EXPECT_EQ(j.obs.metadata["default_credentials"]["accepted"], true);
  EXPECT_FALSE(j.obs.metadata.dump().find("guest\\u0000guest") != std::string::npos);
}

TEST(RabbitmqProbe, GuestRefusedOverAmqpIsAuthRequired) {
  const auto j = judged(recorded("amqp_guest_refused_3.10.8.lwt"));
  EXPECT_EQ(j.verdict.kind, VerdictKind::auth_required);
  EXPECT_EQ(j.verdict.proof, rabbitmq::kStartOkLabel);
  EXPECT_EQ(j.obs.metadata["default_credentials"]["accepted"], false);
  EXPECT_NE(j.verdict.reason.find("ACCESS_REFUSED"), std::string::npos) << j.verdict.reason;
  EXPECT_FALSE(j.obs.metadata.contains("evidence"));
}

TEST(RabbitmqProbe, SilentCloseOrSilenceAfterStartOkIsNeverOpen) {
  auto t = recorded("amqp_guest_accepted_3.10.8.lwt");
  ASSERT_EQ(t.size(), 2u);
  t[1].reply.clear();
  t[1].end = ReplyEnd::closed;
  auto j = judged(t);
  EXPECT_EQ(j.verdict.kind, VerdictKind::auth_required);
  EXPECT_EQ(j.obs.metadata["default_credentials"]["accepted"], false);
  t[1].end = ReplyEnd::timeout;
  j = judged(t);
  EXPECT_EQ(j.verdict.kind, VerdictKind::auth_required);
  EXPECT_NE(j.verdict.reason.find("no answer"), std::string::npos);
}

TEST(RabbitmqProbe, AnotherAmqpVersionIsNotClaimed) {
  const auto j = judged(recorded("amqp_other_version_3.10.8.lwt"));
  EXPECT_FALSE(j.obs.identified);
  EXPECT_EQ(j.verdict.kind, VerdictKind::not_this_protocol);
  EXPECT_NE(j.verdict.reason.find("0-0-9-1"), std::string::npos) << j.verdict.reason;
}

TEST(RabbitmqProbe, BrokenFramesAreNotAmqpButABrokenStartIsAnError) {
  const RabbitmqProbe p;
  const auto rec = recorded("amqp_stock_3.10.8.lwt");
  ASSERT_EQ(rec.size(), 1u);
  auto with_reply = [&](std::string reply) {
    Transcript t = rec;
    t[0].reply = std::move(reply);
    return p.parse(t);
  };
  std::string bad_end = rec[0].reply;
  bad_end.back() = 'x';
  auto obs = with_reply(bad_end);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->identified);
  obs = with_reply(std::string("\x01\x00\x00\xff\xff\xff\xff", 7));  // a 4 GiB "frame"
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->identified);
  // A whole, well-formed Connection.Start frame whose arguments stop short: AMQP, malformed.
  const std::string payload = rec[0].reply.substr(7, 20);
  std::string frame("\x01\x00\x00\x00\x00\x00", 6);
  frame += static_cast<char>(payload.size());
  frame += payload;
  frame += '\xce';
  obs = with_reply(frame);
  ASSERT_FALSE(obs);
  EXPECT_EQ(obs.error().code, ErrorCode::parse_error);
  EXPECT_EQ(p.judge(Observation{}).kind, VerdictKind::not_this_protocol);
}

TEST(RabbitmqProbe, StockManagementIsAuthRequired) {
  const auto j = judged(recorded("management_stock_3.10.8.lwt"));
  EXPECT_TRUE(j.obs.identified);
  EXPECT_EQ(j.obs.product, "rabbitmq");
  EXPECT_EQ(j.obs.version, "");  // the API tells nothing before a login
  EXPECT_EQ(j.verdict.kind, VerdictKind::auth_required);
  EXPECT_EQ(j.verdict.proof, rabbitmq::kOverviewLabel);
}

TEST(RabbitmqProbe, GuestAcceptedOnManagementIsOpenWithQueues) {
  const auto t = recorded("management_guest_accepted_3.10.8.lwt");
  ASSERT_EQ(t.size(), 4u);
  const auto j = judged(t);
  EXPECT_EQ(j.verdict.kind, VerdictKind::open);
  EXPECT_EQ(j.verdict.evidence, EvidenceKind::read);
  EXPECT_EQ(j.verdict.proof,
            std::string(rabbitmq::kQueuesLabel) + std::string(rabbitmq::kGuestSuffix));
  EXPECT_TRUE(j.verdict.reason.starts_with("default_credentials:"));
  EXPECT_EQ(j.obs.version, "3.10.8");
  EXPECT_EQ(j.obs.metadata["evidence"], "default_credentials");
  EXPECT_EQ(j.obs.metadata["vhosts"], (nlohmann::json{"/", "lab"}));
  const auto& queues = j.obs.metadata["queues"];
  ASSERT_EQ(queues.size(), 3u);
  EXPECT_EQ(queues[0]["name"], "crm.customers");
  EXPECT_EQ(queues[0]["vhost"], "lab");
  EXPECT_EQ(queues[0]["messages"], 2);
  EXPECT_EQ(j.obs.record_count, 4u);
  EXPECT_EQ(j.obs.metadata["overview"]["object_totals"]["queues"], 3);
  ASSERT_EQ(j.obs.samples.size(), 1u);  // the listing only: message bodies are never fetched
  EXPECT_EQ(j.obs.samples[0].data.find("078-05-1120"), std::string::npos);
}

TEST(RabbitmqProbe, GuestRefusedOnManagementIsAuthRequired) {
  const auto j = judged(recorded("management_guest_refused_3.10.8.lwt"));
  EXPECT_EQ(j.verdict.kind, VerdictKind::auth_required);
  EXPECT_EQ(j.obs.metadata["default_credentials"]["accepted"], false);
  EXPECT_NE(j.verdict.reason.find("Login failed"), std::string::npos) << j.verdict.reason;
}

TEST(RabbitmqProbe, ManagementWithoutAuthIsOpenWithoutDefaultCredentials) {
  // A management API behind a proxy that adds the login: the guest replies, asked anonymously.
  auto rec = recorded("management_guest_accepted_3.10.8.lwt");
  const std::string g(rabbitmq::kGuestSuffix);
  const RabbitmqProbe p;
  const auto t = testing::run_dialogue(p, options(15672, false), [&](const Exchange& ex) {
    for (const auto& turn : rec) {
      if (turn.exchange.label == ex.label + g) return turn.reply;
    }
    return std::string();
  });
  ASSERT_EQ(t.size(), 3u);
  EXPECT_FALSE(sends_credentials(t));
  const auto j = judged(t);
  EXPECT_EQ(j.verdict.kind, VerdictKind::open);
  EXPECT_EQ(j.verdict.evidence, EvidenceKind::read);
  EXPECT_FALSE(j.obs.metadata.contains("evidence"));
  EXPECT_EQ(j.obs.metadata["queues"].size(), 3u);
}

TEST(RabbitmqProbe, QueueListingIsBounded) {
  auto t = recorded("management_guest_accepted_3.10.8.lwt");
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 500; ++i) {
    many.push_back({{"name", "q" + std::to_string(i) + std::string(1000, 'x')},
                    {"vhost", "lab"},
                    {"messages", 1}});
  }
  t[3].reply = testing::json_reply(200, many.dump(), "server: Cowboy\r\n");
  const auto j = judged(t);
  EXPECT_EQ(j.obs.metadata["queues_listed"], 500);
  EXPECT_EQ(j.obs.metadata["queues"].size(), rabbitmq::kMaxQueuesListed);
  EXPECT_LE(j.obs.metadata["queues"][0]["name"].get<std::string>().size(), 256u + 3);  // "..."
  EXPECT_EQ(j.obs.record_count, 500u);
  ASSERT_EQ(j.obs.samples.size(), 1u);
  EXPECT_LE(j.obs.samples[0].data.size(), 8192u);
}

TEST(RabbitmqProbe, LookAlikesAndHostileRepliesAreNotClaimed) {
  const RabbitmqProbe p;
  testing::expect_survives_hostile_replies(p);  // AMQP side (port 0)
  // Management side: a 401 from another product's realm, a 200 that is not the overview.
  for (const std::string& reply :
       {testing::http_reply(401, "Unauthorized",
                            "www-authenticate: Basic realm=\"Jenkins\"\r\nserver: Cowboy\r\n", ""),
        testing::http_reply(401, "Unauthorized",
                            "www-authenticate: Basic realm=\"RabbitMQ Management\"\r\n", ""),
        testing::json_reply(200, R"({"rabbitmq_version":"3.10.8"})"),
        std::string("SSH-2.0-OpenSSH_9.2\r\n")}) {
    const auto t =
        testing::run_dialogue(p, options(15672, true), [&](const Exchange&) { return reply; });
    EXPECT_EQ(t.size(), 1u);
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_FALSE(obs->identified) << reply;
  }
}

TEST(RabbitmqProbe, TruncationIsSafeAndNeverProvesOpenEarly) {
  const RabbitmqProbe p;
  testing::expect_truncation_safe(p, recorded("amqp_guest_accepted_3.10.8.lwt"), 2);
  testing::expect_truncation_safe(p, recorded("amqp_guest_refused_3.10.8.lwt"), 2);
  testing::expect_truncation_safe(p, recorded("management_guest_accepted_3.10.8.lwt"), 2,
                                  ReplyEnd::closed, testing::CutParse::must_succeed);
}

TEST(RabbitmqProbe, PortsChooseTheDialogue) {
  const RabbitmqProbe p;
  EXPECT_EQ(p.info().id, "rabbitmq");
  ASSERT_EQ(p.info().default_ports.size(), 2u);
  auto amqp = p.next(options(5672, true), {});
  ASSERT_TRUE(amqp);
  EXPECT_EQ(amqp->request, amqp::kProtocolHeader);
  auto http = p.next(options(15672, true), {});
  ASSERT_TRUE(http);
  EXPECT_TRUE(http->request.starts_with("GET /api/overview HTTP/1.1\r\n"));
  EXPECT_EQ(http->request.find("Authorization"), std::string::npos);
  EXPECT_TRUE(p.next(options(0, false), {})->request.starts_with("AMQP"));
}

}  // namespace lw::probes
