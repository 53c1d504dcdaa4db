#pragma once

#include "pipeline/known_services.h"

namespace lw::cli {

// The catalog's known services as the scan's seen_before lookup (pipeline/known_services.h).
using pipeline::kMaxKnownServices;
using pipeline::known_services;
using pipeline::SeenBefore;

}  // namespace lw::cli
