// The catalog commands end to end, through the same entry points leakwatch's main.cpp calls,
// on a temporary SQLite catalog fed by a real Nmap XML file.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "catalog/catalog_test_util.h"

#include "support/shell_run.h"

namespace lw::catalog {
namespace {

struct CommandRun {
  int status = -1;
  std::string out;
  std::string err;
};

class CatalogCli : public ::testing::Test {
 protected:
  CommandRun run(const std::string& args) {
    auto r = lw::testing::run_shell(std::string(LW_BINARY_DIR) + "/leakwatch " + args,
                                    (dir_.path() / "stderr.txt").string());
    return {r.status, std::move(r.out), std::move(r.err)};
  }
  std::string db() const { return "--db '" + (dir_.path() / "c.db").string() + "'"; }
  std::string data(const std::string& name) const {
    return "'" + std::string(LW_SOURCE_DIR) + "/src/catalog/testdata/import/" + name + "'";
  }

  testing::TempDir dir_;
};

TEST_F(CatalogCli, ImportSearchHostHistoryExportPrune) {
  auto imp = run("import " + data("nmap_loopback.xml") + " " + db() + " --scan-id nmap1");
  ASSERT_EQ(imp.status, 0) << imp.err;
  EXPECT_NE(imp.err.find("1 open TCP services into scan nmap1"), std::string::npos) << imp.err;
  auto imp2 = run("import " + data("masscan_1.3.json") + " " + db());
  ASSERT_EQ(imp2.status, 0) << imp2.err;

  auto s = run("search port:18080 --facets verdict,port --json " + db());
  ASSERT_EQ(s.status, 0) << s.err;
  auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["services"][0]["ip"], "127.0.0.1");
  EXPECT_EQ(j["services"][0]["observations"], 2);  // seen by both imports
  EXPECT_EQ(j["facets"]["verdict"][0]["value"], "unknown");

  auto table = run("search " + db() + " --facets port");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("2 services"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("port:\n"), std::string::npos) << table.out;

  auto h = run("host 127.0.0.1 --tag lab --json " + db());
  ASSERT_EQ(h.status, 0) << h.err;
  auto hj = nlohmann::json::parse(h.out);
  EXPECT_EQ(hj["names"][0], "localhost");
  EXPECT_EQ(hj["tags"][0], "lab");
  EXPECT_EQ(hj["services"].size(), 1u);
  auto tagged = run("search tag:lab --json " + db());
  EXPECT_EQ(nlohmann::json::parse(tagged.out)["total"], 1);

  auto hist = run("history 127.0.0.1:18080 --json " + db());
  ASSERT_EQ(hist.status, 0) << hist.err;
  auto hj2 = nlohmann::json::parse(hist.out);
  EXPECT_EQ(hj2["observations"].size(), 2u);
  EXPECT_EQ(hj2["events"][0]["event"], "new_service");

  auto csv = run("export services --format csv " + db());
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("ip,port,transport,", 0), 0u);
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 3);  // header + 2 services

  auto events = run("export events " + db());
  ASSERT_EQ(events.status, 0) << events.err;
  std::istringstream lines(events.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    auto e = nlohmann::json::parse(line);
    EXPECT_EQ(e["type"], "leakwatch.event");
  }
  EXPECT_EQ(n, 2);
  EXPECT_EQ(run("export events --format csv " + db()).status, 2);

  auto prune = run("prune --keep 0 --json " + db());
  ASSERT_EQ(prune.status, 0) << prune.err;
  EXPECT_EQ(nlohmann::json::parse(prune.out)["deleted"], 0);  // first and last are kept
}

TEST_F(CatalogCli, BadQueryPointsAtItsColumn) {
  ASSERT_EQ(run("import " + data("nmap_loopback.xml") + " " + db()).status, 0);
  auto r = run("search verdict:open prot:80 " + db());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("column 14: unknown filter 'prot'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n  verdict:open prot:80\n               ^"), std::string::npos) << r.err;
}

TEST_F(CatalogCli, TruncatedImportIsRefusedAndStoresNothing) {
  const auto cut = dir_.path() / "cut.xml";
  {
    std::ifstream in(std::string(LW_SOURCE_DIR) + "/src/catalog/testdata/import/nmap_loopback.xml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::ofstream(cut) << ss.str().substr(0, ss.str().size() / 2);
  }
  auto r = run("import '" + cut.string() + "' " + db());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  // Refused before the catalog is opened: none was created (search then refuses it too).
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "c.db"));
  auto s = run("search --json " + db());
  EXPECT_EQ(s.status, 2) << s.err;
}

TEST_F(CatalogCli, CorruptCatalogIsAClearFailure) {
  std::ofstream(dir_.path() / "c.db") << std::string(8192, 'x');
  auto r = run("search " + db());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("corrupt or not a SQLite database"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lw::catalog
