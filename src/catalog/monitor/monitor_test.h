#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "catalog/backend_test.h"
#include "catalog/monitor/monitor_store.h"

namespace lw::catalog::testing {

inline constexpr std::int64_t kMonitorT0 = 1'790'000'000'000;  // 2026-09-21

// The MonitorStore suite's fixture: a fresh catalog per test on the backend under test.
class MonitorTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto m = open_monitor_store(location_);
    ASSERT_TRUE(m) << m.error().describe();
    store_ = std::move(*m);
  }

  std::unique_ptr<MonitorStore> store_;
};

}  // namespace lw::catalog::testing
