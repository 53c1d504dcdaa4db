#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "probes/common/fuzz_transcript.h"
#include "probes/rsync/rsync_probe.h"
#include "probes/rsync/rsync_protocol.h"
#include "probes/rsync/rsync_transfer.h"

namespace {

// The file list reply of testdata/rsyncd_open_module.lwt (module backups: ".", hr, README.txt,
// sub, hr/personnel, hr/personnel/staff.csv, sub/customers.csv; then the io_error word).
const std::string kRecordedFileList(
    "\x7b\x00\x00\x07\x19\x01\x2e\x00\x10\x00\x00\x32\xcf\x16\x6b\xed\x41\x00\x00\x9a\x02\x68"
    "\x72\x00\x10\x00\x00\x98\x0a\x52\x45\x41\x44\x4d\x45\x2e\x74\x78\x74\x0e\x00\x00\x00\xa4"
    "\x81\x00\x00\x98\x03\x73\x75\x62\x00\x10\x00\x00\xed\x41\x00\x00\x9a\x0c\x68\x72\x2f\x70"
    "\x65\x72\x73\x6f\x6e\x6e\x65\x6c\x00\x10\x00\x00\xb8\x0c\x0a\x2f\x73\x74\x61\x66\x66\x2e"
    "\x63\x73\x76\x39\x00\x00\x00\xa4\x81\x00\x00\x9a\x11\x73\x75\x62\x2f\x63\x75\x73\x74\x6f"
    "\x6d\x65\x72\x73\x2e\x63\x73\x76\x21\x00\x00\x00\x00\x00\x00\x00\x00",
    127);

// The module's dialogue up to its recorded file list, then `reply` as the file data.
void exercise_transfer(const lw::probes::RsyncModuleProbe& probe, const std::string& reply) {
  lw::Transcript t;
  const lw::ProbeOptions o;
  for (const std::string& r : {std::string("@RSYNCD: 32.0\n"), std::string("@RSYNCD: OK\n"),
                               std::string(4, '\0'), kRecordedFileList, reply}) {
    auto ex = probe.next(o, t);
    if (!ex) break;
    (void)probe.frame(*ex, r);
    t.push_back(lw::Turn{std::move(*ex), r, lw::ReplyEnd::complete});
  }
  if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
}

}  // namespace

// Copies the input into an exactly-sized heap buffer so an over-read trips AddressSanitizer.
// The same bytes go through every rsync parser: greeting, module list, module answer, the
// multiplexed stream, the file list (raw and demultiplexed) with its wire order, the transfer
// requests and the sender's file data (raw, demultiplexed, and as the reply to the recorded
// module's request).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace rs = lw::probes::rsync;
  const std::string copy(reinterpret_cast<const char*>(data), size);
  (void)rs::parse_greeting(copy);
  (void)rs::parse_module_list(copy);
  (void)rs::parse_module_answer(copy);
  if (auto fl = rs::parse_file_list(copy)) (void)rs::wire_order(fl->entries);
  const std::vector<std::int32_t> requested = {4, 1, 6, 0, 2};
  (void)rs::decode_requests(copy);
  (void)rs::parse_transfer(copy, requested);
  if (auto d = rs::demux(copy)) {
    if (auto fl = rs::parse_file_list(d->data)) (void)rs::wire_order(fl->entries);
    (void)rs::parse_transfer(d->data, requested);
  }
  // A module's whole dialogue (its file list folded into the tree view), split on 0xFF bytes.
  const lw::probes::RsyncModuleProbe probe("backups");
  lw::probes::fuzzing::exercise_dialogue(probe, copy);
  exercise_transfer(probe, copy);
  return 0;
}
