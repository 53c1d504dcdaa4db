#include "classify/formats/json_walker.h"

#include <string>

namespace lw::classify {
namespace {

struct Frame {
  bool array = false;
  std::size_t path_len = 0;  // path length before this container's member suffix
  std::size_t index = 0;
  std::string context;  // field name that applies to values inside
};

inline bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

class Walker {
 public:
  Walker(std::string_view t, std::size_t max_depth, std::size_t max_segments)
      : t_(t), max_depth_(max_depth), max_segments_(max_segments) {}

  Result<std::vector<Segment>> run() {
    enum class State { value, after_value, key } state = State::value;
    path_ = "$";
    while (true) {
      skip_space();
      if (state == State::value) {
        if (i_ >= t_.size()) return error("unexpected end of input");
        const char c = t_[i_];
        if (c == '{' || c == '[') {
          if (stack_.size() >= max_depth_) {
            return fail(ErrorCode::too_deep,
                        "JSON nested deeper than " + std::to_string(max_depth_),
                        "offset " + std::to_string(i_));
          }
          Frame f;
          f.array = c == '[';
          f.path_len = path_.size();
          f.context = stack_.empty() ? std::string{} : stack_.back().context;
          stack_.push_back(std::move(f));
          ++i_;
          skip_space();
          if (i_ < t_.size() && t_[i_] == (c == '[' ? ']' : '}')) {
            ++i_;
            stack_.pop_back();
            state = State::after_value;
          } else if (c == '[') {
            path_ += "[0]";
            state = State::value;
          } else {
            state = State::key;
          }
          continue;
        }
        if (c == '"') {
          const auto b = i_ + 1;
          auto e = string_end();
          if (!e) return tl::unexpected(e.error());
          emit(b, *e - 1);
        } else {
          const auto b = i_;
          while (i_ < t_.size() && !is_space(t_[i_]) && t_[i_] != ',' && t_[i_] != ']' &&
                 t_[i_] != '}') {
            ++i_;
          }
          if (i_ == b) return error("expected a value");
          if (t_[b] == '-' || (t_[b] >= '0' && t_[b] <= '9')) emit(b, i_);
        }
        state = State::after_value;
      } else if (state == State::key) {
        if (i_ >= t_.size() || t_[i_] != '"') return error("expected a member name");
        const auto b = i_ + 1;
        auto e = string_end();
        if (!e) return tl::unexpected(e.error());
        const auto key = t_.substr(b, *e - 1 - b);
        skip_space();
        if (i_ >= t_.size() || t_[i_] != ':') return error("expected ':'");
        ++i_;
        auto& f = stack_.back();
        path_.resize(f.path_len);
        path_ += '.';
        if (safe_label(key)) {
          path_ += key;
          f.context = normalise_context(key);
        } else {
          path_ += "*";  // a key that may itself be a value is not printed
          f.context.clear();
        }
        state = State::value;
      } else {
        if (stack_.empty()) {
          if (i_ >= t_.size()) return std::move(segments_);
          path_ = "$";  // JSON Lines: another top-level value follows
          state = State::value;
          continue;
        }
        if (i_ >= t_.size()) return error("unexpected end of input");
        auto& f = stack_.back();
        const char c = t_[i_++];
        if (c == ',') {
          if (f.array) {
            ++f.index;
            path_.resize(f.path_len);
            path_ += '[' + std::to_string(f.index) + ']';
            state = State::value;
          } else {
            state = State::key;
          }
        } else if (c == (f.array ? ']' : '}')) {
          path_.resize(f.path_len);
          stack_.pop_back();
        } else {
          return error("expected ',' or the end of a container");
        }
      }
    }
  }

 private:
  tl::unexpected<Error> error(std::string message) const {
    return fail(ErrorCode::parse_error, std::move(message), "offset " + std::to_string(i_));
  }

  void skip_space() noexcept {
    while (i_ < t_.size() && is_space(t_[i_])) ++i_;
  }

  // At an opening quote: moves past the closing quote and returns that position + 1.
  Result<std::size_t> string_end() {
    ++i_;
    while (i_ < t_.size()) {
      const char c = t_[i_];
      if (c == '\\') {
        i_ += 2;
        continue;
      }
      ++i_;
      if (c == '"') return i_;
    }
    return error("unterminated string");
  }

  void emit(std::size_t b, std::size_t e) {
    if (segments_.size() >= max_segments_ || e <= b) return;
    Segment s;
    s.begin = static_cast<std::uint32_t>(b);
    s.end = static_cast<std::uint32_t>(e);
    s.label = "field " + path_;
    s.context = stack_.empty() ? std::string{} : stack_.back().context;
    segments_.push_back(std::move(s));
  }

  std::string_view t_;
  std::size_t max_depth_;
  std::size_t max_segments_;
  std::size_t i_ = 0;
  std::string path_;
  std::vector<Frame> stack_;
  std::vector<Segment> segments_;
};

}  // namespace

Result<std::vector<Segment>> json_segments(std::string_view text, std::size_t max_depth,
                                           std::size_t max_segments) {
  if (text.size() > UINT32_MAX) return fail(ErrorCode::too_large, "JSON larger than 4 GiB");
  return Walker(text, max_depth, max_segments).run();
}

}  // namespace lw::classify
