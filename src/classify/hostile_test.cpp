// Hostile input: bounded time and memory, no crash, an error or a partial result.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

#include "classify/formats/container.h"
#include "classify/formats/json_walker.h"
#include "classify/stream.h"
#include "classify/test_files.h"
#include "classify/test_util.h"
#include "core/unique_fd.h"

namespace lw::classify {
namespace {

using testing::find;

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(classify_hostile, BinaryGarbageEveryType) {
  const auto garbage = random_bytes(1 << 20, 7);
  auto c = testing::builtin();
  ASSERT_NE(c, nullptr);
  for (const char* type : {"", "text", "json", "csv", "gzip", "email", "docx", "xlsx", "pdf"}) {
    auto r = c->classify(Document{"garbage", type, garbage});
    // Either a result or an error value; never a crash or a hang.
    if (!r) {
      EXPECT_FALSE(r.error().message.empty()) << type;
    }
  }
}

TEST(classify_hostile, InvalidUtf8AroundValues) {
  const std::string text = "\xff\xfe\xc3(SSN 536-22-4781\xed\xa0\x80 card 4111111111111111\x80";
  const auto f = testing::run(text);
  EXPECT_NE(find(f, "us_ssn"), nullptr);
  EXPECT_NE(find(f, "payment_card"), nullptr);
}

TEST(classify_hostile, JsonNested100000Deep) {
  const std::string deep = std::string(100000, '[') + "\"536-22-4781\"" + std::string(100000, ']');
  auto walk = json_segments(deep, 256, 1000);
  ASSERT_FALSE(walk);
  EXPECT_EQ(walk.error().code, ErrorCode::too_deep);
  // The classifier falls back to scanning the bytes as text.
  const auto f = testing::run(deep, "json");
  EXPECT_NE(find(f, "us_ssn"), nullptr);
  const std::string objects = [] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{\"a\":";
    return s;
  }();
  EXPECT_FALSE(json_segments(objects, 256, 1000));
}

TEST(classify_hostile, ZipBombIsRefused) {
  // 64 MiB of zeros deflates to about 64 KiB: a ratio of ~1000.
  const std::string zeros(64u << 20, '\0');
  const auto bomb = testing::zip_bytes({{"word/document.xml", zeros}});
  ASSERT_LT(bomb.size(), 1u << 20);
  Limits limits;
  limits.max_ratio = 200;
  auto c = testing::builtin();  // built before measuring: compiling the rules takes memory too
  ASSERT_NE(c, nullptr);
  const auto before = peak_rss_kib();
  auto parts = zip_parts(bomb, limits);
  ASSERT_FALSE(parts);
  EXPECT_EQ(parts.error().code, ErrorCode::too_large);
  auto r = c->classify(Document{"bomb.docx", "", bomb});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::too_large);
  // One clean message: the source once, what, the cap (was "bomb.docx: : ... (size or ratio
  // cap)", and the command added the path again).
  const auto message = r.error().describe();
  EXPECT_EQ(message.rfind("bomb.docx: zip entry word/document.xml would inflate ", 0), 0u)
      << message;
  EXPECT_TRUE(message.ends_with(" times its compressed size (cap 200)")) << message;
  EXPECT_LT(peak_rss_kib() - before, 32 * 1024) << "refusing the bomb must not inflate it";
}

TEST(classify_hostile, ZipTooManyEntries) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 0; i < 50; ++i) entries.emplace_back("f" + std::to_string(i) + ".txt", "x");
  const auto zip = testing::zip_bytes(entries);
  Limits limits;
  limits.max_zip_entries = 10;
  auto parts = zip_parts(zip, limits);
  ASSERT_FALSE(parts);
  EXPECT_EQ(parts.error().code, ErrorCode::too_large);
}

TEST(classify_hostile, NestedContainersStopAtDepth) {
  std::string data = "SSN 536-22-4781";
  for (int i = 0; i < 20; ++i) data = testing::gzip_bytes(data);
  auto c = testing::builtin();
  auto r = c->classify(Document{"nested.gz", "", data});
  ASSERT_TRUE(r);  // beyond the depth cap the bytes are scanned as text: nothing, no crash
  // ... and the report says what was not opened, and the cap.
  auto report = c->inspect(Document{"nested.gz", "", data});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->findings.empty());
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_EQ(report->notes[0].kind, NoteKind::depth_cap);
  EXPECT_EQ(report->notes[0].describe(),
            "gzip not opened: nested past the depth cap (cap 8 levels)");
}

TEST(classify_hostile, NestedZipsPastTheDepthCapNameThePath) {
  std::string data = testing::zip_bytes({{"secret.txt", "SSN 536-22-4781"}});
  for (int i = 9; i >= 1; --i) {
    data = testing::zip_bytes({{"l" + std::to_string(i) + ".zip", data}});
  }
  auto report = testing::builtin()->inspect(Document{"deep.zip", "", data});
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(testing::find(report->findings, "us_ssn"), nullptr);
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_EQ(report->notes[0].describe(),
            "entry l1.zip, entry l2.zip, entry l3.zip, entry l4.zip, entry l5.zip, entry l6.zip, "
            "entry l7.zip, entry l8.zip: zip not opened: nested past the depth cap (cap 8 levels)");
  // Seven levels down the value is found, with no note.
  std::string shallow = testing::zip_bytes({{"secret.txt", "SSN 536-22-4781"}});
  for (int i = 0; i < 7; ++i) shallow = testing::zip_bytes({{"x.zip", shallow}});
  auto found = testing::builtin()->inspect(Document{"ok.zip", "", shallow});
  ASSERT_TRUE(found);
  EXPECT_NE(testing::find(found->findings, "us_ssn"), nullptr);
  EXPECT_TRUE(found->notes.empty());
}

TEST(classify_hostile, DocumentPastItsDeadlineKeepsANote) {
  auto c = testing::builtin();
  const auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  auto report = c->inspect(Document{"late.txt", "text", "SSN 536-22-4781"}, past);
  ASSERT_TRUE(report);
  ASSERT_TRUE(report->timed_out());
  EXPECT_EQ(report->notes.back().describe(),
            "offset 0: time budget reached, not inspected past here (cap 30000 ms)");
}

// An endless stream ends at the read cap; the report says where. (Before: read forever.)
TEST(classify_hostile, EndlessStreamIsCutAtTheReadCap) {
  std::uint64_t calls = 0;
  auto zeros = [&](std::span<char> buf) -> Result<std::size_t> {
    ++calls;
    std::fill(buf.begin(), buf.end(), '\0');
    return buf.size();
  };
  StreamOptions options;
  options.block_bytes = 1u << 16;
  options.max_read = 1u << 20;
  std::uint64_t total = 0;
  auto report = inspect_stream(*testing::builtin(), "zeros", zeros, options, &total);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(total, 1u << 20);
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_EQ(report->notes[0].kind, NoteKind::byte_cap);
  EXPECT_EQ(report->notes[0].describe(),
            "offset 1048576: input cut, not read past here (cap 1048576 bytes)");
  // A stream that ends exactly at the cap is not cut.
  std::string text(1u << 20, 'a');
  text.replace(1000, 17, " SSN 536-22-4781 ");
  std::size_t pos = 0;
  auto exact = [&](std::span<char> buf) -> Result<std::size_t> {
    const auto n = std::min(buf.size(), text.size() - pos);
    std::copy_n(text.data() + pos, n, buf.data());
    pos += n;
    return n;
  };
  auto whole = inspect_stream(*testing::builtin(), "exact", exact, options, &total);
  ASSERT_TRUE(whole);
  EXPECT_TRUE(whole->notes.empty());
  EXPECT_EQ(total, text.size());
  EXPECT_NE(testing::find(whole->findings, "us_ssn"), nullptr);
}

// A pipe whose writer never closes: the read waits only until the deadline; what arrived is
// classified. (Before: a blocking read, forever.)
TEST(classify_hostile, SilentPipeEndsAtTheDeadline) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  const std::string data = "SSN 536-22-4781\n";
  ASSERT_TRUE(write_all(write_end.get(), data.data(), data.size()));
  auto c = testing::builtin();
  ASSERT_NE(c, nullptr);
  // Bytes already in the pipe are read even when the deadline has passed before the first read,
  // so the outcome does not depend on how fast this runs.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  StreamOptions options;
  options.deadline = deadline;
  auto report = inspect_stream(*c, "pipe", fd_reader(read_end.get(), deadline), options);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_NE(testing::find(report->findings, "us_ssn"), nullptr);
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_EQ(report->notes[0].kind, NoteKind::time_budget);
  EXPECT_EQ(report->notes[0].where, "offset 16");
}

TEST(classify_hostile, MalformedPdf) {
  auto pdf = testing::pdf_bytes("SSN 536-22-4781");
  for (std::size_t cut : {pdf.size() / 3, pdf.size() / 2, pdf.size() - 10}) {
    const auto truncated = pdf.substr(0, cut);
    auto text = pdf_text(truncated, Limits{});
    (void)text;  // a value or an error: both fine
    auto r = testing::builtin()->classify(Document{"bad.pdf", "pdf", truncated});
    EXPECT_TRUE(r.has_value());
  }
  auto garbage = "%PDF-1.4\n" + random_bytes(50000, 3);
  EXPECT_TRUE(testing::builtin()->classify(Document{"junk.pdf", "", garbage}).has_value());
}

TEST(classify_hostile, MalformedMime) {
  const std::string cases[] = {
      "From: a\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: "
      "text/plain\r\n",
      "Subject: x\n\n--\n--\n",
      "From: a\nContent-Type: multipart/mixed; boundary=\n\n" + random_bytes(10000, 5)};
  for (const auto& m : cases) {
    auto r = testing::builtin()->classify(Document{"m.eml", "email", m});
    EXPECT_TRUE(r.has_value());
  }
}

TEST(classify_hostile, LongStreamBoundedMemory) {
  // 512 MiB of log text with values through a 8 MiB-block stream: memory stays flat.
  const std::string line = "2024-01-01T00:00:00Z INFO user=bob ip 10.1.2.3 SSN 536-22-4781 done\n";
  constexpr std::uint64_t kTotal = 512ull << 20;
  std::uint64_t produced = 0;
  std::size_t phase = 0;
  auto read = [&](std::span<char> buf) -> Result<std::size_t> {
    std::size_t n = 0;
    while (n < buf.size() && produced < kTotal) {
      buf[n++] = line[phase];
      phase = (phase + 1) % line.size();
      ++produced;
    }
    return n;
  };
  auto config = testing::test_config();
  config.limits.max_findings = 1000;   // findings are capped; the stream is still read to its end
  config.limits.max_millis = 600'000;  // memory is measured here, not time (no timing failure)
  auto c = Classifier::create(config);
  ASSERT_TRUE(c);
  const auto before = peak_rss_kib();
  std::uint64_t total = 0;
  auto f = classify_stream(**c, "stream", read, 8u << 20, &total);
  ASSERT_TRUE(f);
  EXPECT_EQ(total, kTotal);
  EXPECT_EQ(f->size(), 1000u);
  EXPECT_LT(peak_rss_kib() - before, 64 * 1024);
}

}  // namespace
}  // namespace lw::classify
