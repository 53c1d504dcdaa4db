#pragma once

#include <string>
#include <string_view>

#include "core/probe.h"
#include "core/result.h"

namespace lw::testing {

// A byte-exact, binary-safe file form of a Transcript, for recorded replies kept as test data:
//   LWT1\n
//   # free text provenance lines\n
//   turn <end> <label bytes> <request bytes> <reply bytes> <max reply bytes>\n
//   <label><request><reply>\n
//   [data <data end> <data bytes> <port> <max bytes>\n     for an exchange with a DataChannel
//    <data>\n]
//   ...
std::string serialize_transcript(const Transcript& t, std::string_view provenance);
Result<Transcript> parse_transcript(std::string_view text);

Result<Transcript> load_transcript(const std::string& path);
Result<void> save_transcript(const std::string& path, const Transcript& t,
                             std::string_view provenance);

}  // namespace lw::testing
