// Nmap XML (-oX): <nmaprun> <host starttime=..> <address addr= addrtype=/> <hostnames>
// <hostname name=/> </hostnames> <ports> <port protocol= portid=> <state state=/>
// <service name= tunnel=/> </port> </ports> </host> </nmaprun>. A small bounded tag scanner:
// no DTD, no entities beyond the five predefined and numeric ones, no recursion.
#include <charconv>
#include <optional>

#include "catalog/import/import.h"

namespace lw::catalog {
namespace {

constexpr std::size_t kMaxAttributes = 64;

struct Tag {
  std::string_view name;
  bool closing = false;
  bool self_closing = false;
  std::vector<std::pair<std::string_view, std::string>> attributes;

  std::optional<std::string> attr(std::string_view key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return v;
    }
    return std::nullopt;
  }
};

tl::unexpected<Error> at(std::size_t byte, std::string msg) {
  return fail(ErrorCode::parse_error, std::move(msg), "byte " + std::to_string(byte));
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == ':' || c == '.';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string decode(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    const auto semi = v.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += v[i];
      continue;
    }
    const auto ent = v.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out += '&';
    } else if (ent == "lt") {
      out += '<';
    } else if (ent == "gt") {
      out += '>';
    } else if (ent == "quot") {
      out += '"';
    } else if (ent == "apos") {
      out += '\'';
    } else if (ent.size() > 1 && ent[0] == '#') {
      std::uint32_t cp = 0;
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      const auto digits = ent.substr(hex ? 2 : 1);
      auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        out += v.substr(i, semi - i + 1);
      } else {
        append_utf8(out, cp);
      }
    } else {
      out += v.substr(i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  // The next tag, nullopt at the end of the text.
  Result<std::optional<Tag>> next() {
    for (;;) {
      const auto lt = s_.find('<', i_);
      if (lt == std::string_view::npos) return std::optional<Tag>{};
      i_ = lt;
      if (s_.substr(i_).starts_with("<!--")) {
        const auto end = s_.find("-->", i_ + 4);
        if (end == std::string_view::npos) return at(i_, "truncated: unterminated comment");
        i_ = end + 3;
        continue;
      }
      if (s_.substr(i_).starts_with("<?")) {
        const auto end = s_.find("?>", i_ + 2);
        if (end == std::string_view::npos) return at(i_, "truncated: unterminated <?...?>");
        i_ = end + 2;
        continue;
      }
      if (s_.substr(i_).starts_with("<!")) {
        const auto end = s_.find('>', i_ + 2);
        if (end == std::string_view::npos) return at(i_, "truncated: unterminated <!...>");
        i_ = end + 1;
        continue;
      }
      return tag();
    }
  }

  std::size_t position() const { return i_; }

 private:
  Result<std::optional<Tag>> tag() {
    const std::size_t start = i_;
    Tag t;
    ++i_;
    if (i_ < s_.size() && s_[i_] == '/') {
      t.closing = true;
      ++i_;
    }
    const auto name_start = i_;
    while (i_ < s_.size() && name_char(s_[i_])) ++i_;
    if (i_ == name_start) return at(start, "a tag without a name");
    t.name = s_.substr(name_start, i_ - name_start);
    for (;;) {
      while (i_ < s_.size() &&
             (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) {
        ++i_;
      }
      if (i_ >= s_.size()) return at(start, "truncated: unterminated tag <" + std::string(t.name));
      if (s_[i_] == '>') {
        ++i_;
        return std::optional<Tag>(std::move(t));
      }
      if (s_[i_] == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '>') {
        i_ += 2;
        t.self_closing = true;
        return std::optional<Tag>(std::move(t));
      }
      if (t.closing) return at(i_, "unexpected text in a closing tag");
      const auto key_start = i_;
      while (i_ < s_.size() && name_char(s_[i_])) ++i_;
      if (i_ == key_start) return at(i_, "expected an attribute name");
      const auto key = s_.substr(key_start, i_ - key_start);
      if (i_ + 1 >= s_.size())
        return at(start, "truncated: unterminated tag <" + std::string(t.name));
      if (i_ >= s_.size() || s_[i_] != '=') return at(i_, "expected '=' after an attribute name");
      ++i_;
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) {
        return at(i_, "expected a quoted attribute value");
      }
      const char q = s_[i_++];
      const auto end = s_.find(q, i_);
      if (end == std::string_view::npos) return at(i_, "truncated: unterminated attribute value");
      if (t.attributes.size() >= kMaxAttributes) return at(i_, "too many attributes");
      t.attributes.emplace_back(key, decode(s_.substr(i_, end - i_)));
      i_ = end + 1;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

struct PortState {
  std::uint16_t port = 0;
  std::string protocol;
  std::string state;
  std::string service;
  bool tls = false;
};

struct HostState {
  std::optional<Address> address;
  std::string name;
  std::int64_t time_ms = 0;
  std::vector<PortState> ports;
};

}  // namespace

Result<ImportResult> parse_nmap_xml(std::string_view text, const ImportOptions& o) {
  Scanner sc(text);
  ImportResult out;
  bool in_run = false, ended = false;
  std::optional<HostState> host;
  std::optional<PortState> port;
  for (;;) {
    auto next = sc.next();
    if (!next) return tl::unexpected(next.error());
    if (!*next) break;
    const Tag& t = **next;
    const auto byte = sc.position();
    if (t.name == "nmaprun") {
      if (t.closing) ended = true;
      in_run = !t.closing;
      continue;
    }
    if (!in_run) {
      if (ended) return at(byte, "content after </nmaprun>");
      return at(byte, "not Nmap XML: expected <nmaprun>");
    }
    if (t.name == "host") {
      if (t.closing) {
        if (!host) return at(byte, "</host> without <host>");
        if (host->address) {
          for (const auto& p : host->ports) {
            if (p.protocol != "tcp" || p.state != "open") {
              ++out.skipped;
              continue;
            }
            if (out.services.size() >= o.max_services) {
              return at(byte, "more than " + std::to_string(o.max_services) + " services");
            }
            out.services.push_back(ImportedService{*host->address, p.port, p.service, host->name,
                                                   host->time_ms ? host->time_ms : o.now_ms,
                                                   p.tls});
          }
        }
        host.reset();
      } else {
        if (host) return at(byte, "<host> inside <host>");
        host.emplace();
        std::int64_t secs = 0;
        if (auto st = t.attr("starttime")) {
          std::from_chars(st->data(), st->data() + st->size(), secs);
        }
        if (!import_seconds_to_ms(secs, host->time_ms)) host->time_ms = 0;
        if (t.self_closing) host.reset();
      }
      continue;
    }
    if (!host) continue;
    if (t.name == "address" && !t.closing) {
      const auto type = t.attr("addrtype").value_or("ipv4");
      if (type == "ipv4" || type == "ipv6") {
        auto a = Address::parse(t.attr("addr").value_or(""));
        if (!a) return at(byte, "bad address in <address>");
        host->address = *a;
      }
    } else if (t.name == "hostname" && !t.closing && host->name.empty()) {
      host->name = t.attr("name").value_or("");
    } else if (t.name == "port") {
      if (t.closing) {
        if (!port) return at(byte, "</port> without <port>");
        if (host->ports.size() < 65536 * 2) host->ports.push_back(std::move(*port));
        port.reset();
      } else {
        PortState p;
        p.protocol = t.attr("protocol").value_or("");
        const auto id = t.attr("portid").value_or("");
        auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), p.port);
        if (ec != std::errc() || end != id.data() + id.size()) {
          return at(byte, "bad portid '" + id + "'");
        }
        if (t.self_closing) {
          host->ports.push_back(std::move(p));
        } else {
          port = std::move(p);
        }
      }
    } else if (port && t.name == "state" && !t.closing) {
      port->state = t.attr("state").value_or("");
    } else if (port && t.name == "service" && !t.closing) {
      port->service = t.attr("name").value_or("");
      port->tls = t.attr("tunnel").value_or("") == "ssl";
    }
  }
  if (!ended) return at(text.size(), "truncated: the file does not end with </nmaprun>");
  return out;
}

}  // namespace lw::catalog
