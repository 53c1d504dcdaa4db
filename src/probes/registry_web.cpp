#include "probes/registry.h"

namespace lw::probes {

void append_web_probes(ProbeList& list) {
  (void)list;
}

}  // namespace lw::probes
