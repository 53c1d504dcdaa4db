// Mail sampling (mail_select.h): classification banners, the header scoring that picks the few
// message bodies to read among many, the header-block reader (bounded on hostile input) and the
// per-folder header plan (synthetic counts up to 100,000 messages).
#include "probes/common/mail_select.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>
#include <string>
#include <vector>

namespace lw::probes {
namespace {

MailHeaders message(std::string folder, std::uint64_t id, std::string subject, std::string from,
                    std::uint32_t recipients, std::uint32_t attachments = 0,
                    bool multipart_mixed = false) {
  MailHeaders m;
  m.folder = std::move(folder);
  m.id = id;
  m.subject = std::move(subject);
  m.from = std::move(from);
  m.recipients = recipients;
  m.attachments = attachments;
  m.multipart_mixed = multipart_mixed;
  return m;
}

TEST(MailSelect, ClassificationBannersAreWholeTokens) {
  EXPECT_TRUE(classification_banner("CUI: questionnaire draft for review"));
  EXPECT_TRUE(classification_banner("fwd: UNCLASSIFIED//FOUO memo"));
  EXPECT_TRUE(classification_banner("Re: [SECRET//NOFORN] plan"));
  EXPECT_TRUE(classification_banner("controlled unclassified information inside"));
  EXPECT_FALSE(classification_banner("Cuisine Weekly: news from the kitchen"));
  EXPECT_FALSE(classification_banner("Meeting notes: secretariat sync"));
  EXPECT_FALSE(classification_banner(""));
}

TEST(MailSelect, ExtraScoreForAttachmentsBannersAndManyRecipients) {
  const MailHeaders plain = message("INBOX", 1, "Your order #123456 has shipped", "", 1);
  EXPECT_EQ(mail_extra_score(plain), 0);
  MailHeaders attached = plain;
  attached.attachments = 1;
  EXPECT_EQ(mail_extra_score(attached), 3);
  MailHeaders mixed = plain;
  mixed.multipart_mixed = true;
  EXPECT_EQ(mail_extra_score(mixed), 2);
  MailHeaders mass = plain;
  mass.recipients = 14;
  EXPECT_EQ(mail_extra_score(mass), 3);
  const MailHeaders banner = message("INBOX", 2, "CUI: questionnaire draft", "", 0);
  EXPECT_EQ(mail_extra_score(banner), 4);
}

// 1,200 ordinary messages over five folders and the three sensitive ones of the lab's mailbox
// (deployed_mail.py): the three are among the first bodies the plan reads.
TEST(MailSelect, PlanBodiesFindsTheFewAmongMany) {
  std::vector<MailHeaders> all;
  const std::vector<std::string> folders = {"INBOX", "Sent", "Archive/2023", "HR", "Projects/Q3"};
  const std::vector<std::string> subjects = {"Engineering Weekly: news from the ops team",
                                             "Meeting notes: design sync 4",
                                             "Your order #004211 has shipped"};
  for (std::uint64_t i = 0; i < 1'200; ++i) {
    all.push_back(message(folders[i % folders.size()], i + 1, subjects[i % subjects.size()],
                          "Newsletter news@example.com", 1));
  }
  all[700] = message("HR", 701, "Updated roster", "HR Desk hr.desk@example.com", 1, 1, true);
  all[333] = message("Archive/2023", 334, "CUI: questionnaire draft for review",
                     "Security Office so@example.com", 1);
  all[90] =
      message("INBOX", 91, "Corporate cards for the offsite", "Finance finance@example.com", 14);
  const SamplePlan plan = plan_bodies(all, 12);
  ASSERT_EQ(plan.order.size(), 12u);
  const std::set<std::size_t> first(plan.order.begin(), plan.order.begin() + 3);
  EXPECT_EQ(first, (std::set<std::size_t>{90, 333, 700}));
  // What is left is spread over the folders, not spent on one.
  std::set<std::string> seen;
  for (const auto i : plan.order) seen.insert(all[i].folder);
  EXPECT_EQ(seen.size(), folders.size());
}

TEST(MailSelect, HeaderBlockFoldedRecipientsAndMultipart) {
  const MailHeaders m = parse_header_block(
      "From: Finance <finance@example.com>\r\n"
      "To: \"Team, One\" <team01@example.com>, team02@example.com,\r\n"
      " team03@example.com (desk @ 3)\r\n"
      "Cc: finance1@example.com\r\n"
      "Subject: Corporate cards\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
      "\r\n"
      "Subject: not a header, the body\r\n");
  EXPECT_EQ(m.subject, "Corporate cards");
  EXPECT_EQ(m.from, "Finance <finance@example.com>");
  EXPECT_EQ(m.recipients, 4u);
  EXPECT_TRUE(m.multipart_mixed);
}

TEST(MailSelect, MegabyteHeaderIsBounded) {
  const std::string huge_subject = "Subject: " + std::string(1024 * 1024, 'x') + "\r\n";
  std::string folded = "To: a@example.com";
  while (folded.size() < 1024 * 1024) folded += "\r\n b@example.com,";
  const MailHeaders m = parse_header_block(huge_subject + folded + "\r\n\r\n");
  EXPECT_EQ(m.subject.size(), kMaxMailHeaderBytes);
  EXPECT_GT(m.recipients, 0u);
  EXPECT_LE(m.recipients, 16u * 1024u);  // the unfolded field is cut to 16 KiB
  // A million '@' in one list counts at most 10,000.
  EXPECT_EQ(count_addresses(std::string(1'000'000, '@')), 10'000u);
}

TEST(MailSelect, GarbageHeaderBlockGivesEmptyHeaders) {
  const char garbage[] = "\0\xff\r\n:\r\n \r\n\x01:x";
  const MailHeaders m = parse_header_block(std::string_view(garbage, sizeof garbage - 1));
  EXPECT_TRUE(m.subject.empty());
  EXPECT_EQ(m.recipients, 0u);
}

TEST(MailSelect, HeaderPlanForAHundredThousandMessages) {
  // INBOX of 100,000 messages, small folders after it: the budget is kept, INBOX cannot use it
  // all, the small folders are read whole, a large later folder gets what they left.
  const std::vector<std::uint64_t> exists = {100'000, 25, 3, 60'000, 7};
  const auto plan = plan_headers(exists, exists.size(), 2'000);
  ASSERT_EQ(plan.size(), exists.size());
  EXPECT_EQ(plan[0], 400u);
  EXPECT_EQ(plan[1], 25u);
  EXPECT_EQ(plan[2], 3u);
  EXPECT_EQ(plan[3], 786u);  // (2,000 - 400 - 25 - 3) / 2
  EXPECT_EQ(plan[4], 7u);
  EXPECT_LE(std::accumulate(plan.begin(), plan.end(), std::uint64_t{0}), 2'000u);
  // Counts of later folders not known yet: the first folder still leaves them their share.
  const std::vector<std::uint64_t> first = {100'000};
  EXPECT_EQ(plan_headers(first, 12, 2'000).front(), 166u);
  EXPECT_TRUE(plan_headers({}, 0, 2'000).empty());
}

}  // namespace
}  // namespace lw::probes
