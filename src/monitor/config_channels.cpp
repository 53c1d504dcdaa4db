#include <algorithm>

#include "core/bytes.h"
#include "monitor/config_parts.h"

namespace lw::monitor {

namespace {

struct KindName {
  std::string_view name;
  notify::ChannelKind kind;
};
constexpr KindName kKinds[] = {
    {"webhook", notify::ChannelKind::webhook},       {"slack", notify::ChannelKind::slack},
    {"mattermost", notify::ChannelKind::mattermost}, {"pagerduty", notify::ChannelKind::pagerduty},
    {"email", notify::ChannelKind::email},           {"syslog", notify::ChannelKind::syslog}};

constexpr std::string_view kPagerDutyUrl = "https://events.pagerduty.com/v2/enqueue";

// A secret comes from `<key>_file:` (its first line) or `<key>_env:`, never inline: a config is
// shown, copied and committed. Messages name the file or variable, never the value.
Result<void> read_secret(FieldReader& r, const Field& at, const std::string& key,
                         const ConfigOptions& options, std::string& out) {
  if (const Field inline_value = r.child(at, key); inline_value.present()) {
    return r.error(inline_value, "secrets are not written in the config: use " + key +
                                     "_file: PATH or " + key + "_env: VARIABLE");
  }
  const Field file = r.child(at, key + "_file"), env = r.child(at, key + "_env");
  if (file.present() && env.present()) {
    return r.error(env, "give " + key + "_file or " + key + "_env, not both");
  }
  if (file.present()) {
    auto path = r.text(file, 4096);
    if (!path) return tl::unexpected(path.error());
    auto read = read_small_file(*path, kMaxSecretBytes);
    if (!read) {
      return r.error(file, "cannot read '" + printable(*path) + "': " + read.error().message);
    }
    std::string text = std::move(*read);
    if (const auto nl = text.find_first_of("\r\n"); nl != std::string::npos) text.resize(nl);
    if (text.empty()) return r.error(file, "'" + printable(*path) + "' is empty");
    out = std::move(text);
  } else if (env.present()) {
    auto name = r.text(env, 256);
    if (!name) return tl::unexpected(name.error());
    const char* value = name->empty() ? nullptr : options.getenv(name->c_str());
    if (value == nullptr || *value == '\0') {
      return r.error(env, "the environment variable '" + printable(*name) + "' is not set");
    }
    if (std::string_view(value).size() > kMaxSecretBytes) {
      return r.error(env, "'" + printable(*name) + "' is longer than " +
                              std::to_string(kMaxSecretBytes) + " bytes");
    }
    out = value;
  }
  return {};
}

Result<void> need(FieldReader& r, const Field& at, const char* key, const std::string& value,
                  const std::string& kind) {
  if (!value.empty()) return {};
  return r.error(r.child(at, key), "a " + kind + " channel needs " + key);
}

Result<notify::Channel> read_channel(FieldReader& r, const Field& at, const Config& c,
                                     const ConfigOptions& options) {
  if (auto m = r.check_map(at, {"name",
                                "kind",
                                "min_severity",
                                "assets",
                                "timeout",
                                "url",
                                "secret",
                                "secret_file",
                                "secret_env",
                                "routing_key",
                                "routing_key_file",
                                "routing_key_env",
                                "smtp_url",
                                "from",
                                "to",
                                "username",
                                "password",
                                "password_file",
                                "password_env",
                                "require_tls",
                                "ca_file",
                                "syslog_host",
                                "syslog_port",
                                "syslog_transport"});
      !m) {
    return tl::unexpected(m.error());
  }
  notify::Channel ch;
  auto name = read_name(r, at, "channel");
  if (!name) return tl::unexpected(name.error());
  ch.name = *name;
  const Field kind = r.child(at, "kind");
  if (!kind.present()) return r.error(kind, "every channel needs a kind");
  auto k = r.text(kind, 32);
  if (!k) return tl::unexpected(k.error());
  bool known = false;
  for (auto [kname, kvalue] : kKinds) {
    if (kname == *k) {
      ch.kind = kvalue;
      known = true;
    }
  }
  if (!known) {
    return r.error(kind, "'" + printable(*k) +
                             "' is not a channel kind (webhook, slack, mattermost, pagerduty, "
                             "email, syslog)");
  }
  if (const Field f = r.child(at, "min_severity"); f.present()) {
    auto s = r.text(f, 16);
    if (!s) return tl::unexpected(s.error());
    if (severity_level(*s) < 1) {
      return r.error(f, "'" + printable(*s) + "' is not a severity (low, medium, high, critical)");
    }
    ch.min_severity = *s;
  }
  const Field assets = r.child(at, "assets");
  auto a = r.texts(assets, kMaxAssets);
  if (!a) return tl::unexpected(a.error());
  if (auto ok = check_refs(r, assets, *a, c.assets, "asset"); !ok) {
    return tl::unexpected(ok.error());
  }
  ch.assets = std::move(*a);
  if (const Field f = r.child(at, "timeout"); f.present()) {
    auto v = r.duration(f, std::chrono::seconds(1), std::chrono::seconds(300));
    if (!v) return tl::unexpected(v.error());
    ch.timeout = *v;
  }
  const std::pair<const char*, std::string*> texts[] = {{"url", &ch.url},
                                                        {"smtp_url", &ch.smtp_url},
                                                        {"from", &ch.from},
                                                        {"ca_file", &ch.ca_file},
                                                        {"username", &ch.username},
                                                        {"syslog_host", &ch.syslog_host},
                                                        {"syslog_transport", &ch.syslog_transport}};
  for (auto [key, value] : texts) {
    if (const Field f = r.child(at, key); f.present()) {
      auto v = r.text(f, 2048);
      if (!v) return tl::unexpected(v.error());
      *value = *v;
    }
  }
  auto to = r.texts(r.child(at, "to"), kMaxListItems);
  if (!to) return tl::unexpected(to.error());
  ch.to = std::move(*to);
  if (const Field f = r.child(at, "require_tls"); f.present()) {
    auto v = r.boolean(f);
    if (!v) return tl::unexpected(v.error());
    ch.require_tls = *v;
  }
  if (const Field f = r.child(at, "syslog_port"); f.present()) {
    auto v = r.integer(f, 1, 65535);
    if (!v) return tl::unexpected(v.error());
    ch.syslog_port = static_cast<std::uint16_t>(*v);
  }
  if (ch.syslog_transport != "udp" && ch.syslog_transport != "tcp") {
    return r.error(r.child(at, "syslog_transport"),
                   "'" + printable(ch.syslog_transport) + "' is not udp or tcp");
  }
  const std::pair<const char*, std::string*> secrets[] = {
      {"secret", &ch.secret}, {"routing_key", &ch.routing_key}, {"password", &ch.password}};
  for (auto [key, value] : secrets) {
    if (auto s = read_secret(r, at, key, options, *value); !s) return tl::unexpected(s.error());
  }
  const std::string kname(*k);
  using K = notify::ChannelKind;
  Result<void> ok;
  if (ch.kind == K::webhook || ch.kind == K::slack || ch.kind == K::mattermost) {
    ok = need(r, at, "url", ch.url, kname);
    if (ok && ch.kind == K::webhook) ok = need(r, at, "secret_file", ch.secret, kname);
  } else if (ch.kind == K::pagerduty) {
    if (ch.url.empty()) ch.url = kPagerDutyUrl;
    ok = need(r, at, "routing_key_file", ch.routing_key, kname);
  } else if (ch.kind == K::email) {
    ok = need(r, at, "smtp_url", ch.smtp_url, kname);
    if (ok) ok = need(r, at, "from", ch.from, kname);
    if (ok && ch.to.empty()) ok = r.error(r.child(at, "to"), "an email channel needs to");
  } else {
    ok = need(r, at, "syslog_host", ch.syslog_host, kname);
  }
  if (!ok) return tl::unexpected(ok.error());
  return ch;
}

}  // namespace

Result<void> read_channels(FieldReader& r, const Field& at, const ConfigOptions& options,
                           Config& out) {
  return read_named_list(r, at, kMaxChannels, "channel", out.channels,
                         [&](const Field& f) { return read_channel(r, f, out, options); });
}

}  // namespace lw::monitor
