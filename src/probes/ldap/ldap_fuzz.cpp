// BER and LDAPMessage parsing, and the whole probe with the input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/ldap/ber.h"
#include "probes/ldap/ldap_messages.h"
#include "probes/ldap/ldap_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  (void)lw::probes::ldap::read_messages(in, 100);
  (void)lw::probes::ber::children(in, 100);
  const lw::probes::LdapProbe probe;
  lw::Transcript t;
  for (int step = 0; step < 5; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    (void)probe.frame(*ex, in);
    t.push_back(lw::Turn{*ex, in, lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
