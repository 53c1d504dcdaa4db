// Search: the query language compiled to one parameterised WHERE, plus facet counts.
#include "catalog/query/compile.h"
#include "catalog/sql_store.h"

namespace lw::catalog {

namespace {
constexpr std::size_t kMaxLimit = 10000;
constexpr std::size_t kMaxFacets = 16;
}  // namespace

Result<SearchResult> SqlStore::search(const SearchRequest& req) {
  auto compiled = compile_query(req.query);
  if (!compiled) return tl::unexpected(compiled.error());
  if (req.facets.size() > kMaxFacets) {
    return fail(ErrorCode::invalid_argument,
                "at most " + std::to_string(kMaxFacets) + " facets at once");
  }
  std::vector<std::string> facet_queries;
  for (const auto& f : req.facets) {
    auto sql = facet_sql(f, compiled->where);
    if (!sql) return tl::unexpected(sql.error());
    facet_queries.push_back(std::move(*sql));
  }
  SearchResult out;
  const std::string from = compiled->where.find("h.") != std::string::npos
                               ? "FROM services s JOIN hosts h ON h.id = s.host_id WHERE "
                               : "FROM services s WHERE ";
  auto total = query_value(*db_, "SELECT COUNT(*) " + from + compiled->where, compiled->params);
  if (!total) return tl::unexpected(total.error());
  out.total = as_int(*total);

  auto params = compiled->params;
  params.emplace_back(static_cast<std::int64_t>(std::min(req.limit, kMaxLimit)));
  params.emplace_back(static_cast<std::int64_t>(req.offset));
  if (req.limit > 0) {
    auto rows = load_services(
        "WHERE " + compiled->where + " ORDER BY s.last_seen_ms DESC, s.id DESC LIMIT ? OFFSET ?",
        params);
    if (!rows) return tl::unexpected(rows.error());
    out.services = std::move(*rows);
  }
  for (std::size_t i = 0; i < facet_queries.size(); ++i) {
    auto fp = compiled->params;
    fp.emplace_back(static_cast<std::int64_t>(std::min<std::size_t>(req.facet_limit, 1000)));
    auto rows = db_->query(facet_queries[i], fp);
    if (!rows) return tl::unexpected(rows.error());
    Facet facet{req.facets[i], {}};
    for (const auto& r : *rows) facet.counts.emplace_back(as_text(r[0]), as_int(r[1]));
    out.facets.push_back(std::move(facet));
  }
  return out;
}

}  // namespace lw::catalog
