// Records a probe's dialogue with a real server as a transcript file (test data):
//   lw_record_dialogue <probe-id> <127.x.y.z> <port> <out.lwt> "<provenance>"
//   [--default-credentials]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "dialogue_driver.h"
#include "probes/registry.h"
#include "transcript_io.h"

int main(int argc, char** argv) {
  const bool default_credentials = argc == 7 && std::string(argv[6]) == "--default-credentials";
  if (argc != 6 && !default_credentials) {
    std::fprintf(stderr, "usage: %s PROBE IP PORT OUT PROVENANCE [--default-credentials]\n",
                 argv[0]);
    return 2;
  }
  const std::string id = argv[1];
  for (const auto& probe : lw::probes::builtin_probes()) {
    if (probe->info().id != id) continue;
    lw::ProbeOptions options;
    options.port = static_cast<std::uint16_t>(std::stoi(argv[3]));
    options.default_credentials = default_credentials;
    auto t = lw::testing::run_dialogue(*probe, options, argv[2], options.port);
    if (!t) {
      std::fprintf(stderr, "%s\n", t.error().describe().c_str());
      return 1;
    }
    auto saved = lw::testing::save_transcript(argv[4], *t, argv[5]);
    if (!saved) {
      std::fprintf(stderr, "%s\n", saved.error().describe().c_str());
      return 1;
    }
    auto obs = probe->parse(*t);
    if (!obs) {
      std::printf("%zu turns; parse error: %s\n", t->size(), obs.error().describe().c_str());
      return 0;
    }
    // LW_RECORD_FOLLOW_UPS=1: also records each follow-up dialogue as OUT_followup<N>.lwt.
    if (const char* f = std::getenv("LW_RECORD_FOLLOW_UPS"); f != nullptr && f[0] == '1') {
      std::string base = argv[4];
      if (base.size() > 4 && base.ends_with(".lwt")) base.resize(base.size() - 4);
      std::size_t n = 0;
      for (const auto& follow : probe->follow_ups(*obs, options)) {
        auto ft = lw::testing::run_dialogue(*follow, options, argv[2], options.port);
        if (!ft) continue;
        const std::string out = base + "_followup" + std::to_string(n++) + ".lwt";
        if (!lw::testing::save_transcript(out, *ft, argv[5])) return 1;
        std::printf("follow-up recorded: %s (%zu turns)\n", out.c_str(), ft->size());
      }
    }
    const auto v = probe->judge(*obs);
    std::printf("%zu turns; %s %s %s: %s (proof: %s)\n", t->size(), obs->product.c_str(),
                obs->version.c_str(), std::string(lw::to_string(v.kind)).c_str(), v.reason.c_str(),
                v.proof.c_str());
    return 0;
  }
  std::fprintf(stderr, "no probe %s\n", id.c_str());
  return 2;
}
