#include <cstddef>
#include <cstdint>
#include <string_view>

#include "notify/notification.h"
#include "notify/render.h"

// What the catalog outbox stored, read back; a parsed notification must also render.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto n = lw::notify::notification_from_json_text(text);
  if (n) {
    (void)lw::notify::render_webhook(*n);
    (void)lw::notify::render_syslog(*n, "h", 0);
  }
  return 0;
}
