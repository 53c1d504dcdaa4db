#pragma once

#include <cstddef>
#include <string>

#include "core/probe.h"

namespace lw::probes {

// Caps the samples one parse keeps. parse() does not see the scan's options, so it keeps at
// most the defaults (ProbeOptions{}); samples() trims further to the scan's own limits.
class SampleBudget {
 public:
  explicit SampleBudget(std::size_t max_records = ProbeOptions{}.max_sample_records,
                        std::size_t max_bytes = ProbeOptions{}.max_sample_bytes,
                        std::size_t max_record_bytes = 8 * 1024)
      : max_records_(max_records), max_bytes_(max_bytes), max_record_bytes_(max_record_bytes) {}

  bool full() const { return records_ >= max_records_ || bytes_ >= max_bytes_; }

  // Adds one sample, cut to the record cap and the bytes left. False when the budget is spent.
  bool add(Observation& obs, std::string source, std::string content_type, std::string data) {
    if (full()) return false;
    std::size_t room = max_bytes_ - bytes_;
    if (room > max_record_bytes_) room = max_record_bytes_;
    if (data.size() > room) data.resize(room);
    bytes_ += data.size();
    ++records_;
    obs.samples.push_back(Sample{std::move(source), std::move(content_type), std::move(data)});
    return true;
  }

 private:
  std::size_t max_records_;
  std::size_t max_bytes_;
  std::size_t max_record_bytes_;
  std::size_t records_ = 0;
  std::size_t bytes_ = 0;
};

// Lists in metadata are capped at this many entries (ProbeOptions' default max_items).
constexpr std::size_t kMaxListed = 100;

}  // namespace lw::probes
