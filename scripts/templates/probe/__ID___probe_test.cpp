#include "probes/__ID__/__ID___probe.h"

#include <gtest/gtest.h>

namespace lw::probes {

TEST(__CLASS__Probe, SilenceIsNotThisProtocol) {
  __CLASS__Probe p;
  Transcript t;
  t.push_back(Turn{Exchange{"HELLO", "HELLO\r\n", 1024}, "", ReplyEnd::closed});
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
}

// TODO(__ID__): recorded replies from a real server (with a provenance line), hardening cases
// (truncation at every byte, lying lengths, deep nesting, another protocol's reply).

}  // namespace lw::probes
