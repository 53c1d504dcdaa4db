#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/common/steps.h"
#include "probes/postgresql/pg_wire.h"

namespace lw::probes::pg {

constexpr std::string_view kUser = "postgres";
constexpr std::string_view kDatabase = "postgres";
constexpr std::uint32_t kStartupCap = 16 * 1024;
constexpr std::uint32_t kQueryCap = 128 * 1024;
constexpr std::uint32_t kTablesCap = 1024 * 1024;  // the table list (names and columns)
constexpr std::size_t kMaxTablesListed = 1000;     // tables listed per database, largest first
constexpr std::size_t kColumnsBytes = 1024;        // column names kept per table
constexpr std::size_t kMaxTablesSampled = 12;      // tables read per database (sampler's choice)
constexpr std::size_t kRowsPerTable = 5;
constexpr std::size_t kMaxRowsKept = 1000;
constexpr std::uint32_t kStatementTimeoutMs = 5000;  // SET statement_timeout on every session

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { startup = 0, ssl_request, databases, tables, sample };

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // bounded by kMaxRowsKept
  std::optional<Notice> error;
  bool ready = false;  // ReadyForQuery arrived
};

struct Table {
  std::string schema;
  std::string name;
  std::int64_t rows_estimate = -1;
  std::uint64_t bytes = 0;
  std::string columns;  // comma-separated column names, cut to kColumnsBytes
};

struct TableSample {
  std::string label;
  std::string table;  // schema.name
  QueryResult result;
};

struct Dialogue {
  bool identified = false;
  bool ssl_only = false;              // only the SSLRequest was sent (default logins off)
  char ssl_answer = 0;                // 'S' or 'N'
  std::optional<std::uint32_t> auth;  // Authentication code
  std::optional<Notice> startup_error;
  bool ready = false;
  std::map<std::string, std::string> params;  // ParameterStatus, bounded
  bool databases_done = false;
  std::vector<std::pair<std::string, std::optional<std::uint64_t>>> databases;
  bool tables_done = false;
  std::vector<Table> tables;
  std::uint64_t tables_total = 0;  // tables the database holds (the list stops at the cap)
  std::vector<TableSample> samples;
  std::vector<std::string> notes;
};

QueryResult read_result(std::string_view reply);
Dialogue analyse(const Transcript& t);
// `database`: the one to connect to; the default database also lists the others (the probe's
// follow-ups connect to each of them).
std::optional<Exchange> next_exchange(const ProbeOptions& options, const Transcript& t,
                                      std::string_view database = kDatabase);

// The tables the sampler (probes/common/sampler.h) chose, best first: non-empty tables scored
// by their names and their columns' names, each table its own group, at most `budget`.
std::vector<const Table*> choose_tables(const Dialogue& d, std::size_t budget);

}  // namespace lw::probes::pg
