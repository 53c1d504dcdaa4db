#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "net/discovery/syn/frame_parser.h"
#include "net/discovery/syn/siphash.h"
#include "net/discovery/syn/syn_cookie.h"
#include "net/discovery/syn/tcp_frame.h"

namespace lw::discovery::syn {
namespace {

SipKey counting_key() {
  SipKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  return key;
}

// Vectors from the SipHash paper (appendix A) and the reference implementation's vectors.h:
// key 00..0f, message 00..(n-1).
TEST(SipHash, MatchesReferenceVectors) {
  std::vector<std::uint8_t> message;
  EXPECT_EQ(siphash24(counting_key(), message), 0x726fdb47dd0e0e31ULL);
  for (std::uint8_t i = 0; i < 15; ++i) message.push_back(i);
  EXPECT_EQ(siphash24(counting_key(), message), 0xa129ca6149be45e5ULL);
  message.resize(8);
  EXPECT_EQ(siphash24(counting_key(), message), 0x93f5f5799a932462ULL);
}

// The worked example of the IPv4 header checksum (RFC 1071 style), as computed by hand in many
// references: 4500 0073 0000 4000 4011 ---- c0a8 0001 c0a8 00c7 -> b861.
TEST(Checksum, MatchesKnownIpv4Header) {
  const std::array<std::uint8_t, 20> header{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
                                            0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
                                            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  EXPECT_EQ(internet_checksum(header), 0xb861);
}

// A SYN with MSS 1460 from 10.0.0.1:40000 to 10.0.0.2:80, seq 1, window 0: the checksum worked
// out by hand (pseudo-header 0a00+0001+0a00+0002+0006+0018, then the header words).
TEST(Checksum, MatchesHandComputedTcpSyn) {
  TcpFrameSpec spec;
  spec.source_ip = 0x0a000001;
  spec.destination_ip = 0x0a000002;
  spec.source_port = 40000;
  spec.destination_port = 80;
  spec.sequence = 1;
  spec.flags = tcp_flag::kSyn;
  spec.mss_option = true;
  std::array<std::uint8_t, kMaxTcpFrameSize> frame{};
  ASSERT_EQ(build_tcp_frame(spec, frame), kMaxTcpFrameSize);
  const std::uint8_t* tcp = frame.data() + kEthernetHeaderSize + kIpv4HeaderSize;
  // Sum: 0a00 0001 0a00 0002 0006 0018 | 9c40 0050 0000 0001 0000 0000 6002 0000 0000 0204 05b4
  std::uint32_t sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0006 + 0x0018 + 0x9c40 + 0x0050 +
                      0x0001 + 0x6002 + 0x0204 + 0x05b4;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  const auto expected = static_cast<std::uint16_t>(~sum & 0xffff);
  EXPECT_EQ((tcp[16] << 8) | tcp[17], expected);
  // Verifying over the sent segment folds to zero, as a receiving stack checks it.
  EXPECT_EQ(tcp_checksum_v4(spec.source_ip, spec.destination_ip, {tcp, 24}), 0);
  EXPECT_EQ(internet_checksum({frame.data() + kEthernetHeaderSize, kIpv4HeaderSize}), 0);
}

TEST(TcpFrame, RefusesTooSmallBuffer) {
  std::array<std::uint8_t, 40> small{};
  EXPECT_EQ(build_tcp_frame(TcpFrameSpec{}, small), 0u);
}

struct Scenario {
  SynCookie cookie{counting_key()};
  ScanEndpoint ours{0x0a0000fe, 40000, 16};
  std::uint32_t target = 0x0a4d0102;  // 10.77.1.2
  std::uint16_t port = 6379;

  std::uint16_t our_port() const {
    return cookie.source_port(Address::v4_from(target), port, ours.first_port, ours.port_count);
  }
  std::uint32_t seq() const {
    return cookie.sequence(
        {Address::v4_from(ours.source_ip), Address::v4_from(target), our_port(), port});
  }
  // The frame the target's stack sends back.
  std::vector<std::uint8_t> answer(std::uint8_t flags, std::uint32_t ack) const {
    TcpFrameSpec spec;
    spec.source_ip = target;
    spec.destination_ip = ours.source_ip;
    spec.source_port = port;
    spec.destination_port = our_port();
    spec.sequence = 12345;
    spec.acknowledgement = ack;
    spec.flags = flags;
    std::vector<std::uint8_t> frame(kMaxTcpFrameSize);
    frame.resize(build_tcp_frame(spec, frame));
    return frame;
  }
  ReplyKind classify(const std::vector<std::uint8_t>& frame) const {
    const auto parsed = parse_frame(frame);
    EXPECT_EQ(parsed.kind, FrameKind::tcp);
    return classify_reply(parsed.segment, cookie, ours);
  }
};

TEST(Reply, SynAckWithCookieIsOpenAndRstIsClosed) {
  Scenario s;
  EXPECT_EQ(s.classify(s.answer(tcp_flag::kSyn | tcp_flag::kAck, s.seq() + 1)), ReplyKind::open);
  EXPECT_EQ(s.classify(s.answer(tcp_flag::kRst | tcp_flag::kAck, s.seq() + 1)), ReplyKind::closed);
}

TEST(Reply, ForgedAcknowledgementIsRejected) {
  Scenario s;
  for (const std::uint32_t ack : {s.seq(), s.seq() + 2, 0u, ~s.seq()}) {
    EXPECT_EQ(s.classify(s.answer(tcp_flag::kSyn | tcp_flag::kAck, ack)),
              ReplyKind::invalid_cookie);
  }
}

TEST(Reply, AnswerToAPreviousScanKeyIsRejected) {
  Scenario previous;
  SipKey other = counting_key();
  other[0] ^= 1;
  previous.cookie = SynCookie(other);
  Scenario now;
  // Same flow, previous key's cookie: the port may differ too, so build with the previous
  // scan's port and judge with today's key.
  auto frame = previous.answer(tcp_flag::kSyn | tcp_flag::kAck, previous.seq() + 1);
  const auto parsed = parse_frame(frame);
  ASSERT_EQ(parsed.kind, FrameKind::tcp);
  EXPECT_EQ(classify_reply(parsed.segment, now.cookie, now.ours), ReplyKind::invalid_cookie);
}

TEST(Reply, OtherAddressPortOrFlagsAreNotOurs) {
  Scenario s;
  auto to_other = s;
  to_other.ours.source_ip += 1;
  EXPECT_EQ(
      classify_reply(parse_frame(s.answer(tcp_flag::kSyn | tcp_flag::kAck, s.seq() + 1)).segment,
                     s.cookie, to_other.ours),
      ReplyKind::not_ours);
  auto other_range = s;
  other_range.ours.first_port = 1000;
  EXPECT_EQ(
      classify_reply(parse_frame(s.answer(tcp_flag::kSyn | tcp_flag::kAck, s.seq() + 1)).segment,
                     s.cookie, other_range.ours),
      ReplyKind::not_ours);
  EXPECT_EQ(s.classify(s.answer(tcp_flag::kAck, s.seq() + 1)), ReplyKind::not_ours);
  EXPECT_EQ(s.classify(s.answer(tcp_flag::kSyn, s.seq() + 1)), ReplyKind::not_ours);
}

TEST(SourcePort, StaysInRangeAndSpreads) {
  SynCookie cookie(counting_key());
  std::array<int, 8> hits{};
  for (std::uint32_t a = 0; a < 4096; ++a) {
    const auto p = cookie.source_port(Address::v4_from(0x0a000000 + a), 80, 61000, 8);
    ASSERT_GE(p, 61000);
    ASSERT_LT(p, 61008);
    ++hits[p - 61000];
  }
  for (int h : hits) EXPECT_GT(h, 300);
  EXPECT_EQ(cookie.source_port(Address::v4_from(1), 80, 61000, 1), 61000);
}

TEST(ParseFrame, RejectsTruncationAtEveryByte) {
  Scenario s;
  const auto frame = s.answer(tcp_flag::kSyn | tcp_flag::kAck, s.seq() + 1);
  for (std::size_t n = 0; n < frame.size(); ++n) {
    // Each prefix in an exactly-sized buffer, so an over-read would trip AddressSanitizer.
    std::vector<std::uint8_t> prefix(frame.begin(), frame.begin() + static_cast<long>(n));
    const auto parsed = parse_frame(prefix);
    EXPECT_NE(parsed.kind, FrameKind::tcp) << "prefix of " << n << " bytes";
  }
  EXPECT_EQ(parse_frame(frame).kind, FrameKind::tcp);
}

TEST(ParseFrame, HardeningCases) {
  Scenario s;
  const auto good = s.answer(tcp_flag::kSyn | tcp_flag::kAck, s.seq() + 1);
  auto arp = good;
  arp[12] = 0x08;
  arp[13] = 0x06;
  EXPECT_EQ(parse_frame(arp).kind, FrameKind::not_ipv4);
  auto udp = good;
  udp[kEthernetHeaderSize + 9] = 17;
  EXPECT_EQ(parse_frame(udp).kind, FrameKind::not_tcp);
  auto fragment = good;
  fragment[kEthernetHeaderSize + 7] = 0x10;
  EXPECT_EQ(parse_frame(fragment).kind, FrameKind::not_tcp);
  auto short_ihl = good;
  short_ihl[kEthernetHeaderSize] = 0x44;
  EXPECT_EQ(parse_frame(short_ihl).kind, FrameKind::malformed);
  auto huge_ihl = good;
  huge_ihl[kEthernetHeaderSize] = 0x4f;
  EXPECT_EQ(parse_frame(huge_ihl).kind, FrameKind::malformed);
  auto long_total = good;
  long_total[kEthernetHeaderSize + 2] = 0xff;
  EXPECT_EQ(parse_frame(long_total).kind, FrameKind::malformed);
  auto v6 = good;
  v6[kEthernetHeaderSize] = 0x65;
  EXPECT_EQ(parse_frame(v6).kind, FrameKind::malformed);
  auto big_offset = good;
  big_offset[kEthernetHeaderSize + kIpv4HeaderSize + 12] = 0xf0;
  EXPECT_EQ(parse_frame(big_offset).kind, FrameKind::malformed);
  auto small_offset = good;
  small_offset[kEthernetHeaderSize + kIpv4HeaderSize + 12] = 0x40;
  EXPECT_EQ(parse_frame(small_offset).kind, FrameKind::malformed);
  auto padded = good;  // Ethernet padding after the IP packet is allowed
  padded.resize(good.size() + 10, 0);
  EXPECT_EQ(parse_frame(padded).kind, FrameKind::tcp);
}

}  // namespace
}  // namespace lw::discovery::syn
