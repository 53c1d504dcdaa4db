// The file transfer (protocol 29, receiver without basis files): the name order that gives a
// file its index, the requests, and the sender's stream, on the transfer recorded from the
// rsync 3.5.0 daemon of Debian (testdata/rsyncd_open_module.lwt) and on hostile streams.
#include "probes/rsync/rsync_transfer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "probes/common/byte_reader.h"
#include "probes/common/test_support.h"
#include "probes/rsync/rsync_probe.h"

namespace lw::probes::rsync {
namespace {

std::string le32(std::int32_t v) {
  std::string s;
  put_u32le(s, static_cast<std::uint32_t>(v));
  return s;
}

// One file answered whole: index, flags, empty checksum header, literal runs, 0, checksum.
std::string answer(std::int32_t ndx, std::initializer_list<std::string_view> runs,
                   std::uint16_t flags = 0x8000, std::int32_t count = 0) {
  std::string s = le32(ndx);
  put_u16le(s, flags);
  s += le32(count) + le32(0) + le32(0) + le32(0);
  for (const auto run : runs) s += le32(static_cast<std::int32_t>(run.size())) + std::string(run);
  return s + le32(0) + std::string(kFileSumBytes, '\x5a');
}

std::string ending() {
  return le32(-1) + le32(-1) + le32(-1) + le32(10) + le32(20) + le32(30) + le32(1) + le32(0);
}

// The multiplexed form of `data` (MSG_DATA frames).
std::string muxed(std::string_view data) {
  std::string s;
  put_u32le(s, (7u << 24) | static_cast<std::uint32_t>(data.size()));
  return s + std::string(data);
}

// The recorded dialogue's transfer stream (what follows the file list's io_error word).
struct Recorded {
  std::vector<std::int32_t> requested;
  std::string data;
};
Recorded recorded_transfer() {
  const Transcript t = testing::recorded("rsync/testdata/rsyncd_open_module.lwt");
  Recorded r;
  if (t.size() != 5) return r;
  r.requested = decode_requests(t[4].exchange.request).value_or(std::vector<std::int32_t>{});
  r.data = demux(t[4].reply).value_or(Demuxed{}).data;
  return r;
}

TEST(RsyncNameOrder, MatchesRsyncsOwnListing) {
  // `rsync --protocol=29 -r --list-only t/` (rsync 3.5.0) of a tree with these names printed
  // them in this order: '-' (0x2d) and '.' (0x2e) sort before the '/' (0x2f) that follows a
  // directory's name, and a folder's files come before its subfolders.
  const std::vector<FileEntry> sorted = {{".", 0, 040755, true},
                                         {"a.txt", 0, 0100644, false},
                                         {"a-b", 0, 040755, true},
                                         {"a-b/x", 0, 0100644, false},
                                         {"a.d", 0, 040755, true},
                                         {"a.d/z", 0, 0100644, false},
                                         {"a", 0, 040755, true},
                                         {"a/y", 0, 0100644, false},
                                         {"docs", 0, 040755, true},
                                         {"docs/alpha", 0, 040755, true},
                                         {"docs/alpha/v1", 0, 040755, true},
                                         {"docs/alpha/v1/page-006.txt", 0, 0100644, false},
                                         {"docs/alpha/v2", 0, 040755, true},
                                         {"docs/alpha/v2/page-022.txt", 0, 0100644, false}};
  std::vector<FileEntry> shuffled(sorted.rbegin(), sorted.rend());
  std::rotate(shuffled.begin(), shuffled.begin() + 5, shuffled.end());
  std::vector<std::string> got;
  for (const std::size_t i : wire_order(shuffled)) got.push_back(shuffled[i].name);
  std::vector<std::string> want;
  for (const auto& e : sorted) want.push_back(e.name);
  EXPECT_EQ(got, want);
  EXPECT_EQ(compare_names("a", true, "a", true), 0);
  EXPECT_LT(compare_names("z", false, "a", true), 0);    // a file before any folder
  EXPECT_LT(compare_names("a", true, "a/b", false), 0);  // a folder before its content
}

TEST(RsyncTransfer, RequestsRoundTripAndJunkIsRefused) {
  const std::vector<std::int32_t> indices = {4, 1, 6};
  const std::string req = encode_requests(indices);
  EXPECT_EQ(req.size(), 3u * 22u + 16u);
  EXPECT_EQ(decode_requests(req).value_or(std::vector<std::int32_t>{}), indices);
  EXPECT_FALSE(decode_requests(""));
  EXPECT_FALSE(decode_requests(req.substr(0, req.size() - 1)));
  EXPECT_FALSE(decode_requests("@RSYNCD: 29.0\n#list\n"));
}

TEST(RsyncTransfer, RecordedStreamIsReadWholeAndEndsCleanly) {
  const Recorded r = recorded_transfer();
  ASSERT_EQ(r.requested, (std::vector<std::int32_t>{4, 1, 6}));
  const Transfer tr = parse_transfer(r.data, r.requested);
  ASSERT_FALSE(tr.error) << tr.error->describe();
  EXPECT_TRUE(tr.ended);
  EXPECT_FALSE(tr.cut);
  ASSERT_EQ(tr.files.size(), 3u);
  EXPECT_EQ(tr.files[0].index, 4);
  EXPECT_TRUE(tr.files[0].complete);
  EXPECT_EQ(tr.files[0].literal_bytes, 57u);
  EXPECT_EQ(tr.files[1].data, "LAB FAKE DATA\n");
}

TEST(RsyncTransfer, TruncationAtEveryByteKeepsAPrefixAndNeverErrs) {
  const Recorded r = recorded_transfer();
  const Transfer whole = parse_transfer(r.data, r.requested);
  for (std::size_t n = 0; n < r.data.size(); ++n) {
    const Transfer tr = parse_transfer(std::string_view(r.data).substr(0, n), r.requested);
    EXPECT_FALSE(tr.error) << "cut at " << n;
    EXPECT_FALSE(tr.ended) << "cut at " << n;
    ASSERT_LE(tr.files.size(), whole.files.size());
    for (std::size_t i = 0; i < tr.files.size(); ++i) {
      EXPECT_TRUE(whole.files[i].data.starts_with(tr.files[i].data)) << "cut at " << n;
    }
  }
}

TEST(RsyncTransfer, AFileTheSenderSkipsIsMissingNotAnError) {
  // Protocol 29: a file that vanished is skipped with an error message and no index.
  const std::vector<std::int32_t> req = {4, 1, 6};
  const Transfer tr = parse_transfer(answer(4, {"a"}) + answer(6, {"b"}) + ending(), req);
  ASSERT_FALSE(tr.error);
  EXPECT_TRUE(tr.ended);
  ASSERT_EQ(tr.files.size(), 2u);
  EXPECT_EQ(tr.files[1].index, 6);
}

TEST(RsyncTransferHardening, HostileSendersGiveABoundedClearError) {
  const std::vector<std::int32_t> req = {4, 1};
  const struct {
    std::string stream;
    std::string_view error;
  } cases[] = {
      {answer(9, {"x"}), "index 9, which was not asked for"},
      {answer(1, {"x"}) + answer(4, {"y"}), "index 4, which was not asked for"},  // out of order
      {answer(4, {"x"}) + answer(4, {"y"}), "index 4, which was not asked for"},  // twice
      {le32(-5), "index -5 out of phase"},
      {le32(-1) + answer(4, {"x"}), "index 4 out of phase"},
      {answer(4, {"x"}, 0x8000 | 0x0800), "other flags or a checksum header"},
      {answer(4, {"x"}, 0x8000, 3), "other flags or a checksum header"},
      {answer(4, {}).substr(0, 22) + le32(-3), "block-match token"},
      {answer(4, {}).substr(0, 22) + le32(0x7fffffff) + "abc", "over the 32 KiB chunk"},
      {answer(4, {}).substr(0, 22) + le32(32 * 1024 + 1), "over the 32 KiB chunk"},
  };
  for (const auto& c : cases) {
    const Transfer tr = parse_transfer(c.stream, req);
    ASSERT_TRUE(tr.error) << c.error;
    EXPECT_NE(tr.error->message.find(c.error), std::string::npos) << tr.error->message;
    // The engine stops reading such a reply.
    Exchange ex{"file data", encode_requests(req), 512 * 1024, 6, "backups"};
    EXPECT_EQ(RsyncModuleProbe("backups").frame(ex, muxed(c.stream)), Framing::invalid) << c.error;
  }
}

TEST(RsyncTransferHardening, ANeverEndingFileStopsAtItsCap) {
  // One-byte runs without end: the parse stops past kMaxFileBytes, the file cut there.
  const std::vector<std::int32_t> req = {4};
  std::string stream = answer(4, {}).substr(0, 22);
  for (std::size_t i = 0; i < kMaxFileBytes + 100; ++i) stream += le32(1) + "y";
  const Transfer tr = parse_transfer(stream, req);
  ASSERT_FALSE(tr.error);
  EXPECT_TRUE(tr.cut);
  ASSERT_EQ(tr.files.size(), 1u);
  EXPECT_EQ(tr.files[0].data.size(), kMaxFileBytes);
  EXPECT_EQ(tr.files[0].literal_bytes, kMaxFileBytes + 1);
  Exchange ex{"file data", encode_requests(req), 512 * 1024, 6, "backups"};
  EXPECT_EQ(RsyncModuleProbe("backups").frame(ex, muxed(stream.substr(0, 1 << 16))),
            Framing::need_more);
  EXPECT_EQ(RsyncModuleProbe("backups").frame(ex, muxed(stream)), Framing::complete);
}

TEST(RsyncTransferHardening, GarbageMultiplexTagsAreRefused) {
  std::string frame;
  put_u32le(frame, (57u << 24) | 3u);  // message code 50: no such message
  frame += "abc";
  auto d = demux(frame);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("unknown rsync multiplex message 50"), std::string::npos);
  Exchange ex{"file data", encode_requests(std::vector<std::int32_t>{4}), 512 * 1024, 6, "b"};
  EXPECT_EQ(RsyncModuleProbe("b").frame(ex, frame), Framing::invalid);
  // Known texts are carried, not taken as data: an error (3), a warning (4), a no-op (42).
  std::string texts;
  for (const std::uint32_t code : {3u, 4u, 42u}) {
    put_u32le(texts, ((7u + code) << 24) | 4u);
    texts += "text";
  }
  auto ok = demux(texts);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->data.empty());
  EXPECT_EQ(ok->errors.size(), 1u);
  EXPECT_EQ(ok->warnings.size(), 1u);
}

}  // namespace
}  // namespace lw::probes::rsync
