#include "catalog/query/facet_pass.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <variant>

namespace lw::catalog {
namespace {

// Field name = column name of services for every column facet.
constexpr std::array<std::string_view, 7> kColumnFacets{"product",  "severity",  "verdict", "port",
                                                        "protocol", "transport", "version"};

// A value of one column in the order counts() reports ties: NULL, numbers, text.
struct Key {
  int rank = 0;  // 0 null, 1 number, 2 text
  std::int64_t number = 0;
  std::string_view text;
  std::int64_t count = 0;
};

}  // namespace

bool is_column_facet(std::string_view field) {
  return std::find(kColumnFacets.begin(), kColumnFacets.end(), field) != kColumnFacets.end();
}

Result<FacetPass> facet_pass_sql(std::span<const std::string> fields, std::string_view where,
                                 Dialect dialect) {
  FacetPass pass;
  for (const auto& f : fields) {
    const auto known = std::find(kColumnFacets.begin(), kColumnFacets.end(), f);
    if (known == kColumnFacets.end()) {
      return fail(ErrorCode::invalid_argument, "'" + f + "' is not a column facet");
    }
    // The SQL names the column with kColumnFacets' own text, never the request's.
    if (std::find(pass.columns.begin(), pass.columns.end(), *known) == pass.columns.end()) {
      pass.columns.emplace_back(*known);
    }
  }
  if (pass.columns.empty()) return fail(ErrorCode::invalid_argument, "no facet to count");
  std::string list;
  for (const auto& c : pass.columns) list += (list.empty() ? "s." : ", s.") + c;
  const std::string from = where.find("h.") != std::string_view::npos
                               ? " FROM services s JOIN hosts h ON h.id = s.host_id"
                               : " FROM services s";
  if (dialect == Dialect::sqlite) {
    pass.sql = "SELECT " + list + from + " WHERE " + std::string(where);
    return pass;
  }
  std::string sets;
  for (const auto& c : pass.columns) sets += (sets.empty() ? "(s." : ", (s.") + c + ")";
  pass.grouped = true;
  pass.sql = "SELECT GROUPING(" + list + "), " + list + ", COUNT(*)" + from + " WHERE " +
             std::string(where) + " GROUP BY GROUPING SETS (" + sets + ")";
  return pass;
}

FacetTally::FacetTally(std::size_t columns, bool grouped) : columns_(columns), grouped_(grouped) {}

void FacetTally::TextCounts::add(std::string_view value, std::int64_t count) {
  // A facet value is short: its length and first and last eight bytes, mixed, spread it well
  // enough (equal hashes are compared in full).
  const auto* p = value.data();
  const std::size_t n = value.size();
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0, y = 0;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) |
        (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
        (std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
  }
  std::uint64_t h = (a ^ (b << 29 | b >> 35) ^ (n * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
  h ^= h >> 32;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    auto& slot = slots_[i];
    if (!slot.used) {
      slot = Slot{std::string(value), h, count, true};
      if (++size_ * 2 > slots_.size()) grow();
      return;
    }
    if (slot.hash == h && slot.value == value) {
      slot.count += count;
      return;
    }
  }
}

void FacetTally::TextCounts::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (auto& slot : old) {
    if (!slot.used) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = std::move(slot);
  }
}

void FacetTally::add(Column& column, const SqlCell& value, std::int64_t count) {
  if (const auto* s = std::get_if<std::string_view>(&value)) {
    column.text.add(*s, count);
  } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
    column.numbers[*n] += count;
  } else if (const auto* d = std::get_if<double>(&value)) {
    column.text.add(std::to_string(*d), count);
  } else {
    column.nulls += count;
  }
}

void FacetTally::add_row(std::span<const SqlCell> row) {
  const std::size_t k = columns_.size();
  if (!grouped_) {
    if (row.size() < k) return;
    for (std::size_t i = 0; i < k; ++i) add(columns_[i], row[i], 1);
    ++total_;
    return;
  }
  // (GROUPING(c0..ck-1), c0..ck-1, COUNT(*)): bit k-1-i of the mask is clear when the row
  // is a group of column i.
  if (row.size() < k + 2) return;
  const auto* mask_value = std::get_if<std::int64_t>(&row[0]);
  const auto* count_value = std::get_if<std::int64_t>(&row[k + 1]);
  if (!mask_value || !count_value) return;
  const auto mask = static_cast<std::uint64_t>(*mask_value);
  for (std::size_t i = 0; i < k; ++i) {
    if ((mask >> (k - 1 - i)) & 1U) continue;
    add(columns_[i], row[1 + i], *count_value);
    if (i == 0) total_ += *count_value;
  }
}

std::vector<std::pair<std::string, std::int64_t>> FacetTally::counts(std::size_t column,
                                                                     std::size_t limit) const {
  std::vector<std::pair<std::string, std::int64_t>> out;
  if (column >= columns_.size()) return out;
  const auto& c = columns_[column];
  std::vector<Key> keys;
  keys.reserve(c.text.size() + c.numbers.size() + 1);
  if (c.nulls) keys.push_back(Key{0, 0, {}, c.nulls});
  for (const auto& [n, count] : c.numbers) keys.push_back(Key{1, n, {}, count});
  c.text.each([&](std::string_view t, std::int64_t count) { keys.push_back(Key{2, 0, t, count}); });
  const auto before = [](const Key& a, const Key& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.rank == 1 ? a.number < b.number : a.text < b.text;
  };
  const auto n = std::min(limit, keys.size());
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n), keys.end(),
                    before);
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& k = keys[i];
    out.emplace_back(k.rank == 1 ? std::to_string(k.number) : std::string(k.text), k.count);
  }
  return out;
}

}  // namespace lw::catalog
