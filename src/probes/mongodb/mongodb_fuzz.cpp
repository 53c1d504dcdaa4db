// OP_MSG and BSON checking (libbson behind our own depth check), and the whole probe with the
// input as each reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "probes/mongodb/mongo_wire.h"
#include "probes/mongodb/mongodb_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  namespace mg = lw::probes::mongo;
  if (auto doc = mg::reply_document(in, 1 << 20)) {
    (void)mg::to_json(*doc, 4096);
    (void)mg::documents(*doc, "cursor.firstBatch", 10);
    (void)mg::number(*doc, "ok");
  }
  if (mg::check_document(in)) (void)mg::to_json(in, 4096);
  const lw::probes::MongodbProbe probe;
  lw::Transcript t;
  for (int step = 0; step < 6; ++step) {
    auto ex = probe.next(lw::ProbeOptions{}, t);
    if (!ex) break;
    (void)probe.frame(*ex, in);
    t.push_back(lw::Turn{*ex, in, lw::ReplyEnd::complete});
    if (auto obs = probe.parse(t)) (void)probe.judge(*obs);
  }
  return 0;
}
