#include "monitor/yaml_fields.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "core/bytes.h"
#include "monitor/config.h"

namespace lw::monitor {

namespace {

const char* type_name(const YAML::Node& n) {
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  if (n.IsScalar()) return "a scalar";
  return "empty";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest_word(std::string_view word, std::initializer_list<std::string_view> known) {
  if (word.size() > 64) return {};
  std::string best;
  std::size_t best_distance = 0;
  for (auto k : known) {
    const auto d = edit_distance(word, k);
    if (best.empty() || d < best_distance) {
      best = std::string(k);
      best_distance = d;
    }
  }
  // Close means at most a third of the word changed (at least one edit allowed).
  if (best_distance > std::max<std::size_t>(2, best.size() / 3)) return {};
  return best;
}

std::string FieldReader::where(const Field& at) const {
  YAML::Mark mark = at.node.IsDefined() ? at.node.Mark() : YAML::Mark::null_mark();
  if (mark.is_null() && at.parent.IsDefined()) mark = at.parent.Mark();
  if (mark.is_null()) return source_;
  return source_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

tl::unexpected<Error> FieldReader::error(const Field& at, const std::string& message) const {
  const std::string path = at.path.empty() ? std::string("(top level)") : at.path;
  return fail(ErrorCode::invalid_argument, path + ": " + message, where(at));
}

Result<void> FieldReader::charge(const Field& at) {
  if (++values_ > kMaxConfigValues) {
    return error(at, "the config holds more than " + std::to_string(kMaxConfigValues) +
                         " values (aliases included)");
  }
  return {};
}

Field FieldReader::child(const Field& map, std::string_view key) const {
  const std::string path = map.path.empty() ? std::string(key) : map.path + "." + std::string(key);
  if (map.node.IsMap()) {
    for (const auto& kv : map.node) {
      if (kv.first.IsScalar() && kv.first.Scalar() == key) return {kv.second, path, kv.first};
    }
  }
  return {YAML::Node(YAML::NodeType::Undefined), path, map.node};
}

Field FieldReader::item(const Field& seq, std::size_t i) const {
  return {seq.node[i], seq.path + "[" + std::to_string(i) + "]", seq.node};
}

Result<void> FieldReader::check_map(const Field& at,
                                    std::initializer_list<std::string_view> known) {
  if (!at.node.IsMap())
    return error(at, std::string("expected a map, found ") + type_name(at.node));
  std::set<std::string> seen;
  for (const auto& kv : at.node) {
    const Field key{kv.first, at.path, at.node};
    if (auto c = charge(key); !c) return c;
    if (!kv.first.IsScalar()) return error(key, "a key must be a plain word");
    const std::string& name = kv.first.Scalar();
    const std::string shown = printable(name, 64);
    const Field named{kv.first, at.path.empty() ? shown : at.path + "." + shown, at.node};
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const auto near = closest_word(name, known);
      return error(named,
                   near.empty() ? "unknown key" : "unknown key (did you mean '" + near + "'?)");
    }
    if (!seen.insert(name).second) return error(named, "key given twice");
  }
  return {};
}

Result<std::size_t> FieldReader::sequence(const Field& at, std::size_t max) {
  if (!at.present()) return std::size_t{0};
  if (!at.node.IsSequence()) {
    return error(at, std::string("expected a list, found ") + type_name(at.node));
  }
  if (at.node.size() > max) {
    return error(
        at, "more than " + std::to_string(max) + " items (" + std::to_string(at.node.size()) + ")");
  }
  return at.node.size();
}

Result<std::string> FieldReader::text(const Field& at, std::size_t max_bytes) {
  if (auto c = charge(at); !c) return tl::unexpected(c.error());
  if (!at.node.IsScalar()) {
    return error(at, std::string("expected a value, found ") + type_name(at.node));
  }
  const std::string& s = at.node.Scalar();
  if (s.size() > max_bytes) return error(at, "longer than " + std::to_string(max_bytes) + " bytes");
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      return error(at, "holds a control character: '" + printable(s) + "'");
    }
  }
  return s;
}

Result<std::vector<std::string>> FieldReader::texts(const Field& at, std::size_t max_items) {
  auto n = sequence(at, max_items);
  if (!n) return tl::unexpected(n.error());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < *n; ++i) {
    auto s = text(item(at, i));
    if (!s) return tl::unexpected(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

Result<std::uint64_t> FieldReader::integer(const Field& at, std::uint64_t lo, std::uint64_t hi) {
  auto s = text(at, 64);
  if (!s) return tl::unexpected(s.error());
  std::uint64_t v = 0;
  const auto* end = s->data() + s->size();
  const auto [p, ec] = std::from_chars(s->data(), end, v);
  if (s->empty() || ec != std::errc() || p != end || v < lo || v > hi) {
    return error(at, "'" + printable(*s) + "' is not a whole number from " + std::to_string(lo) +
                         " to " + std::to_string(hi));
  }
  return v;
}

Result<double> FieldReader::number(const Field& at, double lo, double hi) {
  auto s = text(at, 64);
  if (!s) return tl::unexpected(s.error());
  double v = 0;
  const auto* end = s->data() + s->size();
  const auto [p, ec] = std::from_chars(s->data(), end, v);
  if (s->empty() || ec != std::errc() || p != end || !std::isfinite(v) || v < lo || v > hi) {
    return error(at, "'" + printable(*s) + "' is not a number from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
  }
  return v;
}

Result<bool> FieldReader::boolean(const Field& at) {
  auto s = text(at, 16);
  if (!s) return tl::unexpected(s.error());
  if (*s == "true" || *s == "yes" || *s == "on") return true;
  if (*s == "false" || *s == "no" || *s == "off") return false;
  return error(at, "'" + printable(*s) + "' is not true or false");
}

Result<std::chrono::seconds> FieldReader::duration(const Field& at, std::chrono::seconds lo,
                                                   std::chrono::seconds hi) {
  auto s = text(at, 32);
  if (!s) return tl::unexpected(s.error());
  std::string_view digits = *s;
  std::uint64_t unit = 1;
  if (!digits.empty()) {
    switch (digits.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      default:
        unit = 0;
    }
    if (unit != 0) digits.remove_suffix(1);
  }
  std::uint64_t v = 0;
  const auto* end = digits.data() + digits.size();
  const auto [p, ec] = std::from_chars(digits.data(), end, v);
  const std::uint64_t max = static_cast<std::uint64_t>(hi.count());
  const bool ok = !digits.empty() && ec == std::errc() && p == end && v <= max;
  const std::uint64_t seconds = ok ? v * (unit == 0 ? 1 : unit) : 0;
  if (!ok || seconds > max || seconds < static_cast<std::uint64_t>(lo.count())) {
    return error(at, "'" + printable(*s) + "' is not a duration from " +
                         std::to_string(lo.count()) + "s to " + std::to_string(hi.count()) +
                         "s (a number with s, m, h or d)");
  }
  return std::chrono::seconds(static_cast<std::int64_t>(seconds));
}

}  // namespace lw::monitor
