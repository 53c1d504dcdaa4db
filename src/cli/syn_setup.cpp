#include "cli/syn_setup.h"

#include "net/discovery/syn/capabilities.h"
#include "pipeline/syn_link.h"

namespace lw::cli {

using namespace discovery::syn;

Result<SynScanner> open_syn_discovery(const pipeline::ScanConfig& config,
                                      std::vector<std::string>& notes) {
  if (!has_net_raw()) return tl::unexpected(missing_net_raw_error());
  auto options = pipeline::syn_scan_options(config, notes);
  if (!options) return tl::unexpected(options.error());
  auto scanner = SynScanner::open(*options);
  if (!scanner) return tl::unexpected(scanner.error());
  if (auto dropped = drop_capabilities(); !dropped) return tl::unexpected(dropped.error());
  notes.back() += "; capabilities dropped";
  return scanner;
}

}  // namespace lw::cli
