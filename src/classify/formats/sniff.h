#pragma once

#include <string_view>

namespace lw::classify {

// Guesses a content type from the first bytes: "gzip", "pdf", "zip" (DOCX/XLSX are zip),
// "email", "json", "csv", "tsv" or "text".
std::string_view sniff_content_type(std::string_view data) noexcept;

}  // namespace lw::classify
