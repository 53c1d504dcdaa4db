#include "monitor/config.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/unique_fd.h"

#include "core/bytes.h"
#include "monitor/config_parts.h"
#include "net/discovery/resolver.h"

namespace lw::monitor {

namespace {

constexpr std::size_t kMaxIndent = 256;

// yaml-cpp recurses once per nesting level while it parses, before any cap of ours could run,
// so the text is measured first: flow brackets open at once, compact "- - -" items on one
// line, and indentation (each block level costs at least one column).
Result<void> check_nesting(std::string_view text, std::string_view source) {
  std::size_t flow = 0, line = 1;
  bool comment = false, line_start = true;
  std::size_t indent = 0, dashes = 0;
  auto too_deep = [&](const std::string& what) {
    return fail(ErrorCode::too_deep, what, std::string(source) + ":" + std::to_string(line));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      comment = false;
      line_start = true;
      indent = dashes = 0;
      continue;
    }
    if (comment) continue;
    if (line_start) {
      if (c == ' ') {
        if (++indent > kMaxIndent) {
          return too_deep("indented deeper than " + std::to_string(kMaxIndent) + " columns");
        }
        continue;
      }
      if ((c == '-' || c == '?') && i + 1 < text.size() && text[i + 1] == ' ') {
        if (++dashes > kMaxConfigDepth) {
          return too_deep("nested deeper than " + std::to_string(kMaxConfigDepth) + " levels");
        }
        ++i;
        continue;
      }
      line_start = false;
    }
    if (c == '#') comment = true;
    if (c == '[' || c == '{') {
      if (++flow > kMaxConfigDepth) {
        return too_deep("nested deeper than " + std::to_string(kMaxConfigDepth) + " levels");
      }
    } else if ((c == ']' || c == '}') && flow > 0) {
      --flow;
    }
  }
  return {};
}

Result<RuleKind> rule_kind(std::string_view s) {
  static constexpr std::pair<std::string_view, RuleKind> kKinds[] = {
      {"open_database", RuleKind::open_database},
      {"sensitive_data", RuleKind::sensitive_data},
      {"compromised", RuleKind::compromised},
      {"new_dataset", RuleKind::new_dataset},
      {"data_growth", RuleKind::data_growth},
      {"new_service", RuleKind::new_service},
      {"certificate_expiring", RuleKind::certificate_expiring},
      {"exposure_reopened", RuleKind::exposure_reopened}};
  for (auto [name, kind] : kKinds) {
    if (name == s) return kind;
  }
  return fail(ErrorCode::invalid_argument,
              "'" + printable(s) +
                  "' is not a rule kind (open_database, sensitive_data, compromised, "
                  "new_dataset, data_growth, new_service, certificate_expiring, "
                  "exposure_reopened)");
}

Result<std::string> severity(FieldReader& r, const Field& f, bool allow_any) {
  auto s = r.text(f, 16);
  if (!s) return s;
  if (severity_level(*s) < (allow_any ? 0 : 1)) {
    return r.error(f, "'" + printable(*s) + "' is not a severity (low, medium, high, critical)");
  }
  return s;
}

Result<AlertRule> read_rule(FieldReader& r, const Field& at, const Config& c) {
  if (auto m = r.check_map(at, {"name", "kind", "assets", "min_severity", "families",
                                "repeat_interval", "expiring_within", "channels"});
      !m) {
    return tl::unexpected(m.error());
  }
  AlertRule rule;
  auto name = read_name(r, at, "rule");
  if (!name) return tl::unexpected(name.error());
  rule.name = *name;
  const Field kind = r.child(at, "kind");
  if (!kind.present()) return r.error(kind, "every rule needs a kind");
  auto k = r.text(kind, 64);
  if (!k) return tl::unexpected(k.error());
  auto parsed = rule_kind(*k);
  if (!parsed) return r.error(kind, parsed.error().message);
  rule.kind = *parsed;
  const Field assets = r.child(at, "assets"), channels = r.child(at, "channels");
  auto a = r.texts(assets, kMaxAssets);
  if (!a) return tl::unexpected(a.error());
  if (auto ok = check_refs(r, assets, *a, c.assets, "asset"); !ok)
    return tl::unexpected(ok.error());
  rule.assets = std::move(*a);
  auto ch = r.texts(channels, kMaxChannels);
  if (!ch) return tl::unexpected(ch.error());
  if (auto ok = check_refs(r, channels, *ch, c.channels, "channel"); !ok) {
    return tl::unexpected(ok.error());
  }
  rule.channels = std::move(*ch);
  if (const Field f = r.child(at, "min_severity"); f.present()) {
    auto s = severity(r, f, true);
    if (!s) return tl::unexpected(s.error());
    rule.min_severity = *s;
  }
  auto fam = r.texts(r.child(at, "families"), kMaxListItems);
  if (!fam) return tl::unexpected(fam.error());
  rule.families = std::move(*fam);
  const std::pair<const char*, std::chrono::seconds*> durations[] = {
      {"repeat_interval", &rule.repeat_interval}, {"expiring_within", &rule.expiring_within}};
  for (auto [key, value] : durations) {
    if (const Field f = r.child(at, key); f.present()) {
      auto v = r.duration(f, std::chrono::seconds(60), std::chrono::seconds(365 * 86400));
      if (!v) return tl::unexpected(v.error());
      *value = *v;
    }
  }
  return rule;
}

}  // namespace

Result<void> read_rules(FieldReader& r, const Field& at, Config& out) {
  return read_named_list(r, at, kMaxRules, "rule", out.rules,
                         [&](const Field& f) { return read_rule(r, f, out); });
}

Result<std::string> read_name(FieldReader& r, const Field& at, const char* what) {
  const Field f = r.child(at, "name");
  if (!f.present()) return r.error(f, std::string("every ") + what + " needs a name");
  auto s = r.text(f, 128);
  if (s && s->empty()) return r.error(f, "the name is empty");
  return s;
}

Result<Config> parse_config(std::string_view yaml_text, std::string_view source_name,
                            const ConfigOptions& given) {
  const std::string source(source_name);
  if (yaml_text.size() > kMaxConfigBytes) {
    return fail(ErrorCode::too_large,
                "the config is larger than " + std::to_string(kMaxConfigBytes) + " bytes", source);
  }
  if (auto nesting = check_nesting(yaml_text, source); !nesting) {
    return tl::unexpected(nesting.error());
  }
  ConfigOptions options = given;
  if (!options.resolve) options.resolve = discovery::system_resolve;
  if (!options.getenv) options.getenv = [](const char* n) { return std::getenv(n); };
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    const std::string at = e.mark.is_null() ? source
                                            : source + ":" + std::to_string(e.mark.line + 1) + ":" +
                                                  std::to_string(e.mark.column + 1);
    return fail(ErrorCode::parse_error, "YAML syntax error: " + e.msg, at);
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, std::string("YAML error: ") + e.what(), source);
  }
  if (!doc.IsDefined() || doc.IsNull()) {
    return fail(ErrorCode::invalid_argument, "the config is empty", source);
  }
  FieldReader r(source);
  Config c;
  c.source = source;
  try {
    const Field top{doc, "", YAML::Node()};
    if (auto m = r.check_map(top, {"catalog", "log_format", "scheduling", "grouping", "assets",
                                   "rules", "channels", "api"});
        !m) {
      return tl::unexpected(m.error());
    }
    if (const Field f = r.child(top, "catalog"); f.present()) {
      auto v = r.text(f, 4096);
      if (!v) return tl::unexpected(v.error());
      if (v->empty()) return r.error(f, "the catalog is empty");
      c.catalog = *v;
    }
    if (const Field f = r.child(top, "log_format"); f.present()) {
      auto v = r.text(f, 16);
      if (!v) return tl::unexpected(v.error());
      if (*v != "json" && *v != "text")
        return r.error(f, "'" + printable(*v) + "' is not json or text");
      c.log_format = *v == "json" ? LogFormat::json : LogFormat::text;
    }
    if (auto s = read_scheduling(r, r.child(top, "scheduling"), c.scheduling); !s) {
      return tl::unexpected(s.error());
    }
    if (const Field g = r.child(top, "grouping"); g.present()) {
      if (auto m = r.check_map(g, {"group_wait", "group_interval"}); !m) {
        return tl::unexpected(m.error());
      }
      const std::pair<const char*, std::chrono::seconds*> keys[] = {
          {"group_wait", &c.group_wait}, {"group_interval", &c.group_interval}};
      for (auto [key, value] : keys) {
        if (const Field f = r.child(g, key); f.present()) {
          auto v = r.duration(f, std::chrono::seconds(0), std::chrono::seconds(86400));
          if (!v) return tl::unexpected(v.error());
          *value = *v;
        }
      }
    }
    if (auto a = read_assets(r, r.child(top, "assets"), options, c); !a) {
      return tl::unexpected(a.error());
    }
    // Channels before rules: a rule names the channels it routes to.
    if (auto ch = read_channels(r, r.child(top, "channels"), options, c); !ch) {
      return tl::unexpected(ch.error());
    }
    if (auto ru = read_rules(r, r.child(top, "rules"), c); !ru) return tl::unexpected(ru.error());
    if (auto api = read_api(r, r.child(top, "api"), c.api); !api)
      return tl::unexpected(api.error());
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, std::string("YAML error: ") + e.what(), source);
  }
  return c;
}

Result<std::string> read_small_file(const std::string& path, std::size_t cap) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0) {
    return fail(ErrorCode::io_error, std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::invalid_argument, "not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > cap) {
    return fail(ErrorCode::too_large, "larger than " + std::to_string(cap) + " bytes");
  }
  std::string text(cap + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const auto n = ::read(fd.get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::io_error, std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > cap) return fail(ErrorCode::too_large, "larger than " + std::to_string(cap) + " bytes");
  text.resize(got);
  return text;
}

Result<Config> load_config(const std::string& path, const ConfigOptions& options) {
  auto text = read_small_file(path, kMaxConfigBytes);
  if (!text) {
    Error e = text.error();
    e.message = "cannot read the config: " + e.message;
    e.where = path;
    return tl::unexpected(e);
  }
  return parse_config(*text, path, options);
}

}  // namespace lw::monitor
