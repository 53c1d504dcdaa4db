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
