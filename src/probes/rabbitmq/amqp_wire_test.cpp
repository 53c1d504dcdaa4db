#include "probes/rabbitmq/amqp_wire.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "probes/common/byte_reader.h"
#include "probes/common/test_support.h"

namespace lw::probes::amqp {
namespace {

// Replies recorded from Debian 12's rabbitmq-server 3.10.8 (provenance line in each file).
std::string recorded_reply(const std::string& file, std::size_t turn) {
  const Transcript t = testing::recorded("rabbitmq/testdata/recorded/" + file);
  return turn < t.size() ? t[turn].reply : std::string();
}

std::string frame_of(std::uint8_t type, std::string_view payload) {
  std::string f;
  put_u8(f, type);
  put_u16be(f, 0);
  put_u32be(f, static_cast<std::uint32_t>(payload.size()));
  f.append(payload);
  put_u8(f, kFrameEnd);
  return f;
}

std::string field(std::string_view key, char type, std::string_view value) {
  std::string out;
  put_u8(out, static_cast<std::uint8_t>(key.size()));
  out.append(key);
  out += type;
  out.append(value);
  return out;
}

std::string long_str(std::string_view s) {
  std::string out;
  put_u32be(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
  return out;
}

std::string value_of(const FlatTable& t, std::string_view key) {
  for (const auto& [k, v] : t) {
    if (k == key) return v;
  }
  return "<missing>";
}

}  // namespace

TEST(AmqpWire, RecordedConnectionStartOfRabbitmq3108) {
  const std::string reply = recorded_reply("amqp_stock_3.10.8.lwt", 0);
  ASSERT_EQ(reply.size(), 505u);
  auto f = parse_frame(reply);
  ASSERT_TRUE(f && *f);
  EXPECT_EQ((*f)->type, kFrameMethod);
  EXPECT_EQ((*f)->channel, 0);
  EXPECT_EQ((*f)->size, reply.size());
  auto m = parse_method(**f);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->class_id, kClassConnection);
  EXPECT_EQ(m->method_id, kMethodStart);
  auto s = parse_connection_start(m->args);
  ASSERT_TRUE(s) << s.error().describe();
  EXPECT_EQ(s->version_major, 0);
  EXPECT_EQ(s->version_minor, 9);
  EXPECT_EQ(value_of(s->server_properties, "product"), "RabbitMQ");
  EXPECT_EQ(value_of(s->server_properties, "version"), "3.10.8");
  EXPECT_EQ(value_of(s->server_properties, "capabilities.publisher_confirms"), "true");
  EXPECT_EQ(value_of(s->server_properties, "capabilities.authentication_failure_close"), "true");
  EXPECT_NE(value_of(s->server_properties, "cluster_name").find("lwlab81@"), std::string::npos);
  EXPECT_EQ(s->mechanisms, (std::vector<std::string>{"AMQPLAIN", "PLAIN"}));
  EXPECT_EQ(s->locales, std::vector<std::string>{"en_US"});
  EXPECT_EQ(frame_reply(reply), Framing::complete);
}

TEST(AmqpWire, RecordedTuneAndAccessRefusedClose) {
  const std::string tune = recorded_reply("amqp_guest_accepted_3.10.8.lwt", 1);
  auto f = parse_frame(tune);
  ASSERT_TRUE(f && *f);
  auto m = parse_method(**f);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->method_id, kMethodTune);

  const std::string close = recorded_reply("amqp_guest_refused_3.10.8.lwt", 1);
  f = parse_frame(close);
  ASSERT_TRUE(f && *f);
  m = parse_method(**f);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->method_id, kMethodClose);
  auto c = parse_connection_close(m->args);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->reply_code, 403);
  EXPECT_TRUE(c->reply_text.starts_with("ACCESS_REFUSED")) << c->reply_text;
}

TEST(AmqpWire, RecordedProtocolHeaderOfAnotherVersion) {
  const std::string reply = recorded_reply("amqp_other_version_3.10.8.lwt", 0);
  auto h = parse_protocol_header(reply);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->c, 9);
  EXPECT_EQ(h->d, 1);
  EXPECT_EQ(frame_reply(reply), Framing::complete);
  EXPECT_EQ(frame_reply("AMQ"), Framing::need_more);
  EXPECT_EQ(frame_reply("AMXP"), Framing::invalid);
}

TEST(AmqpWire, TruncationAtEveryByteNeedsMore) {
  const std::string reply = recorded_reply("amqp_stock_3.10.8.lwt", 0);
  ASSERT_FALSE(reply.empty());
  for (std::size_t n = 0; n < reply.size(); ++n) {
    const std::string_view cut(reply.data(), n);
    auto f = parse_frame(cut);
    ASSERT_TRUE(f) << n;
    EXPECT_FALSE(*f) << n;
    EXPECT_EQ(frame_reply(cut), Framing::need_more) << n;
  }
  // The Start method's arguments cut anywhere: an Error or a value, never a read past the end.
  auto m = parse_method(**parse_frame(reply));
  ASSERT_TRUE(m);
  for (std::size_t n = 0; n < m->args.size(); ++n) {
    const std::string copy(m->args.substr(0, n));  // exactly sized: ASan sees an over-read
    (void)parse_connection_start(copy);
  }
}

TEST(AmqpWire, OtherProtocolsAreNotFrames) {
  for (const std::string_view reply :
       {"HTTP/1.1 400 Bad Request\r\n\r\n", "SSH-2.0-OpenSSH_9.2\r\n", "-ERR unknown command\r\n",
        "220 ftp ready\r\n"}) {
    EXPECT_EQ(frame_reply(reply), Framing::invalid) << reply;
    EXPECT_FALSE(parse_frame(reply)) << reply;
  }
}

TEST(AmqpWire, HostileLengthsAreRefusedBeforeUse) {
  std::string huge;
  put_u8(huge, kFrameMethod);
  put_u16be(huge, 0);
  put_u32be(huge, 0xFFFFFFFFu);
  auto f = parse_frame(huge);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::too_large);
  EXPECT_EQ(frame_reply(huge), Framing::invalid);

  std::string bad_end = frame_of(kFrameMethod, "abcd");
  bad_end.back() = 'x';
  EXPECT_FALSE(parse_frame(bad_end));

  // A long string that claims more bytes than the table holds.
  std::string lying = field("k", 'S', "");
  put_u32be(lying, 1000);
  lying += "short";
  EXPECT_FALSE(parse_table(lying));
  EXPECT_FALSE(parse_table(field("k", 'Z', "")));    // unknown field type
  EXPECT_FALSE(parse_table(field("k", 'I', "ab")));  // short fixed value
}

TEST(AmqpWire, DeepAndWideTablesHitTheirCaps) {
  std::string table = field("leaf", 't', std::string(1, '\1'));
  for (std::size_t i = 0; i < kMaxTableDepth + 2; ++i) table = field("n", 'F', long_str(table));
  auto deep = parse_table(table);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::too_deep);

  std::string items = "V";  // an array holding an array holding ... a void
  for (std::size_t i = 0; i < kMaxTableDepth + 2; ++i) items = "A" + long_str(items);
  auto nested = parse_table(field("a", 'A', long_str(items)));
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().code, ErrorCode::too_deep);

  std::string wide;
  for (std::size_t i = 0; i <= kMaxTableEntries; ++i) wide += field("k", 'b', "1");
  auto w = parse_table(wide);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::too_large);

  std::string many;
  for (std::size_t i = 0; i <= kMaxTableEntries; ++i) many += "b1";
  auto a = parse_table(field("arr", 'A', long_str(many)));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::too_large);

  auto ok = parse_table(field("arr", 'A', long_str("b1Sxxxx" + std::string("\0\0\0\0", 4))));
  EXPECT_FALSE(ok);  // 'S' with length "xxxx" runs past the array
  auto fine = parse_table(field("arr", 'A', long_str(std::string("b1I\0\0\0\7", 7))));
  ASSERT_TRUE(fine);
  EXPECT_EQ(value_of(*fine, "arr"), "[2 items]");
}

TEST(AmqpWire, StartOkPlainRoundTrips) {
  const std::string frame = start_ok_plain("guest", "guest");
  auto f = parse_frame(frame);
  ASSERT_TRUE(f && *f);
  EXPECT_EQ((*f)->size, frame.size());
  auto m = parse_method(**f);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->class_id, kClassConnection);
  EXPECT_EQ(m->method_id, kMethodStartOk);
  ByteReader r(m->args);
  const auto props_len = r.u32be();
  ASSERT_TRUE(props_len);
  auto props = parse_table(*r.bytes(*props_len));
  ASSERT_TRUE(props);
  EXPECT_EQ(value_of(*props, "product"), "leakwatch");
  EXPECT_EQ(value_of(*props, "capabilities.authentication_failure_close"), "true");
  const auto mech_len = r.u8();
  EXPECT_EQ(*r.bytes(*mech_len), "PLAIN");
  const auto resp_len = r.u32be();
  EXPECT_EQ(*r.bytes(*resp_len), std::string_view("\0guest\0guest", 12));
  const auto locale_len = r.u8();
  EXPECT_EQ(*r.bytes(*locale_len), "en_US");
  EXPECT_TRUE(r.empty());
}

}  // namespace lw::probes::amqp
