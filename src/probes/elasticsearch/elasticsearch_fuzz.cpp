// Fuzzes the Elasticsearch probe: the input is split on 0xFF bytes into the replies to GET /,
// _cat/indices and one _search; the _cat/indices parser also gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/elasticsearch/elasticsearch_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::ElasticsearchProbe p;
  using lw::Exchange;
  lw::probes::fuzzing::exercise(
      p, input,
      {Exchange{"GET /", "", 0, 0}, Exchange{"GET /_cat/indices", "", 0, 1},
       Exchange{"GET /my-index-000001/_search?size=6&q=*&terminate_after=6", "", 0, 2,
                "my-index-000001"}});
  (void)lw::probes::elasticsearch::parse_cat_indices(input);
  return 0;
}
