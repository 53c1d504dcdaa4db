#include "catalog/postgres/pg_db.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string_view>

#include "core/bytes.h"

namespace lw::catalog {

void PgConnCloser::operator()(pg_conn* c) const noexcept {
  PQfinish(c);
}
void PgResultCloser::operator()(pg_result* r) const noexcept {
  PQclear(r);
}

namespace {

constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;
constexpr std::size_t kMaxPrepared = 256;

void ignore_notice(void*, const char*) {}

SqlValue cell(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return std::monostate{};
  const char* text = PQgetvalue(r, row, col);
  const auto len = static_cast<std::size_t>(PQgetlength(r, row, col));
  const Oid type = PQftype(r, col);
  if (type == kInt8 || type == kInt2 || type == kInt4 || type == kOid || type == kNumeric) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text, text + len, v);
    if (ec == std::errc() && end == text + len) return v;
    if (type != kNumeric) return std::string(text, len);
  }
  if (type == kFloat4 || type == kFloat8 || type == kNumeric) {
    try {
      return std::stod(std::string(text, len));
    } catch (...) {
      return std::string(text, len);
    }
  }
  return std::string(text, len);
}

// A malformed URL is bad input (invalid_argument), told apart from a server that does not
// answer. libpq quotes the whole URL in its message; it may hold a password, so it is cut out.
Result<void> check_url(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (!options) {
    std::string msg = parse_error ? parse_error : "out of memory";
    if (parse_error) PQfreemem(parse_error);
    for (auto at = msg.find(url); !url.empty() && at != std::string::npos; at = msg.find(url)) {
      msg.replace(at, url.size(), "...");
    }
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return fail(ErrorCode::invalid_argument, "bad PostgreSQL URL: " + msg);
  }
  std::string bad_port;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) != "port" || o->val == nullptr) continue;
    const std::string_view ports(o->val);
    for (std::size_t start = 0; start <= ports.size();) {
      const auto comma = std::min(ports.find(',', start), ports.size());
      const auto one = ports.substr(start, comma - start);
      unsigned value = 0;
      const auto [end, ec] = std::from_chars(one.data(), one.data() + one.size(), value);
      if (!one.empty() &&
          (ec != std::errc{} || end != one.data() + one.size() || value == 0 || value > 65535)) {
        bad_port = printable(one, 16);
      }
      start = comma + 1;
    }
  }
  PQconninfoFree(options);
  if (!bad_port.empty()) {
    return fail(ErrorCode::invalid_argument,
                "bad PostgreSQL URL: port '" + bad_port + "' is not a number from 1 to 65535");
  }
  return {};
}

}  // namespace

std::string number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Result<PgConnHandle> PgDb::open(const std::string& url) {
  if (auto ok = check_url(url); !ok) return tl::unexpected(ok.error());
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {url.c_str(), "5", "leakwatch", nullptr};
  PgConnHandle conn(PQconnectdbParams(keys, values, 1));
  if (!conn) return fail(ErrorCode::database, "out of memory connecting to PostgreSQL");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return fail(ErrorCode::database, "cannot connect to PostgreSQL: " + msg);
  }
  PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  return conn;
}

Result<std::unique_ptr<PgDb>> PgDb::connect(std::string url) {
  auto conn = open(url);
  if (!conn) return tl::unexpected(conn.error());
  std::unique_ptr<PgDb> db(new PgDb(std::move(url)));
  db->conn_ = std::move(*conn);
  return db;
}

Error PgDb::error(std::string_view doing, pg_result* r) const {
  std::string msg = r ? PQresultErrorMessage(r) : "";
  if (msg.empty() && conn_) msg = PQerrorMessage(conn_.get());
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (connection_lost()) msg = "the PostgreSQL connection was lost: " + msg;
  return Error{ErrorCode::database, std::string(doing) + ": " + msg, "postgresql"};
}

bool PgDb::connection_lost() const noexcept {
  return !conn_ || PQstatus(conn_.get()) != CONNECTION_OK;
}

Result<void> PgDb::reconnect() {
  auto conn = open(url_);
  if (!conn) return tl::unexpected(conn.error());
  conn_ = std::move(*conn);
  prepared_.clear();
  return {};
}

Result<void> PgDb::exec_script(std::string_view sql) {
  if (!conn_) return fail(ErrorCode::database, "no PostgreSQL connection");
  PgResultHandle r(PQexec(conn_.get(), std::string(sql).c_str()));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return tl::unexpected(error("exec", r.get()));
  }
  return {};
}

Result<PgResultHandle> PgDb::run(std::string_view sql, std::span<const SqlValue> params) {
  if (!conn_) return fail(ErrorCode::database, "no PostgreSQL connection");
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    if (prepared_.size() >= kMaxPrepared) {
      (void)exec_script("DEALLOCATE ALL");
      prepared_.clear();
    }
    std::string name = "lw" + std::to_string(next_statement_++);
    PgResultHandle r(PQprepare(conn_.get(), name.c_str(), number_placeholders(sql).c_str(),
                               static_cast<int>(params.size()), nullptr));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      return tl::unexpected(error("prepare", r.get()));
    }
    it = prepared_.emplace(std::move(key), std::move(name)).first;
  }
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (is_null(params[i])) continue;
    texts[i] = as_text(params[i]);
    if (const auto* d = std::get_if<double>(&params[i])) {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
      texts[i] = ec == std::errc() ? std::string(buf, end) : texts[i];
    }
    values[i] = texts[i].c_str();
  }
  PgResultHandle r(PQexecPrepared(conn_.get(), it->second.c_str(), static_cast<int>(params.size()),
                                  values.data(), nullptr, nullptr, 0));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return tl::unexpected(error("query", r.get()));
  }
  return r;
}

Result<std::vector<SqlRow>> PgDb::query(std::string_view sql, std::span<const SqlValue> params) {
  auto result = run(sql, params);
  if (!result) return tl::unexpected(result.error());
  const auto& r = *result;
  std::vector<SqlRow> rows;
  const int n = PQntuples(r.get());
  const int cols = PQnfields(r.get());
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    SqlRow row;
    row.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) row.push_back(cell(r.get(), i, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::int64_t> PgDb::execute(std::string_view sql, std::span<const SqlValue> params) {
  auto r = run(sql, params);
  if (!r) return tl::unexpected(r.error());
  const char* n = PQcmdTuples(r->get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

Result<std::int64_t> PgDb::insert(std::string_view sql, std::span<const SqlValue> params) {
  auto r = query(std::string(sql) + " RETURNING id", params);
  if (!r) return tl::unexpected(r.error());
  if (r->empty() || r->front().empty()) return fail(ErrorCode::database, "INSERT returned no id");
  return as_int(r->front().front());
}

Result<void> PgDb::begin() {
  return exec_script("BEGIN");
}
Result<void> PgDb::commit() {
  return exec_script("COMMIT");
}
void PgDb::rollback() noexcept {
  if (connection_lost()) return;
  if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) (void)exec_script("ROLLBACK");
}

}  // namespace lw::catalog
