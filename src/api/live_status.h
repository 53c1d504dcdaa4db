#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "monitor/config.h"
#include "monitor/scan_progress.h"

// What the daemon tells the API it runs beside (under `leakwatch serve`): the config in force,
// reloads included, and the latest progress of each kind of scan per asset. Written by the
// daemon's threads, read by the API's; every access under one mutex.
namespace lw::api {

class LiveStatus {
 public:
  void set_config(std::shared_ptr<const monitor::Config> config);
  std::shared_ptr<const monitor::Config> config() const;

  // Keeps the newest report per (kind, asset): a running scan's, or the last finished one's.
  void report(const monitor::ScanProgress& progress);
  std::vector<monitor::ScanProgress> scans() const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const monitor::Config> config_;
  std::map<std::pair<std::string, std::string>, monitor::ScanProgress> scans_;
};

}  // namespace lw::api
