// Integration: syslog lines to a real rsyslogd (Debian rsyslog) run by this test with its own
// configuration (tests/integration/support/mail_server.h): imudp and imtcp (octet-counted
// framing) on 127.0.4.43:5514, every message written to a file in RFC 5424 form
// (RSYSLOG_SyslogProtocol23Format) that the test reads.
#include <gtest/gtest.h>

#include <chrono>

#include "notify/deliver.h"
#include "notify/notify_test_util.h"
#include "support/mail_server.h"

namespace lw::notify {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAddr = "127.0.4.43";
constexpr int kPort = 5514;

class SyslogDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(rsyslogd_.start(kAddr, kPort), "");
    out_ = rsyslogd_.output();
  }

  Channel channel(const std::string& transport) const {
    Channel c;
    c.name = "siem";
    c.kind = ChannelKind::syslog;
    c.syslog_host = kAddr;
    c.syslog_port = kPort;
    c.syslog_transport = transport;
    c.timeout = 5s;
    return c;
  }

  lw::testing::RsyslogServer rsyslogd_;
  std::string out_;
};

TEST_F(SyslogDelivery, TcpOctetCountedLinesArriveOneEach) {
  Notification n = testing::sample_notification(3);
  n.alerts[2].summary = "a summary with a\nnewline and ] \" \\ in it";
  const auto r = deliver(channel("tcp"), n, 1796540460123);
  ASSERT_EQ(r.status, DeliveryStatus::delivered) << r.error;
  const std::string got = testing::wait_for_text(out_, "[leakwatch@32473 ", 20s, 3);
  // rsyslog split the stream on the octet counts: three records, each whole.
  std::size_t records = 0;
  for (auto at = got.find("<34>1 2026-12-06T07:01:00.123Z "); at != std::string::npos;
       at = got.find("<34>1 2026-12-06T07:01:00.123Z ", at + 1)) {
    ++records;
  }
  EXPECT_EQ(records, 3u) << got;
  EXPECT_NE(got.find(" leakwatch - sensitive_data [leakwatch@32473 alert_id=\"al-7f3a9c0d2\" "
                     "rule=\"sensitive_data\" status=\"firing\" severity=\"critical\" "
                     "service=\"127.0.1.3:6379/tcp\""),
            std::string::npos)
      << got;
  EXPECT_NE(got.find("a summary with a newline and ] \" \\ in it"), std::string::npos) << got;
}

TEST_F(SyslogDelivery, UdpDatagramArrives) {
  Notification n = testing::sample_notification();
  n.alerts[0].status = "resolved";
  const auto r = deliver(channel("udp"), n, 1796540460123);
  ASSERT_EQ(r.status, DeliveryStatus::delivered) << r.error;
  const std::string got = testing::wait_for_text(out_, "al-7f3a9c0d0", 20s);
  EXPECT_NE(got.find("<38>1 2026-12-06T07:01:00.123Z "), std::string::npos)
      << got;  // resolved: info
  EXPECT_NE(got.find("status=\"resolved\""), std::string::npos) << got;
}

TEST_F(SyslogDelivery, NoListenerOnTcpIsRetried) {
  Channel c = channel("tcp");
  c.syslog_port = kPort + 1;
  const auto r = deliver(c, testing::sample_notification(), 0);
  EXPECT_EQ(r.status, DeliveryStatus::retry);
  EXPECT_NE(r.error.find("syslog"), std::string::npos);
}

}  // namespace
}  // namespace lw::notify
