#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/mysql/mysql_wire.h"

namespace lw::probes::mysql {

constexpr std::uint32_t kGreetingCap = 4096;
constexpr std::uint32_t kLoginCap = 4096;
constexpr std::uint32_t kQueryCap = 128 * 1024;
constexpr std::size_t kMaxTablesSampled = 3;
constexpr std::size_t kRowsPerTable = 5;
constexpr std::size_t kMaxRowsKept = 1000;

struct Table {
  std::string schema;
  std::string name;
  std::optional<std::uint64_t> rows;
  std::optional<std::uint64_t> bytes;
};

struct TableSample {
  std::string label;
  std::string table;
  ResultSet result;
};

struct Dialogue {
  std::optional<Greeting> greeting;
  std::uint8_t greeting_seq = 0;
  std::optional<ErrPacket> greeting_error;  // refused before any login (host not allowed...)
  bool login_sent = false;
  std::optional<std::string> switch_plugin;  // the server asked for another auth method
  std::uint8_t switch_seq = 0;
  bool switch_sent = false;
  bool logged_in = false;
  std::optional<ErrPacket> login_error;
  std::string login_label;
  bool databases_done = false;
  std::vector<std::string> databases;
  bool tables_done = false;
  std::vector<Table> tables;
  std::vector<TableSample> samples;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& t);
std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t);

}  // namespace lw::probes::mysql
