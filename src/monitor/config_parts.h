#pragma once

#include "core/bytes.h"
#include "monitor/config.h"
#include "monitor/yaml_fields.h"

namespace lw::monitor {

// The parts of parse_config, one per top-level key (config.cpp, config_assets.cpp).
Result<void> read_assets(FieldReader& r, const Field& at, const ConfigOptions& options,
                         Config& out);
Result<void> read_scheduling(FieldReader& r, const Field& at, Scheduling& out);
Result<void> read_channels(FieldReader& r, const Field& at, const ConfigOptions& options,
                           Config& out);
Result<void> read_rules(FieldReader& r, const Field& at, Config& out);
Result<void> read_api(FieldReader& r, const Field& at, ApiSection& out);  // config_api.cpp

// The `name:` every asset, channel and rule has: present and not empty.
Result<std::string> read_name(FieldReader& r, const Field& at, const char* what);

// Every name in `names` (read from the list at `f`) must be one of `known`'s names.
template <class T>
Result<void> check_refs(FieldReader& r, const Field& f, const std::vector<std::string>& names,
                        const std::vector<T>& known, const char* what) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    bool found = false;
    for (const auto& k : known) found = found || k.name == names[i];
    if (!found) {
      return r.error(r.item(f, i),
                     "no " + std::string(what) + " is named '" + printable(names[i]) + "'");
    }
  }
  return {};
}

// The list at `at` (at most `max` items), each read by `read_one(Field) -> Result<T>` and
// appended to `out`; a name declared twice is refused at the second one.
template <class T, class ReadOne>
Result<void> read_named_list(FieldReader& r, const Field& at, std::size_t max, const char* what,
                             std::vector<T>& out, ReadOne&& read_one) {
  auto n = r.sequence(at, max);
  if (!n) return tl::unexpected(n.error());
  for (std::size_t i = 0; i < *n; ++i) {
    const Field f = r.item(at, i);
    auto item = read_one(f);
    if (!item) return tl::unexpected(item.error());
    for (const auto& other : out) {
      if (other.name == item->name) {
        return r.error(r.child(f, "name"),
                       std::string(what) + " '" + printable(item->name) + "' declared twice");
      }
    }
    out.push_back(std::move(*item));
  }
  return {};
}

// A regular file of at most `cap` bytes (a FIFO or a device is refused, never waited on); the
// error's message says why, without a place.
Result<std::string> read_small_file(const std::string& path, std::size_t cap);

}  // namespace lw::monitor
