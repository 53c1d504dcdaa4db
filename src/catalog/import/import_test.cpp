#include "catalog/import/import.h"

#include <gtest/gtest.h>

namespace lw::catalog {
namespace {

std::string data(const std::string& name) {
  auto text = read_file_bounded(std::string(LW_SOURCE_DIR) + "/src/catalog/testdata/import/" + name,
                                kMaxImportBytes);
  EXPECT_TRUE(text) << name;
  return text ? *text : std::string();
}

std::vector<std::string> endpoints(const ImportResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.services)
    out.push_back(s.address.to_string() + ":" + std::to_string(s.port));
  return out;
}

TEST(Import, NmapXmlFromARealScan) {
  const auto text = data("nmap_loopback.xml");
  ASSERT_EQ(*detect_import_format(text), ImportFormat::nmap_xml);
  auto r = parse_import(text, ImportFormat::nmap_xml, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(endpoints(*r), std::vector<std::string>{"127.0.0.1:18080"});
  EXPECT_EQ(r->skipped, 2u);  // two closed ports
  EXPECT_EQ(r->services[0].host_name, "localhost");
  EXPECT_EQ(r->services[0].service, "unknown");
  EXPECT_EQ(r->services[0].time_ms, 1'795'306'668'000);
}

TEST(Import, MasscanJsonMergesBannerRecordsAndSkipsUdp) {
  const auto text = data("masscan_1.3.json");
  ASSERT_EQ(*detect_import_format(text), ImportFormat::masscan_json);
  auto r = parse_import(text, ImportFormat::masscan_json, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(endpoints(*r), (std::vector<std::string>{"127.0.0.1:18080", "127.0.0.2:6379"}));
  EXPECT_EQ(r->services[1].service, "redis");
  EXPECT_EQ(r->skipped, 1u);
  EXPECT_EQ(r->services[0].time_ms, 1'795'306'668'000);
}

// Found by lw_catalog_masscan_json_fuzz (a number where masscan writes a string threw from
// nlohmann's value() and ended the process); the input is kept as a fuzz seed.
TEST(Import, MasscanJsonMemberOfTheWrongTypeIsAParseError) {
  for (const char* text :
       {R"([{"ip": "127.0.0.1", "ports": [{"port": 2758, "proto": "tcp", "status": 3}]}])",
        R"([{"ip": "127.0.0.1", "ports": [{"port": 2758, "proto": 6, "status": "open"}]}])"}) {
    auto r = parse_import(text, ImportFormat::masscan_json, {});
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, ErrorCode::parse_error);
    EXPECT_NE(r.error().describe().find("must be strings"), std::string::npos);
  }
  auto r = parse_import(
      R"([{"ip": "127.0.0.1", "ports": [{"port": 1, "status": "open", "service": {"name": 7}}]}])",
      ImportFormat::masscan_json, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->services.at(0).service, "");
}

TEST(Import, MasscanLegacyJson) {
  auto r = parse_import(data("masscan_1.0_legacy.json"), ImportFormat::masscan_json, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(endpoints(*r), std::vector<std::string>{"127.0.0.4:9200"});
}

TEST(Import, MasscanList) {
  const auto text = data("masscan_1.3.txt");
  ASSERT_EQ(*detect_import_format(text), ImportFormat::masscan_list);
  auto r = parse_import(text, ImportFormat::masscan_list, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(endpoints(*r), (std::vector<std::string>{"127.0.0.1:18080", "127.0.0.2:6379"}));
  EXPECT_EQ(r->skipped, 1u);
}

TEST(Import, ZmapCsvWithFieldsAndDefaultOutput) {
  auto r = parse_import(data("zmap_fields.csv"), ImportFormat::zmap_csv, {});
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(endpoints(*r), (std::vector<std::string>{"127.0.0.1:18080", "127.0.0.2:6379"}));
  EXPECT_EQ(r->skipped, 1u);
  auto no_port = parse_import(data("zmap_default.csv"), ImportFormat::zmap_csv, {});
  ASSERT_FALSE(no_port);
  EXPECT_EQ(no_port.error().where, "line 1");
  ImportOptions o;
  o.default_port = 9200;
  auto with_port = parse_import(data("zmap_default.csv"), ImportFormat::zmap_csv, o);
  ASSERT_TRUE(with_port);
  EXPECT_EQ(endpoints(*with_port), (std::vector<std::string>{"127.0.0.1:9200", "127.0.0.2:9200"}));
}

// Every format, cut at every byte: a value or a clear error, never a crash, and a cut file is
// never taken for a whole one when the format marks its end.
TEST(Import, TruncationAtEveryByte) {
  const std::pair<const char*, ImportFormat> files[] = {
      {"nmap_loopback.xml", ImportFormat::nmap_xml},
      {"masscan_1.3.json", ImportFormat::masscan_json},
      {"masscan_1.3.txt", ImportFormat::masscan_list},
      {"zmap_fields.csv", ImportFormat::zmap_csv}};
  for (const auto& [name, format] : files) {
    const auto text = data(name);
    const auto whole = parse_import(text, format, {});
    ASSERT_TRUE(whole);
    for (std::size_t cut = 0; cut + 1 < text.size(); ++cut) {
      auto r = parse_import(std::string_view(text).substr(0, cut), format, {});
      if (format != ImportFormat::zmap_csv && cut + 1 < text.find_last_not_of("\n") + 1) {
        EXPECT_FALSE(r) << name << " cut at " << cut;
      }
      if (!r) {
        EXPECT_FALSE(r.error().where.empty()) << name << " cut at " << cut;
      } else {
        EXPECT_LE(r->services.size(), whole->services.size());
      }
    }
  }
}

TEST(Import, HostileInputs) {
  EXPECT_EQ(parse_masscan_json(std::string(100, '['), {}).error().code, ErrorCode::too_deep);
  EXPECT_FALSE(parse_masscan_json(R"([{"ip":"1.2.3.4","ports":[{"port":70000}]}])", {}));
  EXPECT_FALSE(parse_masscan_json(R"([{"ip":"x","ports":[]}])", {}));
  EXPECT_FALSE(parse_nmap_xml("<nmaprun><host><host></host></nmaprun>", {}));
  EXPECT_FALSE(
      parse_nmap_xml("<nmaprun><host><port portid=\"99999\"></port></host></nmaprun>", {}));
  EXPECT_FALSE(parse_nmap_xml("<html></html>", {}));
  EXPECT_FALSE(parse_masscan_list("#masscan\nopen tcp 80\n# end\n", {}));
  EXPECT_FALSE(parse_zmap_csv("saddr,sport\n1.2.3.4\n", {}));
  // Found by fuzzing: a timestamp whose milliseconds overflow, a header without saddr.
  EXPECT_FALSE(parse_masscan_list("open tcp 1 1.2.3.4 179530666999999998\n# end\n", {}));
  EXPECT_FALSE(parse_zmap_csv("saddr#x,sport\n1.2.3.4,80\n", {}));
  EXPECT_FALSE(parse_zmap_csv("saddr,sport,timestamp_ts\n1.2.3.4,80,9223372036854775807\n", {}));
  auto far = parse_masscan_json(
      R"([{"ip":"1.2.3.4","timestamp":"9223372036854775807","ports":[{"port":1,"status":"open"}]}])",
      {});
  ASSERT_TRUE(far);
  EXPECT_EQ(far->services.at(0).time_ms, 0);  // out of range: the import's own time (0 here)
  ImportOptions small;
  small.max_services = 1;
  EXPECT_EQ(parse_masscan_list("open tcp 1 127.0.0.1 1\nopen tcp 2 127.0.0.1 1\n# end\n", small)
                .error()
                .code,
            ErrorCode::too_large);
}

}  // namespace
}  // namespace lw::catalog
