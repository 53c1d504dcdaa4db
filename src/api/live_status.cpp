#include "api/live_status.h"

namespace lw::api {

// Assets a reload removed leave their last report behind; a bound keeps that from growing.
constexpr std::size_t kMaxScansKept = 1024;

void LiveStatus::set_config(std::shared_ptr<const monitor::Config> config) {
  std::lock_guard lock(mu_);
  config_ = std::move(config);
}

std::shared_ptr<const monitor::Config> LiveStatus::config() const {
  std::lock_guard lock(mu_);
  return config_;
}

void LiveStatus::report(const monitor::ScanProgress& progress) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(progress.kind, progress.asset);
  if (scans_.size() >= kMaxScansKept && !scans_.contains(key)) return;
  scans_[std::move(key)] = progress;
}

std::vector<monitor::ScanProgress> LiveStatus::scans() const {
  std::lock_guard lock(mu_);
  std::vector<monitor::ScanProgress> out;
  out.reserve(scans_.size());
  for (const auto& [key, p] : scans_) out.push_back(p);
  return out;
}

}  // namespace lw::api
