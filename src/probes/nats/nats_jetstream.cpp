#include "probes/nats/nats_jetstream.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "probes/common/base64.h"
#include "probes/common/sampler.h"
#include "probes/nats/nats_text.h"

namespace lw::probes::nats {
namespace {

constexpr std::size_t kMaxNotes = 8;
constexpr std::size_t kMaxRepliesPerTurn = 64;
constexpr std::size_t kMaxLines = 100'000;     // lines looked at per reply
constexpr std::size_t kSeqReadsPerStream = 3;  // streams without a subject list: the last three
constexpr std::size_t kMaxExchanges = 1 + kMaxStreamsRead + kMaxReads / kReadsPerExchange + 1;

struct Reply {
  std::string inbox;  // the reply subject it came on
  std::string payload;
};

struct Replies {
  std::vector<Reply> replies;
  std::optional<std::string> error;  // -ERR
  bool cut = false;                  // an over-cap or unparsable MSG: reading stopped there
  bool partial = false;              // the last line or payload is not all here yet
};

struct Request {
  std::string subject;
  std::string inbox;
};

void note(JetStream& js, std::string s) {
  if (js.notes.size() < kMaxNotes) js.notes.push_back(std::move(s));
}

std::optional<std::size_t> count_of(std::string_view s) {
  std::size_t n = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return n;
}

// The MSGs of a reply, bounded; stops (cut) at a MSG over kMaxApiReply or one that is not whole.
Replies read_replies(std::string_view in) {
  Replies out;
  std::size_t pos = 0;
  std::size_t lines = 0;
  while (pos < in.size() && out.replies.size() < kMaxRepliesPerTurn && ++lines < kMaxLines) {
    const std::size_t crlf = in.find("\r\n", pos);
    if (crlf == std::string_view::npos || crlf - pos > kMaxLine) {
      out.cut = crlf != std::string_view::npos || in.size() - pos > kMaxLine;
      out.partial = !out.cut;
      break;
    }
    const std::string_view line = in.substr(pos, crlf - pos);
    pos = crlf + 2;
    if (line.starts_with("-ERR")) {
      if (!out.error) out.error = std::string(line.substr(0, 256));
      continue;
    }
    if (!line.starts_with("MSG ")) continue;  // PING, +OK, INFO updates
    std::vector<std::string_view> f;
    std::string_view rest = line.substr(4);
    while (!rest.empty() && f.size() < 5) {
      const std::size_t sp = rest.find(' ');
      if (sp != 0) f.push_back(rest.substr(0, sp));
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
    const auto n = f.size() >= 3 && f.size() <= 4 ? count_of(f.back()) : std::nullopt;
    if (!n || *n > kMaxApiReply) {
      out.cut = true;
      break;
    }
    if (in.size() - pos < *n + 2) {
      out.partial = true;
      break;
    }
    // Only replies on our inbox count (a busy server's traffic on the ended wildcard
    // subscription may still be in flight).
    if (f[0].starts_with(kInbox)) {
      out.replies.push_back(Reply{std::string(f[0]), std::string(in.substr(pos, *n))});
    }
    pos += *n + 2;
  }
  return out;
}

// The PUB requests of one of our own exchanges (subject and reply inbox).
std::vector<Request> requests_of(std::string_view request) {
  std::vector<Request> out;
  std::size_t pos = 0;
  while (pos < request.size()) {
    const std::size_t crlf = request.find("\r\n", pos);
    if (crlf == std::string_view::npos) break;
    const std::string_view line = request.substr(pos, crlf - pos);
    pos = crlf + 2;
    if (!line.starts_with("PUB ")) continue;
    const std::size_t a = line.find(' ', 4);
    const std::size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    if (b == std::string_view::npos) break;
    out.push_back(
        Request{std::string(line.substr(4, a - 4)), std::string(line.substr(a + 1, b - a - 1))});
    const auto n = count_of(line.substr(b + 1));
    if (!n) break;
    pos += *n + 2;
  }
  return out;
}

std::string pub(std::string_view subject, std::string_view inbox, std::string_view payload) {
  return "PUB " + std::string(subject) + " " + std::string(inbox) + " " +
         std::to_string(payload.size()) + "\r\n" + std::string(payload) + "\r\n";
}

// A stream name or subject we may put in a request line: printable, no whitespace, bounded;
// stream names also without '.', '*', '>' (they become one subject token).
bool usable(std::string_view s, bool stream_name) {
  if (s.empty() || s.size() > kMaxNameBytes) return false;
  for (const char c : s) {
    if (c <= ' ' || c == 0x7f) return false;
    if (stream_name && (c == '.' || c == '*' || c == '>')) return false;
  }
  return true;
}

std::uint64_t u64(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

std::string api_error(const nlohmann::json& j) {
  const auto& e = j["error"];
  std::string code = e.contains("code") && e["code"].is_number() ? e["code"].dump() : "?";
  const auto d = e.find("description");
  return code + " " + (d != e.end() && d->is_string() ? printable(d->get<std::string>(), 120) : "");
}

void on_list(JetStream& js, const std::string& label, const nlohmann::json& j) {
  const auto streams = j.find("streams");
  if (streams == j.end() || !streams->is_array()) return;
  js.answered = true;
  js.answer_label = label;
  js.streams_total = std::max<std::uint64_t>(u64(j, "total"), streams->size());
  for (const auto& s : *streams) {
    if (js.streams.size() >= kMaxStreamsKept) break;
    if (!s.is_object() || !s.contains("config") || !s["config"].is_object()) continue;
    const auto& config = s["config"];
    Stream stream;
    if (!config.contains("name") || !config["name"].is_string()) continue;
    stream.name = config["name"].get<std::string>().substr(0, 1024);
    if (const auto subj = config.find("subjects"); subj != config.end() && subj->is_array()) {
      for (const auto& x : *subj) {
        if (x.is_string() && stream.config_subjects.size() < 16) {
          stream.config_subjects.push_back(x.get<std::string>().substr(0, 256));
        }
      }
    }
    if (const auto state = s.find("state"); state != s.end() && state->is_object()) {
      stream.messages = u64(*state, "messages");
      stream.bytes = u64(*state, "bytes");
      stream.last_seq = u64(*state, "last_seq");
      stream.num_subjects = u64(*state, "num_subjects");
    }
    js.streams.push_back(std::move(stream));
  }
}

void on_subjects(JetStream& js, std::string_view name, const nlohmann::json& j) {
  for (auto& stream : js.streams) {
    if (stream.name != name) continue;
    const auto state = j.find("state");
    if (state == j.end() || !state->is_object()) return;
    const auto subjects = state->find("subjects");
    stream.subjects_listed = true;
    if (subjects == state->end() || !subjects->is_object()) return;
    stream.subjects_total = subjects->size();
    for (const auto& [subject, n] : subjects->items()) {
      if (stream.subjects.size() >= kMaxSubjectsKept) break;
      stream.subjects.emplace_back(subject, n.is_number_unsigned() ? n.get<std::uint64_t>() : 0);
    }
    return;
  }
}

void on_message(JetStream& js, const std::string& label, std::string_view stream,
                const nlohmann::json& j) {
  const auto m = j.find("message");
  if (m == j.end() || !m->is_object()) return;
  StoredMessage msg{label, std::string(stream), "", u64(*m, "seq"), ""};
  if (const auto s = m->find("subject"); s != m->end() && s->is_string()) {
    msg.subject = s->get<std::string>().substr(0, 1024);
  }
  if (const auto d = m->find("data"); d != m->end() && d->is_string()) {
    auto data = base64_decode(d->get<std::string>(), kMaxApiReply);
    if (!data) {
      note(js, label + ": message data is not base64");
      return;
    }
    msg.data = std::move(*data);
  }
  js.messages.push_back(std::move(msg));
}

}  // namespace

JetStream analyse_jetstream(const Transcript& t) {
  JetStream js;
  constexpr std::string_view kGet = "$JS.API.STREAM.MSG.GET.";
  for (std::size_t i = 2; i < t.size(); ++i) {
    const Turn& turn = t[i];
    const Exchange& ex = turn.exchange;
    const std::string& label = ex.label;
    ++js.exchanges;
    if (is_step(ex, Step::streams)) js.asked = true;
    if (is_step(ex, Step::subjects)) {
      for (auto& s : js.streams) s.subjects_asked = s.subjects_asked || s.name == ex.subject;
    }
    const auto requests = requests_of(ex.request);
    if (is_step(ex, Step::messages)) js.reads_sent += requests.size();
    const Replies r = read_replies(turn.reply);
    if (r.error) note(js, label + ": " + printable(*r.error, 120));
    if (r.cut || r.partial || turn.end != ReplyEnd::complete) {
      js.stopped = true;
      note(js, label + ": reply cut (" + std::string(to_string(turn.end)) + ", cap " +
                   std::to_string(turn.exchange.max_reply_bytes) + " bytes); reading stopped");
    }
    for (const auto& reply : r.replies) {
      const auto req = std::find_if(requests.begin(), requests.end(),
                                    [&](const Request& q) { return q.inbox == reply.inbox; });
      if (req == requests.end()) continue;
      auto j = nlohmann::json::parse(reply.payload, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        note(js, label + ": the JetStream API reply is not a JSON object");
        continue;
      }
      if (j.contains("error") && j["error"].is_object()) {
        note(js, label + ": JetStream API error " + api_error(j));
        continue;
      }
      if (is_step(ex, Step::streams)) {
        on_list(js, label, j);
      } else if (is_step(ex, Step::subjects)) {
        on_subjects(js, ex.subject, j);
      } else if (req->subject.starts_with(kGet)) {
        on_message(js, label, std::string_view(req->subject).substr(kGet.size()), j);
      }
    }
  }
  return js;
}

std::vector<const Stream*> choose_streams(const JetStream& js, std::size_t budget) {
  std::vector<const Stream*> eligible;
  std::vector<std::string> names;
  for (const auto& s : js.streams) {
    if (s.messages == 0 || !usable(s.name, true) || s.num_subjects > kMaxSubjectsKept) continue;
    eligible.push_back(&s);
    std::string name = s.name;
    for (const auto& subj : s.config_subjects) name += " " + subj;
    names.push_back(std::move(name));
  }
  std::vector<SampleCandidate> candidates;
  for (std::size_t i = 0; i < eligible.size(); ++i) {
    candidates.push_back(SampleCandidate{names[i], eligible[i]->name, 0});
  }
  std::vector<const Stream*> out;
  for (const std::size_t i : plan_sample(candidates, budget).order) out.push_back(eligible[i]);
  return out;
}

std::vector<Pick> choose_messages(const JetStream& js, std::size_t budget) {
  std::vector<Pick> picks;
  for (const auto& s : js.streams) {
    if (s.messages == 0 || !usable(s.name, true)) continue;
    if (s.subjects_listed && !s.subjects.empty()) {
      for (const auto& [subject, n] : s.subjects) {
        if (n > 0 && usable(subject, false)) picks.push_back(Pick{&s, subject, 0});
      }
    } else if (s.subjects_asked || s.num_subjects > kMaxSubjectsKept) {
      for (std::uint64_t k = 0; k < kSeqReadsPerStream && k < s.last_seq; ++k) {
        picks.push_back(Pick{&s, "", s.last_seq - k});
      }
    }
  }
  std::vector<std::string> names;
  std::vector<std::string> groups;
  names.reserve(picks.size());
  groups.reserve(picks.size());
  for (const auto& p : picks) {
    names.push_back(p.stream->name + "/" + p.subject);
    // A group per stream and the subject's first two tokens (web.page, web.hr, orders.created).
    const std::size_t dot = p.subject.find('.');
    const std::size_t dot2 = dot == std::string::npos ? dot : p.subject.find('.', dot + 1);
    groups.push_back(p.stream->name + "/" + p.subject.substr(0, dot2));
  }
  std::vector<SampleCandidate> candidates;
  candidates.reserve(picks.size());
  for (std::size_t i = 0; i < picks.size(); ++i) {
    candidates.push_back(SampleCandidate{names[i], groups[i], 0});
  }
  std::vector<Pick> out;
  for (const std::size_t i : plan_sample(candidates, budget).order) out.push_back(picks[i]);
  return out;
}

std::optional<Exchange> next_jetstream(const ProbeOptions& options, const Transcript& t,
                                       const JetStream& js) {
  if (js.stopped || js.exchanges >= kMaxExchanges || options.max_sample_records == 0) {
    return std::nullopt;
  }
  if (!t.empty() && t.back().end != ReplyEnd::complete) return std::nullopt;
  const std::string inbox(kInbox);
  if (!js.asked) {
    // The wildcard subscription of the previous exchange ends first; replies come on kInbox.
    return Exchange{"JetStream streams",
                    "UNSUB 1\r\nSUB " + inbox + ".> 2\r\n" +
                        pub("$JS.API.STREAM.LIST", inbox + ".list", "{\"offset\":0}"),
                    kListCap, step_id(Step::streams)};
  }
  if (!js.answered) return std::nullopt;
  for (const Stream* s : choose_streams(js, kMaxStreamsRead)) {
    if (s->subjects_asked) continue;
    return Exchange{
        "subjects " + s->name,
        pub("$JS.API.STREAM.INFO." + s->name, inbox + ".subjects", "{\"subjects_filter\":\">\"}"),
        kSubjectsCap, step_id(Step::subjects), s->name};
  }
  const std::size_t budget = std::min<std::size_t>(kMaxReads, options.max_sample_records);
  const auto plan = choose_messages(js, budget);
  if (js.reads_sent >= plan.size()) return std::nullopt;
  std::string request;
  std::size_t n = 0;
  for (std::size_t i = js.reads_sent; i < plan.size() && n < kReadsPerExchange; ++i, ++n) {
    const Pick& p = plan[i];
    const nlohmann::json body = p.subject.empty() ? nlohmann::json{{"seq", p.seq}}
                                                  : nlohmann::json{{"last_by_subj", p.subject}};
    request += pub("$JS.API.STREAM.MSG.GET." + p.stream->name, inbox + ".get" + std::to_string(i),
                   body.dump());
  }
  return Exchange{
      "messages " + std::to_string(js.reads_sent + 1) + "-" + std::to_string(js.reads_sent + n),
      request, kMessagesCap, step_id(Step::messages)};
}

bool jetstream_reply_complete(const Exchange& exchange, std::string_view reply) {
  const Replies r = read_replies(reply);
  if (r.error || r.cut) return true;
  const std::size_t expected = requests_of(exchange.request).size();
  return r.replies.size() >= expected;
}

}  // namespace lw::probes::nats
