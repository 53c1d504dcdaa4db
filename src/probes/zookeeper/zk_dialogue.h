#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/probe.h"

namespace lw::probes::zk {

// Caps of the ZooKeeper walk (README.md "Caps"): breadth-first from /, bounded in depth, in
// znodes listed and in getChildren asked; then getData on the sampler's choice.
constexpr std::size_t kMaxDepth = 8;           // znodes deeper than this are not listed
constexpr std::size_t kMaxZnodesKnown = 5000;  // znode names kept, all levels together
constexpr std::size_t kMaxListed = 500;        // getChildren requests in one dialogue
constexpr std::size_t kListBatch = 100;        // getChildren per exchange
constexpr std::size_t kReadBatch = 50;         // getData per exchange
constexpr std::size_t kMaxTurns = 64;          // exchanges in one dialogue
constexpr std::size_t kDataKept = 4096;        // bytes kept of one znode's data
constexpr std::uint32_t kReplyCap = 1024 * 1024;

struct Dialogue {
  bool identified = false;
  std::int64_t session = 0;
  bool root_listed = false;
  std::vector<std::string> root;
  std::set<std::string> list_asked;                          // getChildren sent
  std::set<std::string> read_asked;                          // getData sent
  std::map<std::string, std::vector<std::string>> children;  // path -> children (listed)
  std::map<std::string, std::string> data;                   // path -> data (non-empty)
  std::vector<std::string> data_order;
  std::size_t known = 0;  // znode names kept from listings
  bool capped = false;    // a listing was cut by kMaxZnodesKnown
  std::size_t no_auth = 0;
  std::string no_auth_label;
  std::string read_label;
  // A getData on a znode other than / and the server's own /zookeeper tree was answered (its
  // data possibly empty): an ACL that keeps anonymous clients out refuses it with NoAuth.
  bool data_answered = false;
  std::string data_answered_label;
  std::vector<std::string> notes;
};

// Whether a path is one of the client's data znodes: not / and not the server's /zookeeper.
bool is_data_znode(std::string_view path) noexcept;

Dialogue analyse(const Transcript& t);
std::optional<Exchange> next_exchange(const ProbeOptions& o, const Transcript& t);

// Every znode path the listings named, breadth-first from /, /zookeeper excluded, with its
// depth; and the paths still to list within the caps.
struct Walk {
  std::vector<std::pair<std::string, std::size_t>> known;  // path, depth
  std::vector<std::string> to_list;
  std::size_t too_deep = 0;  // znodes not listed for kMaxDepth
};
Walk walk(const Dialogue& d);

// The znodes the sampler chose to read, best first (grouped by parent path), at most `budget`.
std::vector<std::string> choose_znodes(const Dialogue& d, std::size_t budget);

}  // namespace lw::probes::zk
