// Fuzz target: the ransom-note recogniser (compromise.h) on hostile sample text, names and
// metadata. The input is split at the first newline: the head is the sample's source name, the
// rest its content; the whole input is also tried as metadata JSON and as a note to mask.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "pipeline/compromise.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An exactly-sized heap copy, so an over-read trips AddressSanitizer.
  auto buf = std::make_unique<char[]>(size);
  if (size > 0) std::memcpy(buf.get(), data, size);
  const std::string_view in(buf.get(), size);
  const auto nl = in.find('\n');
  const std::string_view name = in.substr(0, nl == std::string_view::npos ? in.size() : nl);
  const std::string_view body =
      nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  std::vector<lw::Sample> samples{lw::Sample{std::string(name), "text", std::string(body)}};
  auto md = nlohmann::json::parse(in.begin(), in.end(), nullptr, false);
  if (md.is_discarded()) md = nlohmann::json::object();
  const auto c = lw::pipeline::find_compromise(samples, md);
  if (c.found && c.note.empty()) __builtin_trap();
  const auto masked = lw::pipeline::mask_note(in, 240);
  if (masked.size() > 240) __builtin_trap();
  return 0;
}
