#include "lint/json_adapter.h"

#include <charconv>
#include <cstddef>
#include <exception>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lint/text.h"

namespace lw::lint {

namespace {

// A forward iterator over the text that records the furthest offset the lexer has read.
class TrackingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator() = default;
  TrackingIterator(const char* base, std::size_t pos, std::size_t* furthest)
      : base_(base), pos_(pos), furthest_(furthest) {}

  reference operator*() const noexcept {
    if (furthest_ != nullptr && pos_ + 1 > *furthest_) *furthest_ = pos_ + 1;
    return base_[pos_];
  }
  TrackingIterator& operator++() noexcept {
    ++pos_;
    return *this;
  }
  TrackingIterator operator++(int) noexcept {
    TrackingIterator old = *this;
    ++pos_;
    return old;
  }
  bool operator==(const TrackingIterator& other) const noexcept { return pos_ == other.pos_; }
  bool operator!=(const TrackingIterator& other) const noexcept { return pos_ != other.pos_; }

 private:
  const char* base_ = nullptr;
  std::size_t pos_ = 0;
  std::size_t* furthest_ = nullptr;
};

class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  TreeBuilder(std::string_view text, const std::size_t* furthest)
      : text_(text), furthest_(furthest) {}

  bool null() override { return scalar(Node::Type::null, "null", false); }
  bool boolean(bool value) override {
    return scalar(Node::Type::scalar, value ? "true" : "false", false);
  }
  bool number_integer(number_integer_t value) override {
    return scalar(Node::Type::scalar, std::to_string(value), false);
  }
  bool number_unsigned(number_unsigned_t value) override {
    return scalar(Node::Type::scalar, std::to_string(value), false);
  }
  bool number_float(number_float_t, const string_t& text) override {
    return scalar(Node::Type::scalar, text, false);
  }
  bool string(string_t& value) override { return scalar(Node::Type::scalar, value, true); }
  bool binary(binary_t&) override { return scalar(Node::Type::null, "", false); }

  bool start_object(std::size_t) override { return open(Node::Type::map); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Node::Type::seq); }
  bool end_array() override { return close(); }
  bool key(string_t& value) override {
    pending_key_ = value;
    pending_key_line_ = current_line();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_ = ex.what();
    error_line_ = line_of_offset(text_, position > 0 ? position - 1 : 0);
    return false;
  }

  Result<Node> take() {
    if (!error_.empty()) {
      return fail(limit_ ? ErrorCode::too_large : ErrorCode::parse_error,
                  limit_ ? error_ : "JSON syntax error: " + strip_prefix(error_),
                  "line " + std::to_string(error_line_));
    }
    return std::move(root_);
  }

 private:
  static std::string strip_prefix(const std::string& what) {
    // nlohmann's text starts with "[json.exception.parse_error.101] parse error at line 3, ...".
    const auto close = what.find("] ");
    return close == std::string::npos ? what : what.substr(close + 2);
  }

  // The line of the last non-space character the lexer has consumed.
  std::size_t current_line() const noexcept {
    std::size_t end = *furthest_;
    while (end > 0 && (text_[end - 1] == ' ' || text_[end - 1] == '\n' || text_[end - 1] == '\r' ||
                       text_[end - 1] == '\t' || text_[end - 1] == ',' || text_[end - 1] == ':' ||
                       text_[end - 1] == ']' || text_[end - 1] == '}')) {
      --end;
    }
    return line_of_offset(text_, end > 0 ? end - 1 : 0);
  }

  bool limit(const std::string& message) {
    error_ = message;
    error_line_ = current_line();
    limit_ = true;
    return false;
  }

  bool place(Node node) {
    if (++count_ > kMaxTreeNodes) {
      return limit("JSON has more than " + std::to_string(kMaxTreeNodes) + " values");
    }
    if (stack_.empty()) {
      root_ = std::move(node);
      return true;
    }
    Node* parent = stack_.back();
    if (parent->type == Node::Type::map) {
      parent->entries.push_back(Node::Entry{pending_key_, pending_key_line_, std::move(node)});
    } else {
      parent->items.push_back(std::move(node));
    }
    return true;
  }

  Node* last_placed() {
    if (stack_.empty()) return &root_;
    Node* parent = stack_.back();
    return parent->type == Node::Type::map ? &parent->entries.back().value : &parent->items.back();
  }

  bool scalar(Node::Type type, std::string text, bool quoted) {
    Node node;
    node.type = type;
    node.scalar = std::move(text);
    node.quoted = quoted;
    node.line = current_line();
    return place(std::move(node));
  }

  bool open(Node::Type type) {
    if (stack_.size() >= kMaxTreeDepth) {
      return limit("JSON nested deeper than " + std::to_string(kMaxTreeDepth));
    }
    Node node;
    node.type = type;
    node.line = current_line();
    if (!place(std::move(node))) return false;
    stack_.push_back(last_placed());
    return true;
  }

  bool close() {
    if (!stack_.empty()) stack_.pop_back();
    return true;
  }

  std::string_view text_;
  const std::size_t* furthest_;
  Node root_;
  std::vector<Node*> stack_;  // pointers stay valid: a parent's children only grow at the back
                              // and the open node is always the last child of its parent
  std::string pending_key_;
  std::size_t pending_key_line_ = 0;
  std::size_t count_ = 0;
  std::string error_;
  std::size_t error_line_ = 0;
  bool limit_ = false;
};

}  // namespace

Result<Node> parse_json(std::string_view text) {
  std::size_t furthest = 0;
  TreeBuilder builder(text, &furthest);
  try {
    const TrackingIterator first(text.data(), 0, &furthest);
    const TrackingIterator last(text.data(), text.size(), &furthest);
    nlohmann::json::sax_parse(first, last, &builder, nlohmann::json::input_format_t::json,
                              /*strict=*/true, /*ignore_comments=*/true);
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, std::string("JSON error: ") + e.what(), "line 0");
  }
  return builder.take();
}

std::size_t line_of_error(const Error& error) noexcept {
  const std::string_view where = error.where;
  const auto at = where.rfind("line ");
  if (at == std::string_view::npos) return 0;
  std::size_t line = 0;
  const char* begin = where.data() + at + 5;
  std::from_chars(begin, where.data() + where.size(), line);
  return line;
}

}  // namespace lw::lint
