#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::pg {

// PostgreSQL frontend/backend protocol 3.0
// (https://www.postgresql.org/docs/current/protocol-message-formats.html): after the startup
// phase every backend message is a type byte, an int32 length that counts itself, and a body.

struct Limits {
  std::size_t max_message = 1 << 20;  // one message's body
  std::size_t max_messages = 20'000;  // messages in one reply
  std::size_t max_columns = 1600;     // PostgreSQL's own column limit
};

struct Message {
  char type = 0;
  std::string_view body;  // a view into the reply
};

struct Split {
  std::vector<Message> messages;
  std::size_t consumed = 0;  // bytes of whole messages
};

// Every whole message at the front of `in`. A length below 4 or over the cap is an Error.
Result<Split> split_messages(std::string_view in, const Limits& = {});

struct Notice {
  std::string severity;  // "FATAL", "ERROR"
  std::string code;      // SQLSTATE: "28P01"
  std::string message;
};
// Fields of an ErrorResponse / NoticeResponse body (each value cut to 256 bytes).
Notice parse_notice(std::string_view body);

// Column names of a RowDescription body.
Result<std::vector<std::string>> row_description(std::string_view body, const Limits& = {});
// Column values of a DataRow body (nullopt = SQL NULL).
Result<std::vector<std::optional<std::string>>> data_row(std::string_view body, const Limits& = {});
// The int32 code of an Authentication ('R') body: 0 ok, 3 cleartext, 5 MD5, 10 SASL...
std::optional<std::uint32_t> auth_code(std::string_view body);
// name, value of a ParameterStatus body.
std::optional<std::pair<std::string, std::string>> parameter_status(std::string_view body);

std::string startup_message(std::string_view user, std::string_view database,
                            std::string_view application);
std::string ssl_request();
std::string query_message(std::string_view sql);
// "schema"."table" with embedded quotes doubled.
std::string quote_ident(std::string_view name);

}  // namespace lw::probes::pg
