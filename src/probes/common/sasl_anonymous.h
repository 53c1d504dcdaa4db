#pragma once

#include <string_view>

namespace lw::probes::sasl {

// The trace an ANONYMOUS SASL login (RFC 4505) sends: an e-mail-like string that says who is
// scanning, base64-encoded ("leakwatch@example.invalid"). Never a credential.
inline constexpr std::string_view kAnonymousTrace = "leakwatch@example.invalid";
inline constexpr std::string_view kAnonymousTraceBase64 = "bGVha3dhdGNoQGV4YW1wbGUuaW52YWxpZA==";

}  // namespace lw::probes::sasl
