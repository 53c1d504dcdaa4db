#include "probes/ldap/ldap_messages.h"

#include "probes/ldap/ber.h"

namespace lw::probes::ldap {
namespace {

constexpr std::size_t kMaxMessage = 1 << 20;
constexpr std::size_t kMaxElements = 4096;
constexpr std::size_t kMaxValue = 4096;

Result<Entry> read_entry(std::string_view contents) {
  auto parts = ber::children(contents, 2);
  if (!parts) return tl::unexpected(parts.error());
  if (parts->size() != 2 || (*parts)[0].tag != 0x04 || (*parts)[1].tag != 0x30) {
    return fail(ErrorCode::parse_error, "bad SearchResultEntry");
  }
  Entry e;
  e.dn = std::string((*parts)[0].value.substr(0, kMaxValue));
  auto attrs = ber::children((*parts)[1].value, kMaxElements);
  if (!attrs) return tl::unexpected(attrs.error());
  for (const auto& a : *attrs) {
    auto pair = ber::children(a.value, 2);
    if (!pair || pair->size() != 2 || (*pair)[0].tag != 0x04 || (*pair)[1].tag != 0x31) {
      return fail(ErrorCode::parse_error, "bad PartialAttribute");
    }
    auto vals = ber::children((*pair)[1].value, kMaxElements);
    if (!vals) return tl::unexpected(vals.error());
    std::vector<std::string> values;
    for (const auto& v : *vals) values.emplace_back(v.value.substr(0, kMaxValue));
    e.attributes.emplace_back(std::string((*pair)[0].value.substr(0, 256)), std::move(values));
  }
  return e;
}

}  // namespace

Result<std::vector<Message>> read_messages(std::string_view in, std::size_t max) {
  std::vector<Message> out;
  while (!in.empty() && out.size() < max) {
    auto top = ber::read(in, kMaxMessage);
    if (!top) return tl::unexpected(top.error());
    if (!*top) break;
    if ((*top)->tag != 0x30) return fail(ErrorCode::parse_error, "LDAPMessage is not a SEQUENCE");
    auto parts = ber::children((*top)->value, 3);
    if (!parts) return tl::unexpected(parts.error());
    if (parts->size() < 2 || (*parts)[0].tag != 0x02) {
      return fail(ErrorCode::parse_error, "bad LDAPMessage");
    }
    Message m;
    m.id = ber::integer((*parts)[0].value).value_or(-1);
    const auto& op = (*parts)[1];
    m.op = op.tag;
    if (op.tag == kBindResponse || op.tag == kSearchDone) {
      auto r = ber::children(op.value, 8);
      if (!r) return tl::unexpected(r.error());
      if (r->size() < 3 || (*r)[0].tag != 0x0a)
        return fail(ErrorCode::parse_error, "bad LDAPResult");
      m.result_code = ber::integer((*r)[0].value);
      m.diagnostic = std::string((*r)[2].value.substr(0, 256));
    } else if (op.tag == kSearchEntry) {
      auto e = read_entry(op.value);
      if (!e) return tl::unexpected(e.error());
      m.entry = std::move(*e);
    }
    out.push_back(std::move(m));
    in.remove_prefix((*top)->size);
  }
  return out;
}

std::string anonymous_bind(std::int64_t id) {
  const std::string bind = ber::integer_tlv(0x02, 3) + ber::tlv(0x04, "") + ber::tlv(0x80, "");
  return ber::tlv(0x30, ber::integer_tlv(0x02, id) + ber::tlv(0x60, bind));
}

std::string search(std::int64_t id, std::string_view base, int scope, std::int64_t size_limit,
                   const std::vector<std::string>& attributes) {
  std::string attrs;
  for (const auto& a : attributes) attrs += ber::tlv(0x04, a);
  const std::string req = ber::tlv(0x04, base) + ber::integer_tlv(0x0a, scope) +
                          ber::integer_tlv(0x0a, 0) + ber::integer_tlv(0x02, size_limit) +
                          ber::integer_tlv(0x02, 10) + ber::tlv(0x01, std::string(1, '\0')) +
                          ber::tlv(0x87, "objectClass") + ber::tlv(0x30, attrs);
  return ber::tlv(0x30, ber::integer_tlv(0x02, id) + ber::tlv(0x63, req));
}

}  // namespace lw::probes::ldap
