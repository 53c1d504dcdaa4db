#include "cli/scan_setup.h"

namespace lw::cli {

// Until the classifier library is part of the build, scans record samples' counts only.
void install_classifier(pipeline::ScanHooks&, const ScanArguments&) {}

}  // namespace lw::cli
