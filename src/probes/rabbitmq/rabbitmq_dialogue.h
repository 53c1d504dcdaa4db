#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/probe.h"
#include "core/result.h"
#include "probes/rabbitmq/amqp_wire.h"

// The two RabbitMQ dialogues (README.md): AMQP 0-9-1 on 5672 and the management HTTP API on
// 15672. State is derived from the transcript's requests and replies; labels are for people.
namespace lw::probes::rabbitmq {

// The vendor default account --default-credentials may try, and nothing else: RabbitMQ creates
// guest/guest on a fresh node (https://www.rabbitmq.com/access-control.html#default-state).
struct DefaultAccount {
  std::string_view user;
  std::string_view password;
};
constexpr DefaultAccount kGuest{"guest", "guest"};

constexpr std::string_view kHeaderLabel = "AMQP 0-9-1 protocol header";
constexpr std::string_view kStartOkLabel = "Connection.Start-Ok PLAIN guest";
constexpr std::string_view kOverviewLabel = "GET /api/overview";
constexpr std::string_view kVhostsLabel = "GET /api/vhosts";
constexpr std::string_view kQueuesLabel = "GET /api/queues";
constexpr std::string_view kGuestSuffix = " (default credentials guest)";

constexpr std::uint32_t kAmqpReplyCap = 64 * 1024;
constexpr std::uint32_t kOverviewCap = 256 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::size_t kMaxQueuesListed = 100;  // further bounded by ProbeOptions::max_items

// The management API's default ports (plain HTTP); every other port speaks AMQP first.
bool is_management_port(std::uint16_t port) noexcept;
// Whether the transcript is the management dialogue (its first request is HTTP).
bool is_management(const Transcript& t) noexcept;

enum class Login { not_tried, accepted, refused, no_answer };

struct AmqpState {
  std::optional<amqp::ConnectionStart> start;        // the reply to the protocol header
  std::optional<amqp::ProtocolHeader> other_header;  // the server wants another version
  std::optional<Error> start_error;                  // AMQP-shaped but malformed or over a cap
  Login login = Login::not_tried;
  std::string login_detail;  // Close's code and text, or how the connection ended
};
AmqpState analyse_amqp(const Transcript& t);
bool offers(const amqp::ConnectionStart& start, std::string_view mechanism);

std::optional<Exchange> next_amqp(const ProbeOptions& options, const Transcript& t);
std::optional<Exchange> next_management(const ProbeOptions& options, const Transcript& t);

// parse() of each dialogue.
Result<Observation> observe_amqp(const Transcript& t);
Result<Observation> observe_management(const Transcript& t);

// The value of a flattened server property ("product", "capabilities.publisher_confirms").
std::string property(const amqp::FlatTable& table, std::string_view key);

}  // namespace lw::probes::rabbitmq
