#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/common/steps.h"
#include "probes/mysql/mysql_wire.h"

namespace lw::probes::mysql {

constexpr std::uint32_t kGreetingCap = 4096;
constexpr std::uint32_t kLoginCap = 4096;
constexpr std::uint32_t kQueryCap = 128 * 1024;
constexpr std::uint32_t kTablesCap = 1024 * 1024;  // the table list (names and columns)
constexpr std::size_t kMaxTablesListed = 1000;     // tables listed, largest first
constexpr std::size_t kColumnsBytes = 512;         // column names kept per table
constexpr std::size_t kMaxTablesSampled = 12;      // tables read (the sampler's choice)
constexpr std::size_t kRowsPerTable = 5;
constexpr std::size_t kMaxRowsKept = 1000;
constexpr std::uint32_t kStatementTimeoutMs = 5000;  // per statement, set for the session

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t {
  greeting = 0,
  login,
  auth_switch,
  read_only,
  statement_timeout,
  databases,
  tables,
  sample
};

struct Table {
  std::string schema;
  std::string name;
  std::optional<std::uint64_t> rows;
  std::optional<std::uint64_t> bytes;
  std::string columns;  // comma-separated column names, cut to kColumnsBytes
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
  bool read_only_done = false;  // SET SESSION TRANSACTION READ ONLY answered
  bool timeout_done = false;    // SET SESSION max_statement_time / max_execution_time answered
  bool databases_done = false;
  std::vector<std::string> databases;
  bool tables_done = false;
  std::vector<Table> tables;
  std::uint64_t tables_total = 0;  // tables in the catalog (the list holds the largest)
  std::vector<TableSample> samples;
  std::vector<std::string> notes;
};

Dialogue analyse(const Transcript& t);
// The tables to read, in order: the shared sampler's plan over the listed non-empty tables,
// scored by their names and their columns' names, each table its own group, at most `budget`.
std::vector<const Table*> choose_tables(const Dialogue& d, std::size_t budget);
std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t);

}  // namespace lw::probes::mysql
