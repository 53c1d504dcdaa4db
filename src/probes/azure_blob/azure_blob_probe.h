#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/probe.h"

namespace lw::probes {

// Azure Blob Storage containers with public access (and Azurite, the emulator): List Containers
// anonymously, then List Blobs (?restype=container&comp=list) on the service's own container
// names and a short list of common ones, then bounded reads of a few small text-like blobs.
// See README.md.
class AzureBlobProbe final : public Probe {
 public:
  const ProbeInfo& info() const noexcept override;
  std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const override;
  Framing frame(const Exchange&, std::string_view reply) const override;
  Result<Observation> parse(const Transcript&) const override;
  Verdict judge(const Observation&) const override;
};

namespace azure {
// What each exchange is (Exchange::step). Subjects: the account path prefix for the service
// listing ("/devstoreaccount1" or ""), the container for a List Blobs page, "<container>/<blob>"
// (the raw blob name) for a read.
enum class AzureStep : std::uint32_t { service = 1, list = 2, blob = 3 };
// Paging (README.md): pages of kPageBlobs names, at most kMaxPagesPerContainer per container
// (NextMarker -> marker=) and kMaxListedTotal names per service.
constexpr std::uint32_t kPageBlobs = 1000;
constexpr std::size_t kMaxPagesPerContainer = 5;
constexpr std::size_t kMaxListedTotal = 10'000;

// The path prefix that names the storage account: "" for "<account>.blob.core.windows.net"
// (the account is the host), "/devstoreaccount1" otherwise (the emulator's path style).
std::string account_prefix(std::string_view host_name);
}  // namespace azure

}  // namespace lw::probes
