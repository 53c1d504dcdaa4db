// Runs each probe named in the lab's ground truth against its address with the test dialogue
// driver and compares verdict, product and version (until the engine can scan the lab):
//   lw_lab_truth_check [TRUTH.jsonl] [PROBE...]
// Exit 0 when every checked line matches. Loopback only (the driver refuses anything else).
#include <cstdio>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "dialogue_driver.h"
#include "probes/registry.h"

int main(int argc, char** argv) {
  std::string path = ".lab/truth.jsonl";
  std::set<std::string> only;
  if (argc > 1) path = argv[1];
  for (int i = 2; i < argc; ++i) only.insert(argv[i]);
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s (run scripts/lab up)\n", path.c_str());
    return 2;
  }
  const auto probes = lw::probes::builtin_probes();
  int checked = 0;
  int bad = 0;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    const std::string id = j.value("probe", "");
    if (!only.empty() && !only.count(id)) continue;
    const lw::Probe* probe = nullptr;
    for (const auto& p : probes) {
      if (p->info().id == id) probe = p.get();
    }
    const std::string where = j.value("ip", "") + ":" + std::to_string(j.value("port", 0));
    ++checked;
    if (probe == nullptr) {
      std::printf("MISSING PROBE %-10s %s\n", id.c_str(), where.c_str());
      ++bad;
      continue;
    }
    lw::ProbeOptions options;
    options.port = static_cast<std::uint16_t>(j.value("port", 0));
    auto t = lw::testing::run_dialogue(*probe, options, j.value("ip", ""), options.port);
    std::string verdict = "error";
    std::string product;
    std::string version;
    std::string reason;
    if (!t) {
      reason = t.error().describe();
    } else if (auto obs = probe->parse(*t)) {
      const auto v = probe->judge(*obs);
      verdict = std::string(lw::to_string(v.kind));
      product = obs->product;
      version = obs->version;
      reason = v.reason;
    } else {
      reason = obs.error().describe();
    }
    const bool ok = verdict == j.value("verdict", "") && product == j.value("product", "") &&
                    version == j.value("version", "");
    if (!ok) ++bad;
    std::printf("%s %-10s %-22s %-13s %s %s%s%s\n", ok ? "ok  " : "FAIL", id.c_str(), where.c_str(),
                verdict.c_str(), product.c_str(), version.c_str(), ok ? "" : "  expected ",
                ok ? "" : line.c_str());
    if (!ok) std::printf("       reason: %s\n", reason.c_str());
  }
  std::printf("%d checked, %d mismatches\n", checked, bad);
  return bad == 0 ? 0 : 1;
}
