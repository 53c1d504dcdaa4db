#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::zk {

// ZooKeeper client protocol (jute records, big-endian, each frame an int32 length and a body;
// https://zookeeper.apache.org/doc/current/zookeeperInternals.html and the jute definitions in
// zookeeper.jute).

constexpr std::int32_t kOpGetData = 4;
constexpr std::int32_t kOpGetChildren = 8;
constexpr std::int32_t kErrNoNode = -101;
constexpr std::int32_t kErrNoAuth = -102;

struct Limits {
  std::size_t max_frame = 1 << 20;
  std::size_t max_frames = 256;
  std::size_t max_children = 10'000;
  std::size_t max_string = 4096;
};

// Whole frames at the front of `in` (bodies as views). A negative or over-cap length is an Error.
Result<std::vector<std::string_view>> split_frames(std::string_view in, const Limits& = {});

struct ConnectResponse {
  std::int32_t protocol_version = 0;
  std::int32_t timeout = 0;
  std::int64_t session_id = 0;
  bool read_only = false;
};
Result<ConnectResponse> parse_connect_response(std::string_view body);

struct ReplyHeader {
  std::int32_t xid = 0;
  std::int64_t zxid = 0;
  std::int32_t err = 0;
};

struct Reply {
  ReplyHeader header;
  std::vector<std::string> children;  // getChildren
  std::optional<std::string> data;    // getData (nullopt: a null buffer)
};
// The reply to `op` (getData or getChildren).
Result<Reply> parse_reply(std::string_view body, std::int32_t op, const Limits& = {});

std::string connect_request();
std::string get_children_request(std::int32_t xid, std::string_view path);
std::string get_data_request(std::int32_t xid, std::string_view path);

// The requests of one exchange, decoded back: (xid, op, path).
struct Request {
  std::int32_t xid = 0;
  std::int32_t op = 0;
  std::string path;
};
std::vector<Request> decode_requests(std::string_view bytes);

}  // namespace lw::probes::zk
