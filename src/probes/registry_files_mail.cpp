#include "probes/registry.h"

namespace lw::probes {

void append_files_mail_probes(ProbeList& list) {
  (void)list;
}

}  // namespace lw::probes
