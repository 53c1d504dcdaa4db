#include <gtest/gtest.h>

#include <thread>

#include "net/discovery/syn/answered_set.h"
#include "net/discovery/syn/open_port_queue.h"

namespace lw::discovery::syn {
namespace {

TEST(AnsweredSet, MarksOnceAndIgnoresOutOfRange) {
  auto set = AnsweredSet::create(130);
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->contains(129));
  EXPECT_TRUE(set->mark(129));
  EXPECT_FALSE(set->mark(129));
  EXPECT_TRUE(set->contains(129));
  EXPECT_FALSE(set->contains(128));
  EXPECT_FALSE(set->mark(130));  // past the space: never marked, never grows
  EXPECT_FALSE(set->contains(130));
  auto too_large = AnsweredSet::create(AnsweredSet::kMaxTargets + 1);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, ErrorCode::too_large);
}

TEST(OpenPortQueue, IsBoundedAndSaysWhenBehind) {
  OpenPortQueue queue(4);
  const Target t{Address::v4_from(0x0a4d0001), 6379};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(queue.push(t, std::chrono::milliseconds(0)));
  EXPECT_TRUE(queue.backlogged());
  EXPECT_TRUE(queue.push(t, std::chrono::milliseconds(0)));
  EXPECT_FALSE(queue.push(t, std::chrono::milliseconds(10)));  // full: refused, not grown
  EXPECT_TRUE(queue.pop(std::chrono::milliseconds(0)));
  EXPECT_TRUE(queue.push(t, std::chrono::milliseconds(0)));
}

TEST(OpenPortQueue, CloseWakesBothSidesAndDrainsInOrder) {
  OpenPortQueue queue(2);
  const Target a{Address::v4_from(1), 1}, b{Address::v4_from(2), 2};
  ASSERT_TRUE(queue.push(a, std::chrono::milliseconds(0)));
  ASSERT_TRUE(queue.push(b, std::chrono::milliseconds(0)));
  std::thread closer([&] { queue.close(); });
  // A push waiting for room returns when the queue is closed.
  EXPECT_FALSE(queue.push(a, std::chrono::seconds(5)));
  closer.join();
  EXPECT_FALSE(queue.finished());
  EXPECT_EQ(queue.pop(std::chrono::milliseconds(0))->port, 1);
  EXPECT_EQ(queue.pop(std::chrono::milliseconds(0))->port, 2);
  EXPECT_TRUE(queue.finished());
  EXPECT_FALSE(queue.pop(std::chrono::seconds(5)));  // closed and empty: at once
}

}  // namespace
}  // namespace lw::discovery::syn
