// Fuzzes the Solr probe: the input is split on 0xFF bytes into the replies to system info,
// cores STATUS and one select; the cores parser gets the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/solr/solr_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::SolrProbe p;
  using namespace lw::probes::solr;
  using lw::Exchange;
  lw::probes::fuzzing::exercise(
      p, input,
      {Exchange{std::string(kSystemLabel), "", 0, 0}, Exchange{std::string(kCoresLabel), "", 0, 1},
       Exchange{"GET /solr/techproducts/select?q=*:*&rows=6&wt=json", "", 0, 2, "techproducts"}});
  (void)parse_cores(input);
  return 0;
}
