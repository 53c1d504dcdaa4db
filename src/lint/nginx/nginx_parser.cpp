#include "lint/nginx/nginx_parser.h"

#include <string>

namespace lw::lint {

namespace {

std::string where(std::size_t line) {
  return "line " + std::to_string(line);
}

enum class TokenKind { word, open, close, semicolon, end };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  std::size_t line = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<Token> next() {
    skip_space_and_comments();
    Token t;
    t.line = line_;
    if (pos_ >= text_.size()) return t;
    const char c = text_[pos_];
    if (c == '{' || c == '}' || c == ';') {
      ++pos_;
      t.kind = c == '{' ? TokenKind::open : (c == '}' ? TokenKind::close : TokenKind::semicolon);
      return t;
    }
    t.kind = TokenKind::word;
    if (c == '"' || c == '\'') {
      const char quote = c;
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != quote) {
        // Inside quotes "\\", "\"" and "\'" are escapes; other backslashes stay (regexes).
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size() &&
            (text_[pos_ + 1] == quote || text_[pos_ + 1] == '\\')) {
          ++pos_;
        }
        if (text_[pos_] == '\n') ++line_;
        t.text += text_[pos_++];
      }
      if (pos_ >= text_.size())
        return fail(ErrorCode::parse_error, "unterminated quote", where(t.line));
      ++pos_;
      return t;
    }
    while (pos_ < text_.size()) {
      const char d = text_[pos_];
      if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '{' || d == '}') {
        // "${var}" keeps its braces.
        if (d == '{' && !t.text.empty() && t.text.back() == '$') {
          const auto close = text_.find('}', pos_);
          if (close == std::string_view::npos) break;
          t.text += std::string(text_.substr(pos_, close - pos_ + 1));
          pos_ = close + 1;
          continue;
        }
        break;
      }
      if (d == '\\' && pos_ + 1 < text_.size()) t.text += text_[pos_++];
      t.text += text_[pos_++];
    }
    return t;
  }

 private:
  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) {}

  // Parses directives until '}' (when depth > 0) or the end (when depth == 0).
  Result<std::vector<NginxDirective>> block(std::size_t depth) {
    std::vector<NginxDirective> out;
    NginxDirective current;
    bool have = false;
    while (true) {
      auto tok = lexer_.next();
      if (!tok) return tl::unexpected(tok.error());
      switch (tok->kind) {
        case TokenKind::word:
          if (!have) {
            current = NginxDirective{};
            current.name = tok->text;
            current.line = tok->line;
            have = true;
          } else {
            current.args.push_back(tok->text);
          }
          break;
        case TokenKind::semicolon:
          if (!have) return fail(ErrorCode::parse_error, "unexpected ';'", where(tok->line));
          if (++count_ > kMaxNginxDirectives) {
            return fail(ErrorCode::too_large, "too many directives", where(tok->line));
          }
          out.push_back(std::move(current));
          have = false;
          break;
        case TokenKind::open: {
          if (!have)
            return fail(ErrorCode::parse_error, "'{' without a directive", where(tok->line));
          if (depth + 1 > kMaxNginxDepth) {
            return fail(ErrorCode::too_deep, "blocks nested too deeply", where(tok->line));
          }
          auto children = block(depth + 1);
          if (!children) return tl::unexpected(children.error());
          current.block = true;
          current.children = std::move(*children);
          out.push_back(std::move(current));
          have = false;
          break;
        }
        case TokenKind::close:
          if (have) return fail(ErrorCode::parse_error, "missing ';' before '}'", where(tok->line));
          if (depth == 0) return fail(ErrorCode::parse_error, "unexpected '}'", where(tok->line));
          return out;
        case TokenKind::end:
          if (have)
            return fail(ErrorCode::parse_error, "missing ';' at end of file", where(tok->line));
          if (depth > 0)
            return fail(ErrorCode::parse_error, "unclosed '{' at end of file", where(tok->line));
          return out;
      }
    }
  }

 private:
  Lexer lexer_;
  std::size_t count_ = 0;
};

}  // namespace

Result<std::vector<NginxDirective>> parse_nginx(std::string_view text) {
  Parser parser(text);
  return parser.block(0);
}

}  // namespace lw::lint
