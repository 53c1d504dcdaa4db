#include "probes/registry.h"

#include "probes/banner/banner_probe.h"

namespace lw::probes {

ProbeList builtin_probes() {
  ProbeList list;
  append_database_probes(list);
  append_web_probes(list);
  append_files_mail_probes(list);
  list.push_back(std::make_unique<BannerProbe>());
  return list;
}

}  // namespace lw::probes
