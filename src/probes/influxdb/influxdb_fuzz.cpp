// Fuzzes the InfluxDB probe: the input is split on 0xFF bytes into the replies to /ping,
// SHOW DATABASES, SHOW MEASUREMENTS and one SELECT; the /query parser gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/influxdb/influxdb_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::InfluxdbProbe p;
  lw::probes::fuzzing::exercise(p, input,
                                {"GET /ping", "SHOW DATABASES", "SHOW MEASUREMENTS ON telemetry",
                                 "SELECT * FROM telemetry.logins"});
  (void)lw::probes::influxdb::parse_query(input);
  return 0;
}
