// Fuzzes the Kubernetes probe: the input is split on 0xFF bytes into the replies to /version,
// namespaces and pods (API server); the kubelet path gets the whole input as its /pods reply.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "probes/common/fuzz_transcript.h"
#include "probes/kubernetes/kubernetes_probe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const lw::probes::KubernetesProbe p;
  using namespace lw::probes::kubernetes;
  lw::probes::fuzzing::exercise(p, input, {kVersionLabel, kNamespacesLabel, kPodsLabel});
  lw::probes::fuzzing::exercise(p, input, {kKubeletPodsLabel});
  return 0;
}
