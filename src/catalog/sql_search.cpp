// Search: the query language compiled to one parameterised WHERE, plus facet counts.
#include <algorithm>
#include <optional>

#include "catalog/query/compile.h"
#include "catalog/query/facet_pass.h"
#include "catalog/sql_store.h"

namespace lw::catalog {

namespace {
constexpr std::size_t kMaxLimit = 10000;
constexpr std::size_t kMaxFacets = 16;
constexpr std::size_t kWindow = 4096;
constexpr std::int64_t kFewMatches = 4096;
}  // namespace

// The ids of one page of matching services, newest first. The newest services are looked at
// first (a window read along services_last_seen): when the window holds the whole page, no
// match outside it can be newer, so the page is exact. Otherwise (a filter that matches
// mostly older services) the filter's own indexes find every match and the page is sorted.
Result<std::vector<SqlValue>> SqlStore::newest_ids(const std::string& where,
                                                   const std::vector<SqlValue>& params,
                                                   std::size_t limit, std::size_t offset) {
  const bool hosts = where.find("h.") != std::string::npos;
  const std::string join = hosts ? " JOIN hosts h ON h.id = s.host_id" : "";
  const std::string tail =
      " WHERE " + where + " ORDER BY s.last_seen_ms DESC, s.id DESC LIMIT ? OFFSET ?";
  const auto window =
      static_cast<std::int64_t>(std::min<std::size_t>(kWindow + 64 * (limit + offset), 1'000'000));
  std::vector<SqlValue> p{window};
  p.insert(p.end(), params.begin(), params.end());
  p.emplace_back(static_cast<std::int64_t>(limit));
  p.emplace_back(static_cast<std::int64_t>(offset));
  auto rows = db_->query(
      "SELECT s.id FROM (SELECT * FROM services ORDER BY last_seen_ms DESC, id DESC LIMIT ?) s" +
          join + tail,
      p);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<SqlValue> ids;
  for (auto& r : *rows) ids.push_back(std::move(r[0]));
  if (ids.size() == limit) return ids;
  // Fewer than a page: either there are no more matches, or the window was too narrow.
  auto in_window = query_value(
      *db_,
      "SELECT COUNT(*) FROM (SELECT id FROM services ORDER BY last_seen_ms DESC, id DESC "
      "LIMIT ?) w",
      std::span<const SqlValue>(p.data(), 1));
  if (!in_window) return tl::unexpected(in_window.error());
  if (as_int(*in_window) < window) return ids;  // the window held every service
  std::vector<SqlValue> q = params;
  q.emplace_back(static_cast<std::int64_t>(limit));
  q.emplace_back(static_cast<std::int64_t>(offset));
  rows = db_->query("SELECT s.id FROM services s" + join + tail, q);
  if (!rows) return tl::unexpected(rows.error());
  ids.clear();
  for (auto& r : *rows) ids.push_back(std::move(r[0]));
  return ids;
}

// Counts the column facets of `fields` (and so every match) in one pass; see facet_pass.h.
Result<FacetTally> SqlStore::count_facets(const std::vector<std::string>& fields,
                                          const CompiledQuery& compiled) {
  auto pass = facet_pass_sql(fields, compiled.where, db_->dialect());
  if (!pass) return tl::unexpected(pass.error());
  FacetTally tally(pass->columns.size(), pass->grouped);
  auto ok = db_->for_each_row(pass->sql, compiled.params, [&](std::span<const SqlCell> row) {
    tally.add_row(row);
    return true;
  });
  if (!ok) return tl::unexpected(ok.error());
  return tally;
}

Result<SearchResult> SqlStore::search(const SearchRequest& req) {
  auto compiled = compile_query(req.query, db_->dialect());
  if (!compiled) return tl::unexpected(compiled.error());
  if (req.facets.size() > kMaxFacets) {
    return fail(ErrorCode::invalid_argument,
                "at most " + std::to_string(kMaxFacets) + " facets at once");
  }
  for (const auto& f : req.facets) {  // an unknown facet is an error before any query runs
    if (auto sql = facet_sql(f, compiled->where, db_->dialect()); !sql) {
      return tl::unexpected(sql.error());
    }
  }
  SearchResult out;
  const std::size_t facet_limit = std::min<std::size_t>(req.facet_limit, 1000);
  const bool hosts = compiled->where.find("h.") != std::string::npos;
  const std::string from =
      hosts ? "FROM services s JOIN hosts h ON h.id = s.host_id " : "FROM services s ";
  // The column facets are counted in one pass over the matches, which counts the matches too.
  std::vector<std::string> columns;
  for (const auto& f : req.facets) {
    if (is_column_facet(f) && std::find(columns.begin(), columns.end(), f) == columns.end()) {
      columns.push_back(f);
    }
  }
  std::optional<FacetTally> tally;
  if (!columns.empty()) {
    auto counted = count_facets(columns, *compiled);
    if (!counted) return tl::unexpected(counted.error());
    tally = std::move(*counted);
    out.total = tally->total();
  } else {
    // No filter: a bare COUNT(*), which SQLite answers from b-tree page headers.
    const bool everything = compiled->where == CompiledQuery{}.where;
    auto total = query_value(*db_,
                             everything ? std::string("SELECT COUNT(*) FROM services")
                                        : "SELECT COUNT(*) " + from + "WHERE " + compiled->where,
                             compiled->params);
    if (!total) return tl::unexpected(total.error());
    out.total = as_int(*total);
  }

  if (req.limit > 0 && out.total > 0) {
    auto ids =
        newest_ids(compiled->where, compiled->params, std::min(req.limit, kMaxLimit), req.offset);
    if (!ids) return tl::unexpected(ids.error());
    if (!ids->empty()) {
      std::string in;
      for (std::size_t i = 0; i < ids->size(); ++i) in += i ? ", ?" : "?";
      auto rows =
          load_services("WHERE s.id IN (" + in + ") ORDER BY s.last_seen_ms DESC, s.id DESC", *ids);
      if (!rows) return tl::unexpected(rows.error());
      out.services = std::move(*rows);
    }
  }
  // Few matches: the category and tag facets count them by id (the plan that found them finds
  // them again), rather than along an index the facet's GROUP BY prefers that may visit many
  // more rows.
  const std::string facet_where =
      out.total > 0 && out.total <= kFewMatches
          ? "s.id IN (SELECT s.id " + from + "WHERE " + compiled->where + ")"
          : compiled->where;
  for (const auto& f : req.facets) {
    Facet facet{f, {}};
    if (out.total == 0) {
      out.facets.push_back(std::move(facet));
      continue;
    }
    if (tally) {
      if (auto it = std::find(columns.begin(), columns.end(), f); it != columns.end()) {
        facet.counts = tally->counts(static_cast<std::size_t>(it - columns.begin()), facet_limit);
        out.facets.push_back(std::move(facet));
        continue;
      }
    }
    auto sql = facet_sql(f, facet_where, db_->dialect());
    if (!sql) return tl::unexpected(sql.error());
    auto fp = compiled->params;
    fp.emplace_back(static_cast<std::int64_t>(facet_limit));
    auto rows = db_->query(*sql, fp);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) facet.counts.emplace_back(as_text(r[0]), as_int(r[1]));
    out.facets.push_back(std::move(facet));
  }
  return out;
}

}  // namespace lw::catalog
