// Fuzzes the etcd probe: the input is split on 0xFF bytes into the replies to GET /version and
// the three range requests.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/etcd/etcd_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::EtcdProbe p;
  using namespace lw::probes::etcd;
  lw::probes::fuzzing::exercise(p, input, {kVersionLabel, kCountLabel, kKeysLabel, kValuesLabel});
  return 0;
}
