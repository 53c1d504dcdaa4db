#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::azure {

struct Blob {
  std::string name;
  std::uint64_t size = 0;  // Properties/Content-Length
  std::string content_type;
  std::string last_modified;
};

enum class ReplyKind {
  container_list,  // EnumerationResults with <Containers>: List Containers answered
  blob_list,       // EnumerationResults with ContainerName: List Blobs answered
  error,           // <Error><Code> or an x-ms-error-code header
  other,           // anything else (a blob's bytes, HTML...)
};

// One HTTP reply of an Azure Blob service (or Azurite), reduced to what the probe judges.
struct AzureReply {
  int status = 0;
  ReplyKind kind = ReplyKind::other;
  bool ms_request_id = false;  // x-ms-request-id: every Azure Storage reply carries one
  std::string server;          // "Windows-Azure-Blob/1.0 ...", "Azurite-Blob/3.37.0"
  std::string content_type;
  std::vector<std::string> containers;  // container_list
  std::string container_name;           // blob_list: the ContainerName attribute
  std::vector<Blob> blobs;              // blob_list
  bool more = false;                    // a NextMarker: the listing goes on
  std::string next_marker;              // that NextMarker when <= kMaxMarkerBytes (else empty)
  std::string error_code;               // error
  std::string body;                     // other
};

constexpr std::size_t kMaxListed = 1000;
constexpr std::size_t kMaxNameBytes = 1024;
constexpr std::size_t kMaxMarkerBytes = 1024;  // a longer NextMarker is never sent back

// Parses one HTTP reply. An Error only when the bytes are not HTTP, or the XML the reply
// declares is malformed or over a cap.
Result<AzureReply> parse_reply(std::string_view http_reply);

// Whether an Azure Storage error code refuses an anonymous caller.
bool is_denial(std::string_view code) noexcept;

// Whether the reply comes from Azure Storage or its emulator (request id or Server header).
bool is_azure(const AzureReply& r) noexcept;

}  // namespace lw::probes::azure
