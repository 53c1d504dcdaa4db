// Fuzzes the ClickHouse probe: the input is split on 0xFF bytes into the replies to version(),
// the table list, the table sizes and one table sample; JSONCompact parsing gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/clickhouse/clickhouse_probe.h"
#include "probes/common/fuzz_transcript.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::ClickhouseProbe p;
  using namespace lw::probes::clickhouse;
  lw::probes::fuzzing::exercise(
      p, input, {kVersionLabel, kTablesLabel, kSizesLabel, "SELECT * FROM shop.customers"});
  (void)parse_compact(input);
  return 0;
}
