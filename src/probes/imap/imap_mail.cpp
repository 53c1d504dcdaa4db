#include "probes/imap/imap_mail.h"

#include <algorithm>
#include <charconv>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"

namespace lw::probes::imap {
namespace {

bool is(const Turn& turn, Step step) {
  return turn.exchange.step == static_cast<std::uint32_t>(step);
}

const Turn* find(const Transcript& t, Step step, std::string_view subject = {}) {
  return find_step(t, static_cast<std::uint32_t>(step), subject);
}

// The responses of a mail turn; a malformed reply or one cut short is a problem and stops the
// dialogue (what follows on the connection would be out of step).
std::vector<Response> read(MailState& s, const Turn& turn) {
  if (note_cut_reply(s.problems, turn)) s.stop = true;
  auto p = parse(turn.reply);
  if (!p) {
    s.stop = true;
    note_problem(s.problems, turn, p.error().message);
    return {};
  }
  return std::move(p->responses);
}

bool tagged_ok(const std::vector<Response>& rs) {
  for (const auto& r : rs) {
    if (r.kind == Response::Kind::tagged) return first_word(r.line) == "OK";
  }
  return false;
}

std::vector<std::string> listed_folders(MailState& s, const Turn& turn) {
  std::vector<std::string> names;
  for (const auto& r : read(s, turn)) {
    if (r.kind != Response::Kind::untagged || first_word(r.line) != "LIST") continue;
    if (names.size() >= kMaxListedFolders) break;
    auto v = parse_values(std::string_view(r.line).substr(5), r.literals);
    if (!v || v->size() != 3 || (*v)[0].kind != Value::Kind::list ||
        (*v)[2].kind == Value::Kind::nil || (*v)[2].kind == Value::Kind::list) {
      continue;
    }
    const bool selectable =
        std::none_of((*v)[0].items.begin(), (*v)[0].items.end(), [](const Value& flag) {
          return iequals(flag.text, "\\Noselect") || iequals(flag.text, "\\NonExistent");
        });
    if (selectable && quote_mailbox((*v)[2].text)) names.push_back((*v)[2].text);
  }
  return names;
}

std::uint64_t exists_of(const std::vector<Response>& rs) {
  for (const auto& r : rs) {
    if (r.kind != Response::Kind::untagged) continue;
    const auto v = parse_values(r.line, r.literals);
    if (!v || v->size() != 2 || !iequals((*v)[1].text, "EXISTS")) continue;
    std::uint64_t n = 0;
    const std::string& d = (*v)[0].text;
    const auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), n);
    if (ec == std::errc{} && p == d.data() + d.size()) return n;
  }
  return 0;
}

Exchange command(const Transcript& t, Step step, std::string label, std::string_view text,
                 std::string subject, std::uint32_t cap) {
  Exchange e;
  e.label = std::move(label);
  e.request = "a" + std::to_string(t.size()) + " " + std::string(text) + "\r\n";
  e.max_reply_bytes = cap;
  e.step = static_cast<std::uint32_t>(step);
  e.subject = std::move(subject);
  return e;
}

}  // namespace

std::optional<std::string> quote_mailbox(std::string_view name) {
  if (name.empty() || name.size() > kMaxFolderNameBytes) return std::nullopt;
  std::string out = "\"";
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || u >= 0x80) return std::nullopt;
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

MailState mail_state(const Transcript& t) {
  MailState s;
  const Turn* list = find(t, Step::list);
  if (list == nullptr) return s;
  const auto names = listed_folders(s, *list);
  s.listed = names.size();
  std::vector<SampleCandidate> candidates;
  candidates.reserve(names.size());
  for (const auto& n : names) candidates.push_back(SampleCandidate{n, n, 0});
  for (const std::size_t i : plan_sample(candidates, kMaxFolders).order) {
    s.visit.push_back(Folder{.name = names[i]});
  }
  std::vector<std::uint64_t> exists;
  for (auto& f : s.visit) {
    const Turn* ex = find(t, Step::examine, f.name);
    if (ex == nullptr) break;
    const auto rs = read(s, *ex);
    f.examined = tagged_ok(rs);
    f.exists = f.examined ? exists_of(rs) : 0;
    exists.push_back(f.exists);
  }
  const auto wanted = plan_headers(exists, s.visit.size(), kMaxHeaders);
  for (std::size_t i = 0; i < wanted.size(); ++i) s.visit[i].headers_wanted = wanted[i];
  for (const auto& turn : t) {
    if (!is(turn, Step::headers) && !is(turn, Step::bodies) && !is(turn, Step::reselect)) {
      continue;
    }
    const auto rs = read(s, turn);
    if (!is(turn, Step::headers)) continue;
    auto f = std::find_if(s.visit.begin(), s.visit.end(),
                          [&turn](const Folder& v) { return v.name == turn.exchange.subject; });
    if (f == s.visit.end()) continue;
    ++f->header_turns;
    for (const auto& r : rs) {
      auto fetch = parse_fetch(r);
      if (!fetch) {
        note_problem(s.problems, turn, fetch.error().message);
        continue;
      }
      if (!*fetch || !(*fetch)->envelope || (*fetch)->uid == 0) continue;
      if (s.messages.size() >= kMaxHeaders) break;
      MailHeaders m = std::move((*fetch)->headers);
      m.folder = f->name;
      m.id = (*fetch)->uid;
      m.size = (*fetch)->size;
      s.messages.push_back(std::move(m));
      ++f->headers_read;
    }
  }
  return s;
}

std::vector<BodyBatch> plan_body_batches(const MailState& s, std::size_t budget) {
  std::vector<BodyBatch> out;
  for (const std::size_t i : plan_bodies(s.messages, budget).order) {
    const MailHeaders& m = s.messages[i];
    auto b = std::find_if(out.begin(), out.end(),
                          [&m](const BodyBatch& x) { return x.folder == m.folder; });
    if (b == out.end()) {
      out.push_back(BodyBatch{m.folder, {}});
      b = out.end() - 1;
    }
    b->uids.push_back(m.id);
  }
  return out;
}

std::optional<Exchange> next_mail_exchange(const MailState& s, const Transcript& t,
                                           const ProbeOptions& options) {
  if (find(t, Step::list) == nullptr) {
    return command(t, Step::list, "LIST \"\" \"*\"", "LIST \"\" \"*\"", "", kHeadersCap);
  }
  if (s.stop) return std::nullopt;
  for (const auto& f : s.visit) {
    const std::string q = quote_mailbox(f.name).value_or("\"\"");
    if (find(t, Step::examine, f.name) == nullptr) {
      return command(t, Step::examine, "EXAMINE " + f.name, "EXAMINE " + q, f.name, 16 * 1024);
    }
    const std::uint64_t chunks = (f.headers_wanted + kHeaderChunk - 1) / kHeaderChunk;
    if (f.header_turns < chunks) {
      const std::uint64_t lo = f.exists - f.headers_wanted + 1 + f.header_turns * kHeaderChunk;
      const std::uint64_t hi = std::min(lo + kHeaderChunk - 1, f.exists);
      const std::string range = std::to_string(lo) + ":" + std::to_string(hi);
      return command(t, Step::headers, "FETCH headers " + f.name + " " + range,
                     "FETCH " + range + " (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE)", f.name,
                     kHeadersCap);
    }
  }
  const std::size_t budget = std::min<std::size_t>(kMaxBodies, options.max_sample_records);
  for (const auto& b : plan_body_batches(s, budget)) {
    if (find(t, Step::bodies, b.folder) != nullptr) continue;
    const Turn* sel = find(t, Step::reselect, b.folder);
    if (sel == nullptr) {
      return command(t, Step::reselect, "EXAMINE " + b.folder + " (bodies)",
                     "EXAMINE " + quote_mailbox(b.folder).value_or("\"\""), b.folder, 16 * 1024);
    }
    auto p = parse(sel->reply);
    if (!p || !tagged_ok(p->responses)) continue;
    std::string uids;
    for (const auto u : b.uids) uids += (uids.empty() ? "" : ",") + std::to_string(u);
    return command(t, Step::bodies, "UID FETCH bodies " + b.folder + " " + uids,
                   "UID FETCH " + uids + " (BODY.PEEK[]<0." + std::to_string(kBodyBytes) + ">)",
                   b.folder, kBodiesCap);
  }
  return std::nullopt;
}

void read_mail(const Transcript& t, Observation& obs) {
  const MailState s = mail_state(t);
  obs.data_command_accepted = find(t, Step::list) != nullptr && s.listed > 0;
  std::uint64_t total = 0;
  std::size_t examined = 0;
  nlohmann::json folders = nlohmann::json::array();
  for (const auto& f : s.visit) {
    if (!f.examined) continue;
    ++examined;
    total += f.exists;
    if (folders.size() < kMaxListed) {
      folders.push_back({{"name", printable(f.name, 128)},
                         {"messages", f.exists},
                         {"headers_read", f.headers_read}});
    }
  }
  obs.metadata["mailboxes"] = folders;
  obs.metadata["folders_listed"] = s.listed;
  SampleBudget budget(ProbeOptions{}.max_sample_records, ProbeOptions{}.max_sample_bytes,
                      kBodyBytes);
  std::size_t bodies = 0;
  for (const auto& turn : t) {
    if (!is(turn, Step::bodies)) continue;
    auto p = parse(turn.reply);
    if (!p) continue;
    for (const auto& r : p->responses) {
      auto fetch = parse_fetch(r);
      if (!fetch || !*fetch || !(*fetch)->body) continue;
      if (bodies == 0) obs.proof = turn.exchange.label;
      ++bodies;
      budget.add(
          obs,
          "message " + printable(turn.exchange.subject, 128) + "/" + std::to_string((*fetch)->uid),
          "email", std::move(*(*fetch)->body));
    }
  }
  std::string note =
      coverage_note(s.messages.size(), total, "message headers", examined < s.listed) + " in " +
      std::to_string(examined) + " of " + std::to_string(s.listed) + " folders, bodies of " +
      std::to_string(bodies);
  if (s.listed > s.visit.size()) {
    note += " (at most " + std::to_string(kMaxFolders) + " folders visited)";
  }
  obs.metadata["sampling"] = note;
  if (examined > 0) obs.record_count = total;
  report_mail(obs, s.messages, bodies, s.problems,
              find_step(t, static_cast<std::uint32_t>(Step::headers)));
}

}  // namespace lw::probes::imap
