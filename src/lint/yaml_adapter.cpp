#include "lint/yaml_adapter.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <exception>
#include <sstream>
#include <string>

namespace lw::lint {

namespace {

// Flow collections ([ { ) nest without indentation; refuse deep ones before yaml-cpp recurses.
bool flow_too_deep(std::string_view text) noexcept {
  std::size_t depth = 0;
  bool in_comment = false;
  for (char c : text) {
    if (c == '\n') in_comment = false;
    if (in_comment) continue;
    if (c == '#') in_comment = true;
    if (c == '[' || c == '{') {
      if (++depth > kMaxTreeDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// yaml-cpp 0.7 can loop for ever on some malformed streams (a lone "," yields endless empty
// documents, found by the fuzzer), and YAML::LoadAll would collect them until memory runs out.
// A first pass over the events counts documents and events and stops at a cap.
inline constexpr std::size_t kMaxYamlDocuments = 10000;
inline constexpr std::size_t kMaxYamlEvents = 2 * kMaxTreeNodes;

class EventCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_line_ = mark.line; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events_; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events_; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    ++events_;
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    ++events_;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    ++events_;
  }
  void OnMapEnd() override {}

  std::size_t events() const noexcept { return events_; }
  std::size_t line() const noexcept {
    return last_line_ >= 0 ? static_cast<std::size_t>(last_line_) + 1 : 0;
  }

 private:
  std::size_t events_ = 0;
  int last_line_ = 0;
};

// Throws what yaml-cpp throws (the caller catches); fails when the stream does not end.
Result<void> check_stream_ends(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  EventCounter counter;
  std::size_t documents = 0;
  while (parser.HandleNextDocument(counter)) {
    if (++documents > kMaxYamlDocuments || counter.events() > kMaxYamlEvents) {
      return fail(ErrorCode::too_large,
                  "YAML stream has more than " + std::to_string(kMaxYamlDocuments) +
                      " documents or " + std::to_string(kMaxYamlEvents) +
                      " values (or the parser does not reach its end)",
                  "line " + std::to_string(counter.line()));
    }
  }
  return {};
}

class Converter {
 public:
  Result<Node> convert(const YAML::Node& in, std::size_t depth) {
    if (depth > kMaxTreeDepth) {
      return fail(ErrorCode::too_deep, "YAML nested deeper than " + std::to_string(kMaxTreeDepth),
                  line_text(in));
    }
    if (++count_ > kMaxTreeNodes) {
      return fail(ErrorCode::too_large,
                  "YAML expands to more than " + std::to_string(kMaxTreeNodes) + " nodes",
                  line_text(in));
    }
    Node out;
    out.line = line_of(in);
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.type = Node::Type::null;
        return out;
      case YAML::NodeType::Scalar:
        out.type = Node::Type::scalar;
        out.scalar = in.Scalar();
        if (!charge(out.scalar.size())) return too_many_bytes(in);
        out.quoted = in.Tag() == "!";
        return out;
      case YAML::NodeType::Sequence:
        out.type = Node::Type::seq;
        for (const YAML::Node& item : in) {
          auto child = convert(item, depth + 1);
          if (!child) return tl::unexpected(child.error());
          out.items.push_back(std::move(*child));
        }
        return out;
      case YAML::NodeType::Map:
        out.type = Node::Type::map;
        for (const auto& kv : in) {
          auto value = convert(kv.second, depth + 1);
          if (!value) return tl::unexpected(value.error());
          std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          if (!charge(key.size())) return too_many_bytes(kv.first);
          out.entries.push_back(Node::Entry{std::move(key), line_of(kv.first), std::move(*value)});
        }
        return out;
    }
    return out;
  }

 private:
  bool charge(std::size_t bytes) noexcept {
    bytes_ += bytes;
    return bytes_ <= kMaxTreeBytes;
  }
  static tl::unexpected<Error> too_many_bytes(const YAML::Node& node) {
    return fail(ErrorCode::too_large,
                "YAML expands to more than " + std::to_string(kMaxTreeBytes) + " bytes of text",
                line_text(node));
  }
  static std::size_t line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0;
  }
  static std::string line_text(const YAML::Node& node) {
    return "line " + std::to_string(line_of(node));
  }
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace

Result<std::vector<Node>> parse_yaml(std::string_view text) {
  if (flow_too_deep(text)) {
    return fail(ErrorCode::too_deep,
                "YAML flow nesting deeper than " + std::to_string(kMaxTreeDepth), "line 1");
  }
  std::vector<YAML::Node> docs;
  try {
    const std::string copy(text);
    if (auto ends = check_stream_ends(copy); !ends) return tl::unexpected(ends.error());
    docs = YAML::LoadAll(copy);
  } catch (const YAML::Exception& e) {
    const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
    return fail(ErrorCode::parse_error, "YAML syntax error: " + e.msg,
                "line " + std::to_string(line));
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, std::string("YAML error: ") + e.what(), "line 0");
  }
  std::vector<Node> out;
  Converter converter;
  try {
    for (const YAML::Node& doc : docs) {
      auto node = converter.convert(doc, 0);
      if (!node) return tl::unexpected(node.error());
      out.push_back(std::move(*node));
    }
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, std::string("YAML error: ") + e.what(), "line 0");
  }
  return out;
}

}  // namespace lw::lint
