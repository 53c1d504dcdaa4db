#include "probes/common/mail_select.h"

#include <algorithm>
#include <array>

#include "core/ascii.h"
#include "core/bytes.h"

namespace lw::probes {
namespace {

constexpr std::size_t kMaxHeaderBlockLines = 2'000;
constexpr std::size_t kMaxUnfoldedBytes = 16 * 1024;

bool token_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Whether `word` (upper case) occurs in `text` as a whole token.
bool has_token(std::string_view text, std::string_view word) noexcept {
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    bool same = true;
    for (std::size_t i = 0; i < word.size() && same; ++i) {
      same = ascii_upper(text[at + i]) == word[i];
    }
    if (!same) continue;
    const bool left = at == 0 || !token_char(text[at - 1]);
    const bool right = at + word.size() == text.size() || !token_char(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

std::string cut(std::string_view s) {
  return std::string(s.substr(0, kMaxMailHeaderBytes));
}

}  // namespace

bool classification_banner(std::string_view subject) noexcept {
  subject = subject.substr(0, kMaxMailHeaderBytes);
  constexpr std::array<std::string_view, 5> kWords = {"CUI", "FOUO", "NOFORN", "TOP SECRET",
                                                      "CONTROLLED UNCLASSIFIED"};
  for (const auto w : kWords) {
    if (has_token(subject, w)) return true;
  }
  constexpr std::array<std::string_view, 3> kBanners = {"UNCLASSIFIED//", "SECRET//",
                                                        "CONFIDENTIAL//"};
  for (const auto b : kBanners) {
    if (icontains(subject, b)) return true;
  }
  return false;
}

int mail_extra_score(const MailHeaders& m) noexcept {
  int score = 0;
  if (classification_banner(m.subject)) score += 4;
  if (m.attachments > 0) {
    score += 3;
  } else if (m.multipart_mixed) {
    score += 2;
  }
  if (m.recipients >= kManyRecipients) {
    score += 3;
  } else if (m.recipients >= 5) {
    score += 1;
  }
  return score;
}

SamplePlan plan_bodies(std::span<const MailHeaders> messages, std::size_t budget) {
  const std::size_t n = std::min(messages.size(), kMaxSamplerCandidates);
  std::vector<std::string> names;
  names.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    names.push_back(messages[i].subject + " " + messages[i].from);
  }
  std::vector<SampleCandidate> candidates;
  candidates.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    candidates.push_back(SampleCandidate{names[i],
                                         messages[i].folder.empty()
                                             ? std::string_view("INBOX")
                                             : std::string_view(messages[i].folder),
                                         mail_extra_score(messages[i])});
  }
  return plan_sample(candidates, budget);
}

std::uint32_t count_addresses(std::string_view list) noexcept {
  std::uint32_t n = 0;
  bool quoted = false;
  int comment = 0;
  for (std::size_t i = 0; i < list.size() && n < 10'000; ++i) {
    const char c = list[i];
    if (c == '\\') {
      ++i;
    } else if (quoted) {
      quoted = c != '"';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '(') {
      comment = std::min(comment + 1, 64);
    } else if (c == ')' && comment > 0) {
      --comment;
    } else if (c == '@' && comment == 0) {
      ++n;
    }
  }
  return n;
}

MailHeaders parse_header_block(std::string_view block) {
  MailHeaders m;
  std::string field;  // the current field, unfolded, bounded
  auto finish = [&m](std::string_view f) {
    const auto colon = f.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view name = f.substr(0, colon);
    std::string_view value = f.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    if (iequals(name, "Subject")) {
      m.subject = cut(value);
    } else if (iequals(name, "From")) {
      m.from = cut(value);
    } else if (iequals(name, "To") || iequals(name, "Cc")) {
      m.recipients = std::min<std::uint32_t>(m.recipients + count_addresses(value), 10'000);
    } else if (iequals(name, "Content-Type")) {
      m.multipart_mixed = istarts_with(value, "multipart/mixed");
    }
  };
  std::size_t pos = 0;
  for (std::size_t lines = 0; pos < block.size() && lines < kMaxHeaderBlockLines; ++lines) {
    auto eol = block.find('\n', pos);
    if (eol == std::string_view::npos) eol = block.size();
    std::string_view line = block.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) break;  // the end of the header block
    if (line.front() == ' ' || line.front() == '\t') {
      if (field.size() < kMaxUnfoldedBytes) {
        field.append(line.substr(0, kMaxUnfoldedBytes - field.size()));
      }
      continue;
    }
    finish(field);
    field.assign(line.substr(0, kMaxUnfoldedBytes));
  }
  finish(field);
  return m;
}

std::vector<std::uint64_t> plan_headers(std::span<const std::uint64_t> exists, std::size_t folders,
                                        std::uint64_t budget) {
  std::vector<std::uint64_t> out;
  out.reserve(exists.size());
  folders = std::max(folders, exists.size());
  std::uint64_t left = budget;
  for (std::size_t i = 0; i < exists.size(); ++i) {
    const std::uint64_t share = left / (folders - i);
    const std::uint64_t q = std::min(exists[i], share);
    out.push_back(q);
    left -= q;
  }
  return out;
}

void note_problem(std::vector<std::string>& problems, const Turn& turn, std::string_view what) {
  if (problems.size() >= kMaxMailProblems) return;
  problems.push_back(printable(turn.exchange.label + ": " + std::string(what), 160));
}

bool note_cut_reply(std::vector<std::string>& problems, const Turn& turn) {
  if (turn.end == ReplyEnd::complete) return false;
  note_problem(problems, turn,
               "reply ended early (" + std::string(to_string(turn.end)) + ", " +
                   std::to_string(turn.reply.size()) + " bytes)");
  return true;
}

void report_mail(Observation& obs, std::span<const MailHeaders> messages, std::size_t bodies,
                 const std::vector<std::string>& problems, const Turn* headers) {
  std::size_t flagged = 0;
  for (const auto& m : messages) {
    if (mail_extra_score(m) > 0) ++flagged;
  }
  obs.metadata["messages_flagged"] = flagged;
  obs.metadata["messages_headers_read"] = messages.size();
  obs.metadata["messages_bodies_read"] = bodies;
  if (!problems.empty()) obs.metadata["problems"] = problems;
  if (messages.empty() && bodies == 0) return;
  obs.data_read = true;
  if (obs.proof.empty() && headers != nullptr) obs.proof = headers->exchange.label;
}

}  // namespace lw::probes
