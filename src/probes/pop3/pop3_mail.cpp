#include "probes/pop3/pop3_mail.h"

#include <algorithm>
#include <charconv>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/pop3/pop3_response.h"

namespace lw::probes::pop3 {
namespace {

bool is(const Turn& turn, Step step) {
  return turn.exchange.step == static_cast<std::uint32_t>(step);
}

const Turn* find(const Transcript& t, Step step, std::string_view subject = {}) {
  return find_step(t, static_cast<std::uint32_t>(step), subject);
}

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t n = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return n;
}

// "+OK 3 870" -> 3 messages, 870 octets.
void read_stat(MailState& s, const Turn& turn) {
  auto r = parse(turn.exchange.request, turn.reply);
  if (!r || r->status != Reply::Status::ok) return;
  const std::string_view text = r->text;
  const auto sp = text.find(' ');
  if (sp == std::string_view::npos) return;
  const auto end = text.find(' ', sp + 1);
  s.count = number(text.substr(0, sp));
  s.octets = number(text.substr(sp + 1, end == std::string_view::npos ? end : end - sp - 1));
  if (!s.octets) s.count.reset();
}

void read_list(MailState& s, const Turn& turn) {
  auto r = parse(turn.exchange.request, turn.reply);
  if (!r) {
    note_problem(s.problems, turn, r.error().message);
    return;
  }
  if (r->status != Reply::Status::ok || !s.count) return;
  s.sizes.assign(static_cast<std::size_t>(std::min(*s.count, kMaxListed)), 0);
  for (const auto& line : r->lines) {
    const auto sp = line.find(' ');
    if (sp == std::string::npos) continue;
    const auto n = number(std::string_view(line).substr(0, sp));
    const auto size = number(std::string_view(line).substr(sp + 1));
    if (n && size && *n >= 1 && *n <= s.sizes.size()) s.sizes[*n - 1] = *size;
  }
}

Exchange command(Step step, std::string label, std::string request, std::uint32_t cap,
                 std::string subject = {}) {
  Exchange e;
  e.label = std::move(label);
  e.request = std::move(request);
  e.max_reply_bytes = cap;
  e.step = static_cast<std::uint32_t>(step);
  e.subject = std::move(subject);
  return e;
}

std::string top_batch(std::uint64_t from, std::uint64_t to) {
  std::string out;
  for (std::uint64_t n = from; n <= to; ++n) out += "TOP " + std::to_string(n) + " 0\r\n";
  return out;
}

}  // namespace

MailState mail_state(const Transcript& t, bool pipelining) {
  MailState s;
  s.pipelining = pipelining;
  s.batch = pipelining ? kPipelinedBatch : 1;
  for (const auto& turn : t) {
    if (turn.exchange.step < static_cast<std::uint32_t>(Step::stat)) continue;
    if (note_cut_reply(s.problems, turn)) s.stop = true;
    if (is(turn, Step::stat)) read_stat(s, turn);
    if (is(turn, Step::list)) read_list(s, turn);
  }
  if (!s.count) return s;
  s.wanted = std::min(*s.count, pipelining ? kMaxHeaders : kUnpipelinedHeaders);
  s.first = *s.count - s.wanted + 1;  // the most recent messages
  for (const auto& turn : t) {
    if (!is(turn, Step::headers)) continue;
    const std::uint64_t from = s.first + s.header_turns * s.batch;
    ++s.header_turns;
    auto replies = parse_pipelined(turn.exchange.request, turn.reply);
    if (!replies) {
      s.stop = true;
      note_problem(s.problems, turn, replies.error().message);
      continue;
    }
    for (std::size_t i = 0; i < replies->size(); ++i) {
      const Reply& r = (*replies)[i];
      if (r.status != Reply::Status::ok || s.messages.size() >= kMaxHeaders) continue;
      std::string block;
      for (const auto& line : r.lines) {
        if (block.size() >= 64 * 1024) break;
        block += line + "\n";
      }
      MailHeaders m = parse_header_block(block);
      m.folder = "INBOX";
      m.id = from + i;
      if (m.id >= 1 && m.id <= s.sizes.size()) m.size = s.sizes[m.id - 1];
      s.messages.push_back(std::move(m));
    }
  }
  return s;
}

std::optional<Exchange> next_mail_exchange(const MailState& s, const Transcript& t,
                                           const ProbeOptions& options) {
  if (find(t, Step::stat) == nullptr) return command(Step::stat, "STAT", "STAT\r\n", 8192);
  if (!s.count || s.stop) return std::nullopt;
  if (*s.count <= kMaxListed) {
    if (find(t, Step::list) == nullptr) return command(Step::list, "LIST", "LIST\r\n", kListCap);
    if (find(t, Step::uidl) == nullptr) return command(Step::uidl, "UIDL", "UIDL\r\n", kListCap);
  }
  const std::uint64_t batches = (s.wanted + s.batch - 1) / s.batch;
  if (s.header_turns < batches) {
    const std::uint64_t from = s.first + s.header_turns * s.batch;
    const std::uint64_t to = std::min(from + s.batch - 1, *s.count);
    const std::string label =
        from == to ? "TOP " + std::to_string(from) + " 0"
                   : "TOP " + std::to_string(from) + ".." + std::to_string(to) + " 0 (pipelined)";
    return command(Step::headers, label, top_batch(from, to), kHeadersCap, "INBOX");
  }
  const std::size_t budget = std::min<std::size_t>(kMaxBodies, options.max_sample_records);
  for (const std::size_t i : plan_bodies(s.messages, budget).order) {
    const MailHeaders& m = s.messages[i];
    const std::string n = std::to_string(m.id);
    if (find(t, Step::body, n) != nullptr) continue;
    if (m.size > 0 && m.size <= kBodyBytes) {
      return command(Step::body, "RETR " + n, "RETR " + n + "\r\n", kBodyCap, n);
    }
    const std::string top = "TOP " + n + " " + std::to_string(kBodyLines);
    return command(Step::body, top, top + "\r\n", kBodyCap, n);
  }
  return std::nullopt;
}

void read_mail(const Transcript& t, bool pipelining, Observation& obs) {
  const MailState s = mail_state(t, pipelining);
  if (s.count) {
    obs.record_count = *s.count;
    obs.data_bytes = s.octets;
    obs.data_command_accepted = true;
  }
  SampleBudget budget(ProbeOptions{}.max_sample_records, ProbeOptions{}.max_sample_bytes,
                      kBodyBytes);
  std::size_t bodies = 0;
  for (const auto& turn : t) {
    if (!is(turn, Step::body)) continue;
    auto r = parse(turn.exchange.request, turn.reply);
    if (!r || r->status != Reply::Status::ok || r->lines.empty()) continue;
    std::string message;
    for (const auto& line : r->lines) {
      if (message.size() >= kBodyBytes) break;
      message += line + "\r\n";
    }
    if (bodies == 0) obs.proof = turn.exchange.label;
    ++bodies;
    budget.add(obs, "message INBOX/" + turn.exchange.subject, "email", std::move(message));
  }
  obs.metadata["pipelining"] = s.pipelining;
  obs.metadata["sampling"] =
      coverage_note(s.messages.size(), s.count.value_or(0), "message headers") + ", bodies of " +
      std::to_string(bodies);
  report_mail(obs, s.messages, bodies, s.problems,
              find_step(t, static_cast<std::uint32_t>(Step::headers)));
}

}  // namespace lw::probes::pop3
