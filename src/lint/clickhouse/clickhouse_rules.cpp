#include "lint/clickhouse/clickhouse_rules.h"

#include <pugixml.hpp>
#include <string>

#include "lint/exposure.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

std::size_t line_of(const SourceFile& file, const pugi::xml_node& node) {
  const std::ptrdiff_t offset = node.offset_debug();
  return offset < 0 ? 0 : line_of_offset(file.text, static_cast<std::size_t>(offset));
}

bool has_password(const pugi::xml_node& user) {
  for (const char* tag : {"password_sha256_hex", "password_double_sha1_hex", "ldap", "kerberos",
                          "ssl_certificates", "ssh_keys", "no_password_is_not_allowed"}) {
    if (user.child(tag)) return true;
  }
  const pugi::xml_node password = user.child("password");
  return password && !trim(password.text().get()).empty();
}

// <networks> absent means any address; <ip>::/0</ip>, 0.0.0.0/0 or <host_regexp>.*</...> too.
bool open_networks(const pugi::xml_node& user, std::string& which) {
  const pugi::xml_node networks = user.child("networks");
  if (!networks) {
    which = "no <networks> (any address)";
    return true;
  }
  for (const pugi::xml_node& n : networks.children()) {
    const std::string_view name = n.name();
    const std::string_view value = trim(n.text().get());
    if ((name == "ip" && is_internet_source(value)) ||
        (name == "host_regexp" && (value == ".*" || value == "^.*$"))) {
      which = "<" + std::string(name) + ">" + std::string(value) + "</" + std::string(name) + ">";
      return true;
    }
  }
  return false;
}

void lint_one(const SourceFile& file, Sink& sink) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(file.text.data(), file.text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    const std::size_t line =
        line_of_offset(file.text, parsed.offset < 0 ? 0 : static_cast<std::size_t>(parsed.offset));
    sink.error(file, line, std::string("XML syntax error: ") + parsed.description());
    return;
  }
  for (const char* root_name : {"clickhouse", "yandex"}) {
    const pugi::xml_node user = doc.child(root_name).child("users").child("default");
    if (!user) continue;
    std::string which;
    if (has_password(user) || !open_networks(user, which)) continue;
    sink.report(file, "clickhouse-default-user-open", line_of(file, user),
                "the default user has no password and accepts " + which);
  }
}

}  // namespace

void lint_clickhouse_users(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
