#include "transcript_io.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace lw::testing {
namespace {

constexpr std::size_t kMaxFile = 64 * 1024 * 1024;

bool end_from(std::string_view s, ReplyEnd& e) {
  for (const ReplyEnd c : {ReplyEnd::complete, ReplyEnd::closed, ReplyEnd::timeout,
                           ReplyEnd::cap_reached, ReplyEnd::reset}) {
    if (to_string(c) == s) {
      e = c;
      return true;
    }
  }
  return false;
}

bool data_end_from(std::string_view s, DataEnd& e) {
  for (const DataEnd c : {DataEnd::none, DataEnd::closed, DataEnd::timeout, DataEnd::cap_reached,
                          DataEnd::reset, DataEnd::not_connected}) {
    if (to_string(c) == s) {
      e = c;
      return true;
    }
  }
  return false;
}

bool number(std::string_view s, std::size_t& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

std::string serialize_transcript(const Transcript& t, std::string_view provenance) {
  std::string out = "LWT1\n";
  std::istringstream lines{std::string(provenance)};
  for (std::string line; std::getline(lines, line);) out += "# " + line + "\n";
  for (const auto& turn : t) {
    out += "turn " + std::string(to_string(turn.end)) + " " +
           std::to_string(turn.exchange.label.size()) + " " +
           std::to_string(turn.exchange.request.size()) + " " + std::to_string(turn.reply.size()) +
           " " + std::to_string(turn.exchange.max_reply_bytes) + "\n";
    out += turn.exchange.label + turn.exchange.request + turn.reply + "\n";
    if (const auto& dc = turn.exchange.data_channel) {
      out += "data " + std::string(to_string(turn.data_end)) + " " +
             std::to_string(turn.data.size()) + " " + std::to_string(dc->port) + " " +
             std::to_string(dc->max_bytes) + "\n" + turn.data + "\n";
    }
  }
  return out;
}

Result<Transcript> parse_transcript(std::string_view text) {
  if (text.substr(0, 5) != "LWT1\n") return fail(ErrorCode::parse_error, "not a LWT1 transcript");
  std::size_t pos = 5;
  Transcript t;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return fail(ErrorCode::parse_error, "unterminated line");
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> f;
    for (std::size_t a = 0; a <= line.size();) {
      std::size_t b = line.find(' ', a);
      if (b == std::string_view::npos) b = line.size();
      f.push_back(line.substr(a, b - a));
      a = b + 1;
    }
    if (!f.empty() && f[0] == "data") {
      // The data connection of the turn before (core/probe.h DataChannel).
      std::size_t ndata = 0, port = 0, max = 0;
      if (t.empty() || f.size() != 5 || !data_end_from(f[1], t.back().data_end) ||
          !number(f[2], ndata) || !number(f[3], port) || !number(f[4], max) || port > 65535 ||
          ndata + 1 > text.size() - pos) {
        return fail(ErrorCode::parse_error, "bad data line", std::string(line));
      }
      t.back().exchange.data_channel =
          DataChannel{static_cast<std::uint16_t>(port), static_cast<std::uint32_t>(max)};
      t.back().data = std::string(text.substr(pos, ndata));
      pos += ndata + 1;
      continue;
    }
    Turn turn;
    std::size_t nlabel = 0, nreq = 0, nreply = 0, cap = 0;
    if (f.size() != 6 || f[0] != "turn" || !end_from(f[1], turn.end) || !number(f[2], nlabel) ||
        !number(f[3], nreq) || !number(f[4], nreply) || !number(f[5], cap)) {
      return fail(ErrorCode::parse_error, "bad turn line", std::string(line));
    }
    if (nlabel + nreq + nreply + 1 > text.size() - pos) {
      return fail(ErrorCode::parse_error, "turn longer than the file");
    }
    turn.exchange.label = std::string(text.substr(pos, nlabel));
    turn.exchange.request = std::string(text.substr(pos + nlabel, nreq));
    turn.reply = std::string(text.substr(pos + nlabel + nreq, nreply));
    turn.exchange.max_reply_bytes = static_cast<std::uint32_t>(cap);
    pos += nlabel + nreq + nreply + 1;
    t.push_back(std::move(turn));
  }
  return t;
}

Result<Transcript> load_transcript(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::io_error, "cannot open", path);
  std::string text;
  text.reserve(4096);
  char c;
  while (text.size() < kMaxFile && in.get(c)) text.push_back(c);
  auto t = parse_transcript(text);
  if (!t) {
    Error e = t.error();
    e.where = path + ": " + e.where;
    return tl::unexpected(e);
  }
  return t;
}

Result<void> save_transcript(const std::string& path, const Transcript& t,
                             std::string_view provenance) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(ErrorCode::io_error, "cannot write", path);
  const std::string text = serialize_transcript(t, provenance);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) return fail(ErrorCode::io_error, "write failed", path);
  return {};
}

}  // namespace lw::testing
