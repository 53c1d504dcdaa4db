#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/probe.h"

namespace lw::probes::object_store {

// Percent-encodes an object key or bucket name for a request path ('/' kept as a separator).
std::string encode_path(std::string_view key);

// Percent-encodes a query parameter value ('/', '=', '+' included: continuation tokens and
// markers are opaque).
std::string encode_query(std::string_view value);

// Whether an object looks like text worth a bounded read: a text-like extension, or a text-ish
// content type when the listing gives one.
bool is_text_like(std::string_view key, std::string_view content_type = {});

// The names to try on one service: names the service itself listed first, then the supplied
// names, or the defaults when nothing was supplied and the service listed no names (the host's
// own bucket, virtual-host style, is handled by the caller). Deduplicated, at most
// kMaxBucketNamesTried, only names valid for S3/Azure/GCS.

// Exchanges the engine allows one dialogue (net::DialogueLimits::max_exchanges): listing and
// reads share them, so the reads get what the listing left.
constexpr std::size_t kMaxDialogueExchanges = 64;
std::vector<std::string> candidate_names(const std::vector<std::string>& listed,
                                         const std::vector<std::string>& supplied);

// The Sample content_type for an object read: "json", "csv", "email" or "text".
std::string sample_type(std::string_view key, std::string_view content_type);

// Host header value for a request to this target ("localhost" when no name was given; the port
// appended unless 80/443).
std::string host_header(const ProbeOptions& options);

// An object size from a listing (S3 <Size>, Azure <Content-Length>): decimal digits only, at
// most 20; anything else (a sign, a space, an overflow) is no size.
std::optional<std::uint64_t> parse_size(std::string_view s) noexcept;

// An object read's subject (Exchange::subject), "<bucket>/<key>", split into bucket and key.
std::pair<std::string_view, std::string_view> split_subject(std::string_view subject) noexcept;

// The record's entry for one listed bucket in the array `list`, made on first use as
// {"name": name, <count_field>: 0, "pages": 0, <names_field>: []}: the pages of one bucket's
// listing add up in one entry.
nlohmann::json& listing_entry(nlohmann::json& list, const std::string& name,
                              const std::string& count_field, const std::string& names_field);

// A bucket/container name as the stores allow it: 3..63 of [a-z0-9.-_].
bool valid_bucket_name(std::string_view name) noexcept;

// Largest object read for a sample (a Range prefix of any object), and the number of objects
// read per service (kMaxObjectReads: probes that do not sample yet; kMaxSampledReads: those
// that plan their reads with plan_reads()).
constexpr std::uint32_t kMaxObjectReadBytes = 16 * 1024;
constexpr std::size_t kMaxObjectReads = 3;
constexpr std::size_t kMaxSampledReads = 64;

// Objects read per service under a scan's budget: max_sample_records, and as many
// kMaxObjectReadBytes prefixes as max_sample_bytes holds, at most kMaxSampledReads (64 with the
// defaults of 200 records and 1 MiB).
std::size_t read_budget(const ProbeOptions& options) noexcept;

// An object listed: its container (bucket) and key.
struct ObjectRef {
  std::string_view container;
  std::string_view key;
};

// The reads the shared sampler (common/sampler.h) plans among listed objects, at most
// `budget`: names scored as container/key (`hr/personnel/...` first), stratified by container
// and folder (the key up to its last '/'; a key without one is grouped by group_of()).
// Indexes into `objects`, in read order; deterministic for the same listing.
std::vector<std::size_t> plan_reads(std::span<const ObjectRef> objects, std::size_t budget);

}  // namespace lw::probes::object_store
