#include "probes/imap/imap_fetch.h"

#include <charconv>

#include "core/ascii.h"

namespace lw::probes::imap {
namespace {

constexpr std::size_t kMaxParts = 200;  // body parts counted in one BODYSTRUCTURE

class ValueParser {
 public:
  ValueParser(std::string_view text, const std::vector<std::string>& literals)
      : text_(text), literals_(literals) {}

  Result<std::vector<Value>> all() {
    std::vector<Value> out;
    skip_spaces();
    while (pos_ < text_.size()) {
      auto v = value(0);
      if (!v) return tl::unexpected(v.error());
      out.push_back(std::move(*v));
      skip_spaces();
    }
    return out;
  }

 private:
  Error bad(std::string_view what) const {
    return Error{ErrorCode::parse_error, std::string(what), "offset " + std::to_string(pos_)};
  }

  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  Result<Value> value(std::size_t depth) {
    if (++nodes_ > kMaxValueNodes) {
      return fail(ErrorCode::too_large, "more than 20000 values in one IMAP response", "");
    }
    if (pos_ >= text_.size()) return tl::unexpected(bad("IMAP value cut off"));
    const char c = text_[pos_];
    Value v;
    if (c == '(') {
      if (depth >= kMaxValueDepth) {
        return fail(ErrorCode::too_large, "IMAP list nested deeper than 32",
                    "offset " + std::to_string(pos_));
      }
      ++pos_;
      v.kind = Value::Kind::list;
      while (true) {
        skip_spaces();
        if (pos_ >= text_.size()) return tl::unexpected(bad("IMAP list not closed"));
        if (text_[pos_] == ')') {
          ++pos_;
          return v;
        }
        auto item = value(depth + 1);
        if (!item) return item;
        v.items.push_back(std::move(*item));
      }
    }
    if (c == ')') return tl::unexpected(bad("unbalanced ')' in an IMAP response"));
    if (c == '"') {
      v.kind = Value::Kind::string;
      for (++pos_; pos_ < text_.size(); ++pos_) {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
          v.text.push_back(text_[++pos_]);
        } else if (text_[pos_] == '"') {
          ++pos_;
          return v;
        } else {
          v.text.push_back(text_[pos_]);
        }
      }
      return tl::unexpected(bad("IMAP quoted string not closed"));
    }
    if (c == '{' || (c == '~' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{')) {
      const auto close = text_.find('}', pos_);
      if (close == std::string_view::npos) return tl::unexpected(bad("IMAP literal not closed"));
      if (next_literal_ >= literals_.size()) return tl::unexpected(bad("IMAP literal missing"));
      v.kind = Value::Kind::string;
      v.text = literals_[next_literal_++];
      pos_ = close + 1;
      return v;
    }
    // An atom, a number or NIL; a section such as BODY[HEADER.FIELDS (A B)]<0> is one atom.
    const std::size_t start = pos_;
    int bracket = 0;
    while (pos_ < text_.size()) {
      const char a = text_[pos_];
      if (a == '[') ++bracket;
      if (a == ']' && bracket > 0) --bracket;
      if (bracket == 0 && (a == ' ' || a == '(' || a == ')' || a == '"' || a == '{')) break;
      ++pos_;
    }
    if (pos_ == start) return tl::unexpected(bad("empty IMAP atom"));
    v.text = std::string(text_.substr(start, pos_ - start));
    v.kind = iequals(v.text, "NIL") ? Value::Kind::nil : Value::Kind::atom;
    return v;
  }

  std::string_view text_;
  const std::vector<std::string>& literals_;
  std::size_t pos_ = 0;
  std::size_t next_literal_ = 0;
  std::size_t nodes_ = 0;
};

std::uint64_t number(const Value& v) {
  std::uint64_t n = 0;
  if (v.kind != Value::Kind::atom) return 0;
  const auto [p, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
  return ec == std::errc{} && p == v.text.data() + v.text.size() ? n : 0;
}

const std::string& text_of(const Value& v) {
  static const std::string kEmpty;
  return v.kind == Value::Kind::atom || v.kind == Value::Kind::string ? v.text : kEmpty;
}

// Addresses in an ENVELOPE address list: ((name adl mailbox host) ...), groups not counted.
std::uint32_t addresses(const Value& list) {
  std::uint32_t n = 0;
  for (const auto& a : list.items) {
    if (a.kind == Value::Kind::list && a.items.size() == 4 && a.items[3].kind != Value::Kind::nil) {
      ++n;
    }
  }
  return n;
}

std::string first_address(const Value& list) {
  if (list.items.empty()) return {};
  const Value& a = list.items.front();
  if (a.kind != Value::Kind::list || a.items.size() != 4) return {};
  std::string out = text_of(a.items[0]);
  if (!out.empty()) out += ' ';
  out += text_of(a.items[2]) + "@" + text_of(a.items[3]);
  return out.substr(0, kMaxMailHeaderBytes);
}

// Whether a list holds a parameter or disposition naming a file.
bool names_file(const Value& v) {
  if (v.kind != Value::Kind::list) return false;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const auto& item = v.items[i];
    if (item.kind == Value::Kind::list) {
      if (names_file(item)) return true;
      continue;
    }
    const std::string& t = text_of(item);
    if (iequals(t, "ATTACHMENT") ||
        ((iequals(t, "NAME") || iequals(t, "FILENAME")) && i % 2 == 0 && i + 1 < v.items.size())) {
      return true;
    }
  }
  return false;
}

// Walks a BODYSTRUCTURE: counts parts naming a file (disposition attachment, a name or
// filename parameter) or of a non-text type; marks a top-level multipart/mixed.
void walk_body(const Value& v, std::size_t depth, Fetch& f, std::size_t& parts) {
  if (v.kind != Value::Kind::list || v.items.empty() || ++parts > kMaxParts) return;
  if (v.items.front().kind == Value::Kind::list) {  // multipart: parts, then the subtype
    std::size_t i = 0;
    for (; i < v.items.size() && v.items[i].kind == Value::Kind::list; ++i) {
      walk_body(v.items[i], depth + 1, f, parts);
    }
    if (depth == 0 && i < v.items.size() && iequals(text_of(v.items[i]), "MIXED")) {
      f.headers.multipart_mixed = true;
    }
    return;
  }
  const std::string& type = text_of(v.items.front());
  bool attachment = !iequals(type, "TEXT") && !iequals(type, "MESSAGE") && !type.empty();
  for (std::size_t i = 2; i < v.items.size() && !attachment; ++i) {
    if (i == 2 || v.items[i].kind == Value::Kind::list) attachment = names_file(v.items[i]);
  }
  if (attachment && f.headers.attachments < 1'000) ++f.headers.attachments;
}

}  // namespace

Result<std::vector<Value>> parse_values(std::string_view text,
                                        const std::vector<std::string>& literals) {
  return ValueParser(text, literals).all();
}

Result<std::optional<Fetch>> parse_fetch(const Response& r) {
  if (r.kind != Response::Kind::untagged) return std::optional<Fetch>{};
  const auto sp = r.line.find(' ');
  if (sp == std::string::npos) return std::optional<Fetch>{};
  std::string_view rest = std::string_view(r.line).substr(sp + 1);
  if (!istarts_with(rest, "FETCH ")) return std::optional<Fetch>{};
  Fetch f;
  f.seq = number(Value{Value::Kind::atom, r.line.substr(0, sp), {}});
  auto values = parse_values(rest.substr(6), r.literals);
  if (!values) return tl::unexpected(values.error());
  if (values->size() != 1 || values->front().kind != Value::Kind::list) {
    return fail(ErrorCode::parse_error, "FETCH data is not one list", "");
  }
  const auto& items = values->front().items;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string name = ascii_upper(text_of(items[i]).substr(0, 64));
    const Value& v = items[i + 1];
    if (name == "UID") {
      f.uid = number(v);
    } else if (name == "RFC822.SIZE") {
      f.size = number(v);
    } else if (name == "ENVELOPE" && v.kind == Value::Kind::list && v.items.size() >= 7) {
      f.envelope = true;
      f.headers.subject = text_of(v.items[1]).substr(0, kMaxMailHeaderBytes);
      f.headers.from = first_address(v.items[2]);
      f.headers.recipients = addresses(v.items[5]) + addresses(v.items[6]);
    } else if (name == "BODYSTRUCTURE" || name == "BODY") {
      std::size_t parts = 0;
      walk_body(v, 0, f, parts);
    } else if (name.starts_with("BODY[]")) {
      f.body = text_of(v);
    }
  }
  return std::optional<Fetch>{std::move(f)};
}

}  // namespace lw::probes::imap
