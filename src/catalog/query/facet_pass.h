#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog/db.h"

namespace lw::catalog {

// The facets that are columns of `services` (product, severity, verdict, port, protocol,
// transport, version) are counted together in one pass over the matching services, instead of
// one GROUP BY each; category and tag (other tables) keep their GROUP BY (facet_sql()).
bool is_column_facet(std::string_view field);

struct FacetPass {
  std::string sql;                   // binds the where-params, nothing else
  std::vector<std::string> columns;  // the distinct facet fields, in the order of the SQL
  bool grouped = false;              // rows are (grouping mask, values..., count)
};

// SQLite: one row per matching service holding its facet columns, counted by FacetTally (a
// GROUP BY on a column no index orders sorts every match in a temporary b-tree). PostgreSQL:
// one GROUP BY GROUPING SETS with a set per column, a hash aggregate on the server.
// Every field must satisfy is_column_facet(); `where` is a CompiledQuery's condition.
Result<FacetPass> facet_pass_sql(std::span<const std::string> fields, std::string_view where,
                                 Dialect dialect);

// Counts a FacetPass's rows per column and value.
class FacetTally {
 public:
  FacetTally(std::size_t columns, bool grouped);
  void add_row(std::span<const SqlCell> row);
  // The services counted: every service the pass matched.
  std::int64_t total() const noexcept { return total_; }
  // Value and count of column `column`, largest count first, ties by value (numbers
  // ascending before text in byte order), at most `limit` entries.
  std::vector<std::pair<std::string, std::int64_t>> counts(std::size_t column,
                                                           std::size_t limit) const;

 private:
  // Text values of one column: open addressing over a few distinct values (a facet column
  // holds tens to thousands), counted without allocating per row.
  class TextCounts {
   public:
    void add(std::string_view value, std::int64_t count);
    std::size_t size() const noexcept { return size_; }
    template <typename F>
    void each(F&& f) const {
      for (const auto& slot : slots_) {
        if (slot.used) f(std::string_view(slot.value), slot.count);
      }
    }

   private:
    struct Slot {
      std::string value;
      std::uint64_t hash = 0;
      std::int64_t count = 0;
      bool used = false;
    };
    void grow();
    std::vector<Slot> slots_ = std::vector<Slot>(16);
    std::size_t size_ = 0;
  };
  struct Column {
    TextCounts text;
    std::unordered_map<std::int64_t, std::int64_t> numbers;
    std::int64_t nulls = 0;
  };
  static void add(Column&, const SqlCell&, std::int64_t count);

  std::vector<Column> columns_;
  bool grouped_;
  std::int64_t total_ = 0;
};

}  // namespace lw::catalog
