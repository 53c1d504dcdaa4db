#pragma once

#include <string>

#include "core/service_record.h"

namespace lw::catalog {

// The JSON Lines form of docs/schema.md (the same document as lw::to_json(record).dump()),
// written directly into `out`: the ingest path's hot spot. Invalid UTF-8 becomes U+FFFD, so
// hostile bytes in a product string can never make serialisation fail.
void append_record_json(const ServiceRecord&, std::string& out);

// A JSON string literal, quoted and escaped.
void append_json_string(std::string_view, std::string& out);

}  // namespace lw::catalog
