#include "probes/common/s3_dialogue.h"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/ascii.h"
#include "probes/common/http.h"
#include "probes/common/object_store.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kListCap = 512 * 1024;
constexpr std::size_t kMaxExchanges = object_store::kMaxDialogueExchanges;
constexpr std::size_t kMaxOpenBuckets = 8;  // stop trying names after this many open buckets
constexpr std::array<std::uint16_t, 3> kPorts = {9000, 4568, 8333};
constexpr std::array<std::uint16_t, 1> kTlsPorts = {443};
constexpr std::array<std::uint16_t, 1> kGcsPorts = {4443};  // fake-gcs-server, the lab replay

const ProbeInfo kInfo{
    .id = "s3",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::object_store,
    .max_reply_bytes = kListCap,
    .server_speaks_first = false,
};
const ProbeInfo kGcsInfo{
    .id = "gcs",
    .default_ports = kGcsPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::object_store,
    .max_reply_bytes = kListCap,
    .server_speaks_first = false,
};

// One open bucket's listing so far (its pages in order).
struct BucketPages {
  std::string bucket;
  std::size_t pages = 0;
  std::string next_token;  // the last page was truncated and named its continuation
};

// What the service and listing turns of a transcript say (object reads do not change it). Built
// one turn at a time: state(n + 1) = fold(state(n), turn n + 1), so a new turn costs the parse
// of that turn's reply only.
struct ListingState {
  std::size_t turns = 0;          // service and listing turns folded in
  std::uint64_t fingerprint = 0;  // of those turns (flavor, vhost, step, subject, reply, end)
  std::size_t bytes = 0;          // memory held by the names below, for the memo's cap
  bool first_identified = false;
  bool first_unparsed = false;
  std::vector<std::string> service_buckets;
  std::vector<std::string> tried;  // buckets listed or attempted
  std::vector<BucketPages> listings;
  std::vector<std::pair<std::string, std::string>> readable;  // bucket, key of text-like objects
  std::size_t open_buckets = 0;
  std::size_t listed = 0;  // object names listed, all buckets
};

std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  return (h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2))) * 0xff51afd7ed558ccdULL;
}

std::uint64_t fingerprint_of(std::uint64_t before, const Turn& turn) noexcept {
  std::uint64_t h = mix(before, turn.exchange.step);
  h = mix(h, std::hash<std::string_view>{}(turn.exchange.subject));
  h = mix(h, std::hash<std::string_view>{}(turn.reply));
  return mix(h, static_cast<std::uint64_t>(turn.end));
}

void fold(ListingState& s, const Turn& turn, S3Flavor flavor) {
  const bool first = s.turns == 0;
  ++s.turns;
  s.fingerprint = fingerprint_of(s.fingerprint, turn);
  const bool list = turn.exchange.step == static_cast<std::uint32_t>(S3Step::list);
  const std::string& bucket = turn.exchange.subject;
  if (list) {
    s.tried.push_back(bucket);
    s.bytes += bucket.size();
  }
  if (turn.reply.empty() && turn.end != ReplyEnd::complete) return;
  auto r = s3::parse_reply(turn.reply);
  if (!r) {
    s.first_unparsed = s.first_unparsed || first;
    return;
  }
  if (first) s.first_identified = s3::identified(*r, flavor);
  if (r->kind == s3::ReplyKind::bucket_list && r->s3_namespace && s3::flavor_matches(*r, flavor))
    s.service_buckets = r->buckets;
  if (!list || !s3::proves_read(*r, bucket, flavor)) return;
  auto b = std::find_if(s.listings.begin(), s.listings.end(),
                        [&](const BucketPages& p) { return p.bucket == bucket; });
  if (b == s.listings.end()) {
    s.listings.push_back({bucket, 0, {}});
    b = s.listings.end() - 1;
    ++s.open_buckets;
  }
  ++b->pages;
  b->next_token = r->is_truncated ? r->next_token : std::string();
  for (auto& o : r->objects) {
    if (s.listed >= s3::kMaxListedTotal) break;
    ++s.listed;
    if (o.size > 0 && object_store::is_text_like(o.key)) {
      s.bytes += o.key.size() + bucket.size();
      s.readable.emplace_back(bucket, std::move(o.key));
    }
  }
}

// The listing states of recent dialogues, so that a dialogue's next turn starts from the state
// of the turns before it instead of re-parsing every listing (and the read plan, fixed once the
// listing is done, is made once). Keyed by fingerprint and turn count; bounded in entries and
// bytes; a miss only costs the parse. Shared by every S3Probe in the process (thread-safe).
class StateMemo {
 public:
  struct Entry {
    std::shared_ptr<const ListingState> state;
    std::size_t plan_budget = 0;
    std::shared_ptr<const std::vector<std::size_t>> plan;
  };

  std::shared_ptr<const ListingState> find(std::size_t turns, std::uint64_t fp) {
    const std::lock_guard lock(mutex_);
    for (const auto& e : entries_) {
      if (e.state->turns == turns && e.state->fingerprint == fp) return e.state;
    }
    return nullptr;
  }

  void put(std::shared_ptr<const ListingState> s) {
    if (s->bytes > kMaxEntryBytes) return;
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
    entries_.push_back({std::move(s), 0, nullptr});
  }

  // The read plan for a state and budget: made once per state and budget.
  std::shared_ptr<const std::vector<std::size_t>> plan(const std::shared_ptr<const ListingState>& s,
                                                       std::size_t budget) {
    {
      const std::lock_guard lock(mutex_);
      for (const auto& e : entries_) {
        if (e.state == s && e.plan && e.plan_budget == budget) return e.plan;
      }
    }
    std::vector<object_store::ObjectRef> refs;
    refs.reserve(s->readable.size());
    for (const auto& [bucket, key] : s->readable) refs.push_back({bucket, key});
    auto made =
        std::make_shared<const std::vector<std::size_t>>(object_store::plan_reads(refs, budget));
    const std::lock_guard lock(mutex_);
    for (auto& e : entries_) {
      if (e.state == s) {
        e.plan_budget = budget;
        e.plan = made;
      }
    }
    return made;
  }

 private:
  static constexpr std::size_t kMaxEntries = 16;
  static constexpr std::size_t kMaxEntryBytes = 4 * 1024 * 1024;
  std::mutex mutex_;
  std::vector<Entry> entries_;
};

StateMemo& memo() {
  static StateMemo m;
  return m;
}

bool is_object(const Turn& turn) noexcept {
  return turn.exchange.step == static_cast<std::uint32_t>(S3Step::object);
}

// The listing state of a transcript's service and listing turns: from the memo when this
// dialogue was seen with the same turns (a read turn) or one fewer (a new listing page), else
// folded from the start.
std::shared_ptr<const ListingState> listing_state(const Transcript& t, S3Flavor flavor,
                                                  const std::optional<std::string>& vhost) {
  const std::uint64_t seed = mix(flavor == S3Flavor::gcs ? 2 : 1,
                                 std::hash<std::string_view>{}(vhost ? *vhost : std::string()));
  std::vector<const Turn*> listing_turns;
  listing_turns.reserve(t.size());
  for (const Turn& turn : t) {
    if (!is_object(turn)) listing_turns.push_back(&turn);
  }
  std::vector<std::uint64_t> fps(listing_turns.size() + 1, seed);
  for (std::size_t i = 0; i < listing_turns.size(); ++i)
    fps[i + 1] = fingerprint_of(fps[i], *listing_turns[i]);
  const std::size_t n = listing_turns.size();
  if (auto hit = memo().find(n, fps[n])) return hit;
  auto s = std::make_shared<ListingState>();
  s->fingerprint = seed;
  std::size_t from = 0;
  if (n > 0) {
    if (auto prev = memo().find(n - 1, fps[n - 1])) {
      *s = *prev;
      from = n - 1;
    }
  }
  for (std::size_t i = from; i < n; ++i) fold(*s, *listing_turns[i], flavor);
  std::shared_ptr<const ListingState> done = std::move(s);
  memo().put(done);
  return done;
}

Exchange make_get(std::string path, std::string host, std::uint32_t cap, S3Step step,
                  std::string subject, std::string_view extra = {}) {
  Exchange e;
  e.label = "GET " + path;
  e.request = http::get_request(path, host, true, extra);
  e.max_reply_bytes = cap;
  e.step = static_cast<std::uint32_t>(step);
  e.subject = std::move(subject);
  return e;
}

}  // namespace

namespace s3 {

std::optional<std::string> vhost_bucket(std::string_view host_name, S3Flavor flavor) {
  const std::string h = ascii_lower(host_name);
  if (flavor == S3Flavor::gcs) {
    constexpr std::string_view kSuffix = ".storage.googleapis.com";
    if (!h.ends_with(kSuffix)) return std::nullopt;
    std::string bucket = h.substr(0, h.size() - kSuffix.size());
    if (object_store::valid_bucket_name(bucket)) return bucket;
    return std::nullopt;
  }
  for (const std::string_view marker : {".s3.", ".s3-"}) {
    const auto at = h.find(marker);
    if (at == std::string::npos) continue;
    std::string bucket = h.substr(0, at);
    if (object_store::valid_bucket_name(bucket)) return bucket;
  }
  return std::nullopt;
}

bool flavor_matches(const S3Reply& r, S3Flavor flavor) noexcept {
  return flavor == S3Flavor::gcs ? r.goog : !r.goog;
}

bool identified(const S3Reply& r, S3Flavor flavor) noexcept {
  if (!flavor_matches(r, flavor)) return false;
  if ((r.kind == ReplyKind::bucket_list || r.kind == ReplyKind::object_list) && r.s3_namespace) {
    return true;
  }
  return r.kind == ReplyKind::error && !r.error_code.empty() &&
         (r.amz_request_id || r.goog || is_denial(r.error_code) || r.error_code == "NoSuchBucket" ||
          r.error_code == "InvalidBucketName" || r.error_code == "PermanentRedirect");
}

bool proves_read(const S3Reply& r, std::string_view bucket, S3Flavor flavor) noexcept {
  return flavor_matches(r, flavor) && r.kind == ReplyKind::object_list && r.s3_namespace &&
         r.bucket_name == bucket && !r.objects.empty();
}

}  // namespace s3

const ProbeInfo& S3Probe::info() const noexcept {
  return flavor_ == S3Flavor::gcs ? kGcsInfo : kInfo;
}

std::optional<Exchange> S3Probe::next(const ProbeOptions& options, const Transcript& t) const {
  if (t.size() >= kMaxExchanges) return std::nullopt;
  const auto vhost = s3::vhost_bucket(options.host_name, flavor_);
  const std::string host = object_store::host_header(options);
  const std::string list_query = "?list-type=2&max-keys=" + std::to_string(s3::kPageKeys);
  if (t.empty()) {
    if (vhost) return make_get("/" + list_query, host, kListCap, S3Step::list, *vhost);
    return make_get("/", host, kListCap, S3Step::service, {});
  }
  // Object reads need no parse here: their subject names what was read, and whether the
  // connection is gone is in how each reply ended.
  std::vector<std::string_view> read_keys;
  for (const Turn& turn : t) {
    if (turn.end == ReplyEnd::closed || turn.end == ReplyEnd::reset) return std::nullopt;
    if (turn.reply.empty() && turn.end != ReplyEnd::complete) return std::nullopt;
    if (is_object(turn)) read_keys.push_back(turn.exchange.subject);
  }
  const auto a = listing_state(t, flavor_, vhost);
  if (a->first_unparsed || !a->first_identified) return std::nullopt;
  // The next page of a bucket whose listing said more objects follow (bounded per bucket and
  // per service).
  for (const auto& b : a->listings) {
    if (b.next_token.empty() || b.pages >= s3::kMaxPagesPerBucket ||
        a->listed >= s3::kMaxListedTotal) {
      continue;
    }
    const std::string path = vhost ? "/" : "/" + object_store::encode_path(b.bucket);
    return make_get(
        path + list_query + "&continuation-token=" + object_store::encode_query(b.next_token), host,
        kListCap, S3Step::list, b.bucket);
  }
  if (!vhost && a->open_buckets < kMaxOpenBuckets && a->listed < s3::kMaxListedTotal) {
    for (const auto& name :
         object_store::candidate_names(a->service_buckets, options.bucket_names)) {
      if (std::find(a->tried.begin(), a->tried.end(), name) != a->tried.end()) continue;
      return make_get("/" + object_store::encode_path(name) + list_query, host, kListCap,
                      S3Step::list, name);
    }
  }
  // The reads get the exchanges the listing left (fixed once the listing is done, so the plan
  // is the same on every turn and made once).
  const std::size_t max_reads = std::min(object_store::read_budget(options),
                                         kMaxExchanges - std::min(kMaxExchanges, a->turns));
  if (read_keys.size() >= max_reads) return std::nullopt;
  const auto plan = memo().plan(a, max_reads);
  for (const std::size_t i : *plan) {
    const auto& [bucket, key] = a->readable[i];
    std::string subject = bucket + "/" + key;
    if (std::find(read_keys.begin(), read_keys.end(), subject) != read_keys.end()) continue;
    const std::string encoded = object_store::encode_path(key);
    const std::string path = vhost ? "/" + encoded : "/" + bucket + "/" + encoded;
    const std::string range =
        "Range: bytes=0-" + std::to_string(object_store::kMaxObjectReadBytes - 1) + "\r\n";
    return make_get(path, host, object_store::kMaxObjectReadBytes + 4096, S3Step::object,
                    std::move(subject), range);
  }
  return std::nullopt;
}

Framing S3Probe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_response(reply);
}

Verdict S3Probe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
