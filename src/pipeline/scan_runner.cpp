#include "pipeline/scan_runner.h"

#include <cstdio>
#include <memory>
#include <thread>

#include "net/discovery/cyclic_permutation.h"
#include "net/discovery/target_space.h"
#include "net/rate_limiter.h"
#include "net/tls_context.h"
#include "pipeline/attempt_plan.h"
#include "pipeline/completion_tracker.h"
#include "pipeline/jsonl_output.h"
#include "pipeline/worker.h"

namespace lw::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatchRecords = 2000;
// Finished targets waiting for the writer; past this the workers wait (bounded memory).
constexpr std::size_t kQueueCapacity = 8192;
constexpr auto kBatchInterval = std::chrono::milliseconds(500);
// Open ports found by SYN discovery and not yet taken by a worker; past this discovery waits.
constexpr std::size_t kFeedCapacity = 65536;

ProberSettings make_prober_settings(const ScanConfig& c, const std::vector<const Probe*>& probes,
                                    asio::ssl::context* tls) {
  ProberSettings s;
  s.probes = probes;
  s.connect_only = is_connect_only(c.probes);
  s.options.default_logins = c.default_logins;
  s.options.default_credentials = c.default_credentials;
  s.options.max_items = c.max_items;
  s.options.max_sample_records = c.max_sample_records;
  s.options.max_sample_bytes = c.max_sample_bytes;
  s.options.bucket_names = c.bucket_names;
  s.limits.connect_timeout = c.connect_timeout;
  s.limits.read_timeout = c.read_timeout;
  s.limits.banner_wait = c.banner_wait;
  s.limits.max_reply_bytes = c.max_reply_bytes;
  s.service_budget = c.service_budget;
  s.max_attempts = c.max_attempts;
  s.sample_limits = {c.max_sample_records, c.max_sample_bytes};
  s.tls = tls;
  return s;
}

discovery::TargetSet target_set_of(const ScanConfig& c) {
  discovery::TargetSet set;
  set.ranges = c.ranges;
  set.names = c.names;
  for (const auto& r : c.ranges) set.address_count += r.size();
  return set;
}

struct Checkpoint {
  std::vector<CompletionTracker> trackers;
  std::uint64_t targets_done = 0;
  std::uint64_t ports_open = 0;
  std::uint64_t services_open = 0;
  std::uint64_t targets_untried = 0;

  nlohmann::json to_json() const {
    nlohmann::json workers = nlohmann::json::array();
    for (const auto& t : trackers) workers.push_back(t.to_json());
    return {{"workers", workers},
            {"targets_done", targets_done},
            {"ports_open", ports_open},
            {"services_open", services_open},
            {"targets_untried", targets_untried}};
  }
};

Result<Checkpoint> load_checkpoint(const std::string& text, std::uint32_t workers) {
  Checkpoint cp;
  if (text.empty()) {
    cp.trackers.resize(workers);
    return cp;
  }
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("workers") || j["workers"].size() != workers) {
    return fail(ErrorCode::parse_error, "the stored checkpoint does not match the scan",
                "checkpoint");
  }
  for (const auto& w : j["workers"]) {
    auto t = CompletionTracker::from_json(w);
    if (!t) return tl::unexpected(t.error());
    cp.trackers.push_back(std::move(*t));
  }
  cp.targets_done = j.value("targets_done", std::uint64_t{0});
  cp.ports_open = j.value("ports_open", std::uint64_t{0});
  cp.services_open = j.value("services_open", std::uint64_t{0});
  cp.targets_untried = j.value("targets_untried", std::uint64_t{0});
  return cp;
}

std::vector<discovery::Target> endpoints_of(const ScanConfig& config) {
  std::vector<discovery::Target> out;
  out.reserve(config.endpoints.size());
  for (const auto& [address, port] : config.endpoints) out.push_back({address, port});
  return out;
}

}  // namespace

Result<ScanSummary> run_scan(const ScanConfig& config, const catalog::ScanInfo& scan,
                             catalog::Store& store, const std::vector<const Probe*>& probes,
                             const ScanHooks& hooks, const std::atomic<bool>& interrupt,
                             discovery::syn::SynScanner* syn) {
  const bool syn_discovery = config.discovery == "syn";
  if (syn_discovery && syn == nullptr) {
    return fail(ErrorCode::internal, "SYN discovery asked for without a scanner");
  }
  if (syn_discovery && !scan.checkpoint_json.empty()) {
    return fail(ErrorCode::unsupported,
                "a scan with SYN discovery cannot be resumed; start it again", "--resume");
  }
  const discovery::TargetSet names = target_set_of(config);
  auto space = config.endpoints.empty()
                   ? discovery::TargetSpace::create(names, config.ports)
                   : discovery::TargetSpace::of_endpoints(endpoints_of(config));
  if (!space) return tl::unexpected(space.error());
  auto perm = discovery::CyclicPermutation::create(space->size(), config.seed);
  if (!perm) return tl::unexpected(perm.error());
  auto checkpoint = load_checkpoint(scan.checkpoint_json, config.workers);
  if (!checkpoint) return tl::unexpected(checkpoint.error());

  JsonlOutput output;
  if (!config.output_path.empty()) {
    auto opened = JsonlOutput::open(config.output_path, scan.output_offset);
    if (!opened) return tl::unexpected(opened.error());
    output = std::move(*opened);
  }

  asio::ssl::context tls = net::make_scan_tls_context();
  const ProberSettings prober = make_prober_settings(config, probes, &tls);
  net::RateLimiter limiter(config.rate, std::max(1.0, config.rate / 20.0));
  HostSlots hosts(config.per_host);
  ResultQueue queue(kQueueCapacity);
  std::atomic<std::uint64_t> in_flight{0};
  const WorkerShared shared{
      *space, names, prober, limiter, hosts, queue, in_flight, hooks.seen_before, hooks.classify};

  // Sub-shard w of the scan's shard: shard_index * workers + w of shard_count * workers.
  // With SYN discovery every worker takes the open ports from one feed instead.
  discovery::syn::OpenPortQueue feed(kFeedCapacity);
  std::vector<std::unique_ptr<Worker>> workers;
  ScanCounters counters;
  counters.targets_done = checkpoint->targets_done;
  counters.ports_open = checkpoint->ports_open;
  counters.services_open = checkpoint->services_open;
  counters.targets_untried = checkpoint->targets_untried;
  const std::uint64_t count = std::uint64_t{config.shard_count} * config.workers;
  const std::uint32_t per_worker = std::max<std::uint32_t>(1, config.concurrency / config.workers);
  double positions = 0;
  for (std::uint32_t w = 0; w < config.workers; ++w) {
    const std::uint64_t index = std::uint64_t{config.shard_index} * config.workers + w;
    const auto& tracker = checkpoint->trackers[w];
    auto it = perm->shard(index, count, tracker.resume_position());
    positions += static_cast<double>(it.positions());
    workers.push_back(std::make_unique<Worker>(w, shared, it, tracker.done_after(), per_worker,
                                               syn_discovery ? &feed : nullptr));
  }
  counters.targets_total = static_cast<std::uint64_t>(
      positions * static_cast<double>(space->size()) / static_cast<double>(perm->prime() - 1) +
      0.5);

  // Discovery runs beside the workers; targets_total then counts the open ports found so far
  // (and the known services handed over for a follow-up).
  std::atomic<bool> stop_discovery{false};
  std::atomic<std::uint64_t> discovered{0};
  std::optional<Result<discovery::syn::SynCounters>> discovery_result;
  std::thread discovering;
  if (syn_discovery) {
    counters.targets_total = 0;
    // A known service that answers RST or nothing goes to the probe stage too, which records
    // it as gone, as the connect engine does.
    std::function<bool(const discovery::Target&)> follow_up;
    if (hooks.seen_before) {
      follow_up = [&seen = hooks.seen_before](const discovery::Target& t) {
        return seen(t.address, t.port);
      };
    }
    discovering = std::thread([&, follow_up = std::move(follow_up)] {
      discovery_result = syn->run(
          *space, *perm, feed, stop_discovery,
          [&](const discovery::syn::SynCounters& c) { discovered = c.open + c.followed_up; },
          follow_up);
    });
  }
  // Joins discovery on every way out (it closes the feed when it ends).
  struct JoinDiscovery {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~JoinDiscovery() {
      stop = true;
      if (thread.joinable()) thread.join();
    }
  } join_discovery{stop_discovery, discovering};

  std::atomic<std::uint32_t> running{config.workers};
  std::vector<std::thread> threads;
  for (auto& w : workers) {
    threads.emplace_back([&running, worker = w.get()] {
      worker->run();
      running.fetch_sub(1);
    });
  }

  const auto started = Clock::now();
  auto last_commit = started;
  auto last_progress = started;
  std::vector<ServiceRecord> batch;
  std::vector<std::string> lines;
  bool dirty = false;
  bool stopped = false;
  ScanSummary summary;
  std::optional<Error> failure;

  auto commit = [&]() -> Result<void> {
    if (!dirty) return {};
    for (const auto& line : lines) {
      if (auto w = output.write_line(line); !w) return w;
    }
    if (auto f = output.flush(); !f) return f;
    checkpoint->targets_done = counters.targets_done;
    checkpoint->ports_open = counters.ports_open;
    checkpoint->services_open = counters.services_open;
    checkpoint->targets_untried = counters.targets_untried;
    auto c = store.commit_batch(scan.id, batch, checkpoint->to_json().dump(), output.offset());
    if (!c) return c;
    if (hooks.on_committed) {
      for (std::size_t i = 0; i < batch.size(); ++i) hooks.on_committed(batch[i], lines[i]);
    }
    batch.clear();
    lines.clear();
    dirty = false;
    return {};
  };

  while (true) {
    if (interrupt.load() && !stopped) {
      stopped = true;
      summary.interrupted = true;
      for (auto& w : workers) w->stop();
    }
    if (stopped) stop_discovery = true;
    if (syn_discovery) counters.targets_total = discovered.load();
    const bool workers_done = running.load() == 0;
    auto items = queue.pop_all(std::chrono::milliseconds(100));
    for (auto& item : items) {
      checkpoint->trackers[item.worker].complete(item.ordinal, item.position);
      ++counters.targets_done;
      dirty = true;
      if (item.untried) ++counters.targets_untried;
      if (!item.service) continue;
      if (item.service->port_open) ++counters.ports_open;
      ServiceRecord& rec = item.service->record;
      rec.scan_id = scan.id;
      // Classified, redacted and assessed on the worker (classification_stage.h); a classifier
      // error there withheld the metadata and stops the scan here.
      if (item.stage_error && !failure) {
        failure = *item.stage_error;
        stopped = true;
        for (auto& w : workers) w->stop();
      }
      if (rec.verdict.kind == VerdictKind::open) ++counters.services_open;
      lines.push_back(to_json_line(rec));
      batch.push_back(std::move(rec));
    }
    const auto now = Clock::now();
    if (batch.size() >= kBatchRecords || now - last_commit >= kBatchInterval ||
        (workers_done && items.empty())) {
      if (auto c = commit(); !c && !failure) {
        failure = c.error();
        if (!stopped) {
          stopped = true;
          for (auto& w : workers) w->stop();
        }
      }
      last_commit = now;
    }
    if (hooks.on_progress && now - last_progress >= std::chrono::seconds(1)) {
      counters.in_flight = in_flight.load();
      counters.elapsed_s = std::chrono::duration<double>(now - started).count();
      hooks.on_progress(counters);
      last_progress = now;
    }
    if (workers_done && items.empty() && (failure || !dirty)) break;
  }
  for (auto& t : threads) t.join();
  stop_discovery = stop_discovery.load() || stopped;
  if (discovering.joinable()) discovering.join();
  if (discovery_result && !*discovery_result && !failure) failure = discovery_result->error();
  if (failure) return tl::unexpected(*failure);
  if (discovery_result && *discovery_result) {
    summary.discovery = **discovery_result;
    counters.targets_total = summary.discovery->open + summary.discovery->followed_up;
  }
  counters.in_flight = 0;
  counters.elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  summary.counters = counters;
  return summary;
}

}  // namespace lw::pipeline
