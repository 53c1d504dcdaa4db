// leakwatch's SYN discovery alone, for bench/syn/run.sh: the engine `scan --discovery syn` runs
// (pipeline::syn_scan_options, SynScanner), with the open ports written to a file instead of
// handed to the probe stage, so its rate can be set beside masscan's and ZMap's, which do no
// more than that either.
//   lw_bench_syn_discover CIDR PORT,PORT... SYN_RATE RETRIES COOLDOWN_MS OUT_FILE
// Prints SynScanner's counters on stderr. Root (CAP_NET_RAW), inside the bench's namespace.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "net/discovery/cyclic_permutation.h"
#include "net/discovery/resolver.h"
#include "net/discovery/syn/capabilities.h"
#include "net/discovery/syn/open_port_queue.h"
#include "net/discovery/syn/syn_scanner.h"
#include "net/discovery/target_space.h"
#include "pipeline/syn_link.h"

namespace {

using namespace lw;

int usage(const char* why) {
  std::fprintf(stderr,
               "lw_bench_syn_discover: %s\nusage: lw_bench_syn_discover CIDR PORT,PORT... "
               "SYN_RATE RETRIES COOLDOWN_MS OUT_FILE\n",
               why);
  return 2;
}

int run(int argc, char** argv) {
  if (argc != 7) return usage("six arguments");
  discovery::TargetSetBuilder builder({true, true}, discovery::system_resolve);
  if (auto ok = builder.include({argv[1], "argument 1"}); !ok) {
    return usage(ok.error().describe().c_str());
  }
  auto set = builder.finish();
  if (!set) return usage(set.error().describe().c_str());
  std::vector<std::uint16_t> ports;
  for (std::string list = argv[2]; !list.empty();) {
    const auto comma = list.find(',');
    ports.push_back(static_cast<std::uint16_t>(std::stoul(list.substr(0, comma))));
    list = comma == std::string::npos ? "" : list.substr(comma + 1);
  }
  pipeline::ScanConfig config;
  config.ranges = set->ranges;
  config.ports = ports;
  config.syn.rate = std::stod(argv[3]);
  config.syn.retries = static_cast<std::uint32_t>(std::stoul(argv[4]));
  config.syn.cooldown = std::chrono::milliseconds(std::stoll(argv[5]));
  std::vector<std::string> notes;
  auto options = pipeline::syn_scan_options(config, notes);
  if (!options) return usage(options.error().describe().c_str());
  auto scanner = discovery::syn::SynScanner::open(*options);
  if (!scanner) return usage(scanner.error().describe().c_str());
  if (auto dropped = discovery::syn::drop_capabilities(); !dropped) {
    return usage(dropped.error().describe().c_str());
  }
  auto space = discovery::TargetSpace::create(*set, ports);
  if (!space) return usage(space.error().describe().c_str());
  auto permutation = discovery::CyclicPermutation::create(space->size(), std::random_device{}());
  if (!permutation) return usage(permutation.error().describe().c_str());
  std::FILE* out = std::fopen(argv[6], "w");
  if (out == nullptr) return usage("cannot write the output file");
  std::fprintf(stderr, "%s\n", notes.back().c_str());

  discovery::syn::OpenPortQueue found(65536);
  std::thread writer([&] {
    while (!found.finished()) {
      if (auto t = found.pop(std::chrono::milliseconds(100))) {
        std::fprintf(out, "%s %u\n", t->address.to_string().c_str(), t->port);
      }
    }
  });
  const std::atomic<bool> never{false};
  auto counters = scanner->run(*space, *permutation, found, never);
  writer.join();
  std::fclose(out);
  if (!counters) {
    std::fprintf(stderr, "lw_bench_syn_discover: %s\n", counters.error().describe().c_str());
    return 1;
  }
  const auto& c = *counters;
  std::fprintf(stderr,
               "SYN discovery: %llu SYNs sent in %.2fs, %llu open, %llu closed; %llu frames "
               "received; %llu dropped by the kernel; %llu RSTs sent; waits: %llu link full, %llu "
               "probes behind, %llu queue full\n",
               static_cast<unsigned long long>(c.sent), c.sending_seconds,
               static_cast<unsigned long long>(c.open), static_cast<unsigned long long>(c.closed),
               static_cast<unsigned long long>(c.received),
               static_cast<unsigned long long>(c.kernel_dropped),
               static_cast<unsigned long long>(c.resets_sent),
               static_cast<unsigned long long>(c.send_stalls),
               static_cast<unsigned long long>(c.sender_pauses),
               static_cast<unsigned long long>(c.queue_waits));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // std::stoul and friends on a bad number
    return usage(e.what());
  }
}
