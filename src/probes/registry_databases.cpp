#include "probes/registry.h"

namespace lw::probes {

void append_database_probes(ProbeList& list) {
  (void)list;
}

}  // namespace lw::probes
