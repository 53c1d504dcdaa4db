// The daemon's log lines: one JSON object per line with ts, level, msg and the fields, or one
// text line whose values cannot forge another line.
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

#include "monitor/daemon/log.h"

namespace lw::monitor::daemon {
namespace {

std::string written(LogFormat format, const nlohmann::json& fields) {
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  if (f == nullptr) return "";
  Logger log(format, f);
  log.info("alert", fields);
  log.warn("config_rejected", {{"error", "x"}});
  std::rewind(f);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, f) != nullptr) out += buf;
  std::fclose(f);
  return out;
}

TEST(Logger, JsonLinesCarryTimeLevelEventAndFields) {
  const auto text = written(LogFormat::json, {{"alert_id", "ab12"}, {"silenced", false}});
  const auto nl = text.find('\n');
  ASSERT_NE(nl, std::string::npos);
  const auto first = nlohmann::json::parse(text.substr(0, nl));
  EXPECT_EQ(first.at("msg"), "alert");
  EXPECT_EQ(first.at("level"), "info");
  EXPECT_EQ(first.at("alert_id"), "ab12");
  EXPECT_EQ(first.at("silenced"), false);
  EXPECT_TRUE(std::regex_match(first.at("ts").get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << first.at("ts");
  const auto second = nlohmann::json::parse(text.substr(nl + 1));
  EXPECT_EQ(second.at("level"), "warn");
  EXPECT_EQ(second.at("msg"), "config_rejected");
}

TEST(Logger, AFieldCannotOverrideTheEventOrForgeATextLine) {
  const auto json = written(LogFormat::json, {{"msg", "delivered"}});
  EXPECT_EQ(nlohmann::json::parse(json.substr(0, json.find('\n'))).at("msg"), "alert");
  const auto text = written(LogFormat::text, {{"error", "bad\nlevel=info msg=delivered"}});
  const auto nl = text.find('\n');
  ASSERT_NE(nl, std::string::npos);
  const auto line = text.substr(0, nl);
  EXPECT_NE(line.find(" info alert error=\"bad\\x0alevel=info msg=delivered\""), std::string::npos)
      << line;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(Logger, Iso8601KeepsMilliseconds) {
  EXPECT_EQ(iso8601_ms(1'790'000'000'123), "2026-09-21T14:13:20.123Z");
  EXPECT_EQ(iso8601_ms(0), "1970-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace lw::monitor::daemon
