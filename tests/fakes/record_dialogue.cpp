// Records a probe's dialogue with a real server as a transcript file (test data):
//   lw_record_dialogue <probe-id> <127.x.y.z> <port> <out.lwt> "<provenance>"
#include <cstdio>
#include <string>

#include "dialogue_driver.h"
#include "probes/registry.h"
#include "transcript_io.h"

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s PROBE IP PORT OUT PROVENANCE\n", argv[0]);
    return 2;
  }
  const std::string id = argv[1];
  for (const auto& probe : lw::probes::builtin_probes()) {
    if (probe->info().id != id) continue;
    lw::ProbeOptions options;
    options.port = static_cast<std::uint16_t>(std::stoi(argv[3]));
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
    const auto v = probe->judge(*obs);
    std::printf("%zu turns; %s %s %s: %s (proof: %s)\n", t->size(), obs->product.c_str(),
                obs->version.c_str(), std::string(lw::to_string(v.kind)).c_str(), v.reason.c_str(),
                v.proof.c_str());
    return 0;
  }
  std::fprintf(stderr, "no probe %s\n", id.c_str());
  return 2;
}
