// Fuzzes the CouchDB probe: the input is split on 0xFF bytes into the replies to GET /,
// GET /_all_dbs and one _all_docs; the _all_dbs parser also gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/couchdb/couchdb_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::CouchdbProbe p;
  using lw::Exchange;
  lw::probes::fuzzing::exercise(
      p, input,
      {Exchange{"GET /", "", 0, 0}, Exchange{"GET /_all_dbs", "", 0, 1},
       Exchange{"GET /customers/_all_docs?limit=6&include_docs=true", "", 0, 2, "customers"}});
  (void)lw::probes::couchdb::parse_all_dbs(input);
  return 0;
}
