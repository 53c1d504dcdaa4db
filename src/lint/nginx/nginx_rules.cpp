#include "lint/nginx/nginx_rules.h"

#include <string>
#include <string_view>
#include <vector>

#include "lint/json_adapter.h"
#include "lint/nginx/nginx_parser.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

// True when a location pattern is about .git or .env: "/.git", "~ /\\.git", "~* \\.env$",
// "~ /\\.(git|env)", "~ /\\.(?:git|svn)/". Backslashes are dropped first; then every "." may be
// followed by the name itself or by a group of alternatives that contains it.
bool dotfile_pattern(const NginxDirective& location, std::string& which) {
  for (const std::string& raw : location.args) {
    std::string arg;
    for (char c : raw) {
      if (c != '\\') arg += c;
    }
    for (std::size_t dot = arg.find('.'); dot != std::string::npos; dot = arg.find('.', dot + 1)) {
      std::string_view rest = std::string_view(arg).substr(dot + 1);
      std::vector<std::string_view> alternatives;
      if (rest.starts_with("(")) {
        rest.remove_prefix(1);
        if (rest.starts_with("?:")) rest.remove_prefix(2);
        const auto close = rest.find(')');
        if (close == std::string_view::npos) continue;
        alternatives = split_trim(rest.substr(0, close), '|');
      } else {
        alternatives.push_back(rest);
      }
      for (std::string_view alt : alternatives) {
        for (std::string_view name : {"git", "env"}) {
          const bool exact = alt == name;
          const bool prefix =
              alt.starts_with(name) &&
              (alt.size() == name.size() || alt[name.size()] == '/' || alt[name.size()] == '$' ||
               alt[name.size()] == '(' || alt[name.size()] == ')');
          if (exact || prefix) {
            which = "." + std::string(name);
            return true;
          }
        }
      }
    }
  }
  return false;
}

// A location that refuses its requests: deny all, or return with a 4xx status.
bool refuses(const NginxDirective& location) {
  for (const NginxDirective& d : location.children) {
    if (d.name == "deny" && !d.args.empty() && d.args[0] == "all") return true;
    if (d.name == "return" && !d.args.empty() && d.args[0].size() == 3 && d.args[0][0] == '4') {
      return true;
    }
  }
  return false;
}

void walk(const SourceFile& file, const std::vector<NginxDirective>& directives, Sink& sink) {
  for (const NginxDirective& d : directives) {
    if (d.name == "autoindex" && !d.args.empty() && iequals(d.args[0], "on")) {
      sink.report(file, "nginx-autoindex-on", d.line,
                  "autoindex on: nginx lists every file in the folder to anyone who asks");
    }
    if (d.name == "location" && d.block) {
      std::string which;
      if (dotfile_pattern(d, which) && !refuses(d)) {
        std::string pattern;
        for (const std::string& a : d.args) pattern += (pattern.empty() ? "" : " ") + a;
        sink.report(file, "nginx-serves-dotfiles", d.line,
                    "location " + pattern + " matches " + which +
                        " but does not deny it: repository history or secrets are served");
      }
    }
    if (d.block) walk(file, d.children, sink);
  }
}

void lint_one(const SourceFile& file, Sink& sink) {
  auto parsed = parse_nginx(file.text);
  if (!parsed) {
    sink.error(file, line_of_error(parsed.error()), parsed.error().message);
    return;
  }
  walk(file, *parsed, sink);
}

}  // namespace

void lint_nginx(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
