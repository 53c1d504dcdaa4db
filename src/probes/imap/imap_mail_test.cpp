// The IMAP probe's mail reading (imap_mail.h, imap_fetch.h): FETCH data parsed as dovecot sends
// it (bytes from testdata/dovecot_anonymous_open.lwt), and bad input: a mailbox of 100,000
// messages (synthetic counts: the planner, not 100k files), a garbage FETCH reply, a list
// nested without end, a literal that never ends, hostile folder names.
#include <gtest/gtest.h>

#include <string>

#include "probes/common/test_support.h"
#include "probes/imap/imap_fetch.h"
#include "probes/imap/imap_mail.h"
#include "probes/imap/imap_probe.h"

namespace lw::probes {
namespace {

Transcript recorded() {
  return testing::with_steps(ImapProbe{},
                             testing::recorded("imap/testdata/dovecot_anonymous_open.lwt"));
}

TEST(ImapFetch, EnvelopeAndBodystructureFromDovecot) {
  const Transcript t = recorded();
  ASSERT_EQ(t.size(), 30u);
  ASSERT_EQ(t[5].exchange.label, "FETCH headers HR 1:3");
  auto reply = imap::parse(t[5].reply);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->responses.size(), 4u);
  auto roster = imap::parse_fetch(reply->responses[1]);
  ASSERT_TRUE(roster) << roster.error().describe();
  ASSERT_TRUE(*roster);
  EXPECT_EQ((*roster)->uid, 2u);
  EXPECT_EQ((*roster)->size, 959u);
  EXPECT_TRUE((*roster)->envelope);
  EXPECT_EQ((*roster)->headers.subject, "Updated roster");
  EXPECT_EQ((*roster)->headers.from, "HR Desk hr.desk@example.com");
  EXPECT_EQ((*roster)->headers.recipients, 1u);
  EXPECT_EQ((*roster)->headers.attachments, 1u);  // personnel.csv
  EXPECT_TRUE((*roster)->headers.multipart_mixed);
  auto plain = imap::parse_fetch(reply->responses[0]);
  ASSERT_TRUE(plain && *plain);
  EXPECT_EQ((*plain)->headers.attachments, 0u);
  // The tagged OK is not a FETCH.
  auto tagged = imap::parse_fetch(reply->responses[3]);
  ASSERT_TRUE(tagged);
  EXPECT_FALSE(*tagged);
}

TEST(ImapMail, ManyRecipientsAndBannerAreFlagged) {
  const Transcript t = recorded();
  const imap::MailState s = imap::mail_state(t);
  EXPECT_EQ(s.listed, 8u);
  EXPECT_EQ(s.visit.size(), 8u);
  EXPECT_EQ(s.messages.size(), 44u);
  EXPECT_TRUE(s.problems.empty());
  const auto batches = imap::plan_body_batches(s, 12);
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches[0].folder, "Archive/2023");
  EXPECT_EQ(batches[0].uids.front(), 6u);  // the CUI banner
  for (const auto& m : s.messages) {
    if (m.subject == "Corporate cards for the offsite") {
      EXPECT_EQ(m.recipients, 14u);
      EXPECT_EQ(m.folder, "INBOX");
    }
  }
}

TEST(ImapBadInput, GarbageFetchRepliesAreErrorsNotCrashes) {
  for (const std::string line :
       {"* 1 FETCH UID 3", "* 1 FETCH (UID 3", "* 1 FETCH (UID \"x)", "* 1 FETCH )(",
        "* 1 FETCH (UID 3) (extra)", "* 1 FETCH (BODY[] {3}"}) {
    imap::Response r;
    r.kind = imap::Response::Kind::untagged;
    r.line = line.substr(2);
    auto f = imap::parse_fetch(r);
    ASSERT_FALSE(f) << line;
    EXPECT_EQ(f.error().code, ErrorCode::parse_error) << line;
  }
  // Nested deeper than 32 and more values than 20,000: too_large, named.
  imap::Response deep;
  deep.kind = imap::Response::Kind::untagged;
  deep.line = "1 FETCH (BODYSTRUCTURE " + std::string(100'000, '(') + ")";
  auto d = imap::parse_fetch(deep);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::too_large);
  imap::Response wide = deep;
  wide.line = "1 FETCH (X (";
  for (int i = 0; i < 30'000; ++i) wide.line += "a ";
  wide.line += "))";
  auto w = imap::parse_fetch(wide);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::too_large);
}

// Answers the probe's requests as a server with `exists` messages in INBOX and 3 in HR would
// (RFC 9051 syntax); header FETCHes get one ENVELOPE per message, body FETCHes `body_reply`.
struct SyntheticServer {
  std::uint64_t exists;
  std::string body_reply;

  std::string operator()(const Exchange& ex) const {
    const std::string tag = ex.request.substr(0, ex.request.find(' '));
    const auto step = static_cast<imap::Step>(ex.step);
    switch (step) {
      case imap::Step::banner:
        return "* PREAUTH ready\r\n";
      case imap::Step::capability:
        return "* CAPABILITY IMAP4rev1\r\n" + tag + " OK\r\n";
      case imap::Step::list:
        return "* LIST () \"/\" INBOX\r\n* LIST () \"/\" HR\r\n" + tag + " OK\r\n";
      case imap::Step::examine:
      case imap::Step::reselect:
        return "* " + std::to_string(ex.subject == "INBOX" ? exists : 3) + " EXISTS\r\n" + tag +
               " OK [READ-ONLY]\r\n";
      case imap::Step::headers: {
        const auto range = ex.request.substr(ex.request.find("FETCH ") + 6);
        const std::uint64_t lo = std::stoull(range);
        const std::uint64_t hi = std::stoull(range.substr(range.find(':') + 1));
        std::string out;
        for (std::uint64_t n = lo; n <= hi; ++n) {
          out += "* " + std::to_string(n) + " FETCH (UID " + std::to_string(n) +
                 " RFC822.SIZE 500 ENVELOPE (NIL \"Meeting notes\" ((\"A\" NIL \"a\" "
                 "\"example.com\")) NIL NIL ((NIL NIL \"b\" \"example.com\")) NIL NIL NIL NIL) "
                 "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1 NIL NIL NIL))\r\n";
        }
        return out + tag + " OK\r\n";
      }
      default:
        return body_reply + tag + " OK\r\n";
    }
  }
};

TEST(ImapBadInput, HundredThousandMessagesAreBounded) {
  ImapProbe probe;
  ProbeOptions options;
  options.default_logins = false;
  const SyntheticServer server{100'000, ""};
  const Transcript t = testing::run_dialogue(probe, options, server, 200);
  ASSERT_LT(t.size(), 200u);  // the dialogue ended by itself
  std::uint64_t header_fetches = 0;
  for (const auto& turn : t) {
    if (turn.exchange.step == static_cast<std::uint32_t>(imap::Step::headers)) ++header_fetches;
  }
  // HR first (its name), read whole; INBOX gets what is left of kMaxHeaders, its most recent
  // messages, in chunks of kHeaderChunk.
  EXPECT_EQ(header_fetches, 1u + 5u);
  const imap::MailState s = imap::mail_state(t);
  EXPECT_EQ(s.messages.size(), imap::kMaxHeaders);
  EXPECT_EQ(s.messages.back().id, 100'000u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->record_count, 100'003u);
  EXPECT_EQ(obs->metadata["sampling"],
            "2000 of 100003 message headers sampled in 2 of 2 folders, bodies of 0");
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(ImapBadInput, NeverEndingLiteralIsCutAndNamed) {
  ImapProbe probe;
  ProbeOptions options;
  options.default_logins = false;
  // A body reply announcing a 4 GB literal and sending bytes up to the cap: the reply ends at
  // the exchange's cap, the probe stops asking and names it.
  const SyntheticServer server{
      20, "* 1 FETCH (UID 1 BODY[]<0> {4000000000}\r\n" + std::string(2 * imap::kBodiesCap, 'x')};
  const Transcript t = testing::run_dialogue(probe, options, server, 200);
  ASSERT_LT(t.size(), 200u);
  ASSERT_EQ(t.back().end, ReplyEnd::cap_reached);
  EXPECT_EQ(t.back().exchange.step, static_cast<std::uint32_t>(imap::Step::bodies));
  EXPECT_FALSE(probe.next(options, t));
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  ASSERT_TRUE(obs->metadata.contains("problems"));
  const std::string problems = obs->metadata["problems"].dump();
  EXPECT_NE(problems.find("UID FETCH bodies"), std::string::npos) << problems;
  EXPECT_NE(problems.find("cap_reached"), std::string::npos) << problems;
}

TEST(ImapBadInput, HostileFolderNamesAreNotQuotedIntoCommands) {
  EXPECT_EQ(imap::quote_mailbox("Archive/2023"), "\"Archive/2023\"");
  EXPECT_EQ(imap::quote_mailbox("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_FALSE(imap::quote_mailbox("INBOX\r\na9 DELETE INBOX"));
  EXPECT_FALSE(imap::quote_mailbox(std::string(1024 * 1024, 'x')));  // a 1 MB name
  EXPECT_FALSE(imap::quote_mailbox(""));
}

}  // namespace
}  // namespace lw::probes
