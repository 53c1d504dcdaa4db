#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::probes {

// A Sample content type for raw bytes read from a store: "json" when it looks like a JSON
// object or array, "binary" when more than an eighth of the first 512 bytes are control or NUL
// bytes, otherwise "text".
std::string_view guess_content_type(std::string_view data) noexcept;

// Rows of a SQL result as sample text, one line per row: "col=value; col=value". NULL for a
// null value; each value cut to `value_cap` bytes and the whole text to `max_bytes`.
std::string render_rows(const std::vector<std::string>& columns,
                        const std::vector<std::vector<std::optional<std::string>>>& rows,
                        std::size_t max_bytes, std::size_t value_cap);

}  // namespace lw::probes
