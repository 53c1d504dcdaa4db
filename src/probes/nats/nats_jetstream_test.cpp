// The NATS probe's JetStream reach (streams, their subjects, stored messages by subject) and
// sampling, on a transcript recorded from a real server laid out as a deployment, and on hostile
// JetStream API replies.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "probes/common/test_support.h"
#include "probes/nats/nats_jetstream.h"
#include "probes/nats/nats_probe.h"

namespace lw::probes {
namespace {

// Recorded from Debian 12 nats-server 2.9.10 on 127.0.1.47:4222 (lab instance `deployed`, no
// authorization, JetStream on; streams WEBEVENTS (1,201 messages, one SSN record on
// web.hr.personnel.sync-<hex>) and ORDERS (901, one card on orders.payment.captured), from
// lab/services/data/deployed_data_mq.py nats).
Transcript recorded() {
  return testing::with_steps(NatsProbe{},
                             testing::recorded("nats/testdata/recorded/jetstream_2.9.10.lwt"));
}

std::string msg(std::string_view inbox, std::string_view payload) {
  return "MSG " + std::string(inbox) + " 2 " + std::to_string(payload.size()) + "\r\n" +
         std::string(payload) + "\r\n";
}

}  // namespace

TEST(NatsJetStream, StreamsAreReadSensitiveSubjectsFirst) {
  const NatsProbe p;
  const Transcript t = recorded();
  testing::expect_replays(p, ProbeOptions{}, t, testing::ReplayCheck::requests_and_framing);
  ASSERT_GE(t.size(), 6u);
  EXPECT_EQ(t[2].exchange.label, "JetStream streams");
  EXPECT_TRUE(t[2].exchange.request.starts_with("UNSUB 1\r\n"));
  // Read-only API subjects only: no consumer, no publish to a stream, no purge or delete.
  for (std::size_t i = 2; i < t.size(); ++i) {
    std::string_view rest = t[i].exchange.request;
    while (!rest.empty()) {
      const std::size_t crlf = rest.find("\r\n");
      const std::string_view line = rest.substr(0, crlf);
      if (line.starts_with("PUB ")) {
        EXPECT_TRUE(line.starts_with("PUB $JS.API.STREAM.LIST ") ||
                    line.starts_with("PUB $JS.API.STREAM.INFO.") ||
                    line.starts_with("PUB $JS.API.STREAM.MSG.GET."))
            << line;
      }
      if (crlf == std::string_view::npos) break;
      rest.remove_prefix(crlf + 2);
    }
  }
  // The SSN record, one of 1,201 messages in its stream, is the first read.
  const std::string& first_read = t[5].exchange.request;
  EXPECT_TRUE(first_read.starts_with("PUB $JS.API.STREAM.MSG.GET.WEBEVENTS ")) << first_read;
  EXPECT_NE(first_read.find("{\"last_by_subj\":\"web.hr.personnel.sync-"), std::string::npos);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(obs->proof, "messages 1-20");
  EXPECT_EQ(obs->record_count, 2102u);
  std::string all;
  std::set<std::string> streams;
  for (const auto& s : obs->samples) {
    all += s.data + "\n";
    streams.insert(s.source.substr(0, s.source.find(" subject")));
  }
  EXPECT_NE(all.find("\"ssn\": \""), std::string::npos);
  EXPECT_NE(all.find("checkout card 4000 "), std::string::npos);
  EXPECT_EQ(streams, (std::set<std::string>{"stream ORDERS", "stream WEBEVENTS"}));
  const std::string names = obs->metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("WEBEVENTS/web.hr.personnel.sync-"), std::string::npos) << names;
  EXPECT_NE(names.find("ORDERS/orders.payment.captured"), std::string::npos) << names;
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("21 of 2102 stored messages sampled"), std::string::npos) << sampling;
  EXPECT_NE(sampling.find("2 of 2 streams' subjects listed"), std::string::npos) << sampling;
}

TEST(NatsJetStream, AnApiAnswerWithoutMessagesIsAccess) {
  const NatsProbe p;
  Transcript t = recorded();
  t.resize(3);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->data_read);
  EXPECT_TRUE(obs->data_command_accepted);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(obs->proof, "JetStream streams");
  // No sample budget: no JetStream request at all.
  ProbeOptions none;
  none.max_sample_records = 0;
  t.resize(2);
  EXPECT_FALSE(p.next(none, t));
}

TEST(NatsJetStream, ApiErrorsAndGarbageAreNamed) {
  const NatsProbe p;
  Transcript t = recorded();
  t.resize(3);
  for (const std::string& payload :
       {std::string(R"({"type":"x","error":{"code":503,"description":"JetStream not enabled"}})"),
        std::string("[1,2,3]"), std::string("{not json"), std::string(R"({"streams":"no"})")}) {
    t[2].reply = msg("_INBOX.leakwatch.list", payload);
    const auto js = nats::analyse_jetstream(t);
    EXPECT_FALSE(js.answered) << payload;
    EXPECT_FALSE(p.next(ProbeOptions{}, t)) << payload;
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_FALSE(obs->data_read);
  }
  t[2].reply = msg("_INBOX.leakwatch.list", R"({"error":{"code":503,"description":"off"}})");
  EXPECT_NE(nats::analyse_jetstream(t).notes.at(0).find("503 off"), std::string::npos);
}

TEST(NatsJetStream, AHugeListingAndAHugeMessageAreBounded) {
  const NatsProbe p;
  Transcript t = recorded();
  t.resize(3);
  // A listing of 300 streams (the server pages at 256; a hostile one may not), hostile names.
  std::string list = R"({"total":1000000,"streams":[)";
  for (int i = 0; i < 300; ++i) {
    list += R"({"config":{"name":"S)" + std::to_string(i) +
            R"(","subjects":["s.>"]},"state":{"messages":5,"last_seq":5}},)";
  }
  list += R"({"config":{"name":"bad name.>"},"state":{"messages":5}}]})";
  t[2].reply = msg("_INBOX.leakwatch.list", list);
  auto js = nats::analyse_jetstream(t);
  EXPECT_EQ(js.streams.size(), nats::kMaxStreamsKept);
  EXPECT_EQ(js.streams_total, 1'000'000u);
  EXPECT_EQ(nats::choose_streams(js, nats::kMaxStreamsRead).size(), nats::kMaxStreamsRead);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(obs->metadata["sampling"].dump().find("0 of 1000000 streams' subjects listed"),
            std::string::npos);
  // A stream with a million subjects is not listed: its last messages are read by sequence.
  t[2].reply = msg("_INBOX.leakwatch.list",
                   R"({"total":1,"streams":[{"config":{"name":"BIG","subjects":["b.>"]},)"
                   R"("state":{"messages":9000000,"last_seq":9000000,"num_subjects":1000000}}]})");
  auto reads = p.next(ProbeOptions{}, t);
  ASSERT_TRUE(reads);
  EXPECT_EQ(reads->label, "messages 1-3");
  EXPECT_NE(reads->request.find("{\"seq\":9000000}"), std::string::npos) << reads->request;
  EXPECT_NE(reads->request.find("{\"seq\":8999998}"), std::string::npos) << reads->request;
  obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(obs->metadata["sampling"].dump().find("1 streams with over 2000 subjects"),
            std::string::npos);
  // The same listing cut at the cap: reading stops, the cut is named.
  t[2].reply = msg("_INBOX.leakwatch.list", list).substr(0, 4000);
  t[2].end = ReplyEnd::cap_reached;
  js = nats::analyse_jetstream(t);
  EXPECT_TRUE(js.stopped);
  EXPECT_FALSE(js.answered);
  EXPECT_FALSE(p.next(ProbeOptions{}, t));
  // A stored message over kMaxApiReply: the batch's frame ends, the rest is not read.
  Transcript full = recorded();
  const Exchange& batch = full[5].exchange;
  const std::string huge =
      "MSG _INBOX.leakwatch.get0 2 " + std::to_string(4 << 20) + "\r\n" + std::string(1000, 'A');
  EXPECT_EQ(p.frame(batch, huge), Framing::complete);
  EXPECT_EQ(p.frame(batch, full[5].reply.substr(0, 300)), Framing::need_more);
  full[5].reply = huge;
  full.resize(6);
  js = nats::analyse_jetstream(full);
  EXPECT_TRUE(js.stopped);
  EXPECT_TRUE(js.messages.empty());
  EXPECT_FALSE(p.next(ProbeOptions{}, full));
  obs = p.parse(full);
  ASSERT_TRUE(obs);
  EXPECT_FALSE(obs->data_read);
  EXPECT_NE(obs->metadata["jetstream_notes"].dump().find("reading stopped"), std::string::npos);
}

TEST(NatsJetStream, TruncationAtEveryByteNeverCrashes) {
  const NatsProbe p;
  testing::expect_truncation_safe(p, recorded(), 0);
}

}  // namespace lw::probes
