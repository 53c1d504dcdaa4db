// Fuzzes the Consul probe: the input is split on 0xFF bytes into the replies to agent/self,
// catalog/nodes, the key list and one key read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/consul/consul_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::ConsulProbe p;
  using namespace lw::probes::consul;
  lw::probes::fuzzing::exercise(
      p, input, {kSelfLabel, kNodesLabel, kKeysLabel, "GET /v1/kv/app/config/db_password"});
  return 0;
}
