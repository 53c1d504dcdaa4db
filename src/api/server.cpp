#include "api/server.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include "api/auth.h"
#include "api/binding.h"
#include "api/bounded_pool.h"
#include "api/client_address.h"
#include "api/connection.h"
#include "api/error_json.h"
#include "api/http_io.h"
#include "api/metrics.h"
#include "api/routes.h"
#include "api/static_files.h"
#include "api/tls_context.h"

namespace lw::api {

// httplib's request parsing, routing and response writing, fed by our own connections
// (connection.h): process_request is protected, so this exposes it.
class HttpCore : public httplib::Server {
 public:
  bool serve(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, [](httplib::Request&) {});
  }
};

class ApiState {
 public:
  ApiState(ApiOptions options, std::unique_ptr<Stores> stores, TrustedProxies proxies)
      : options_(std::move(options)),
        stores_(std::move(stores)),
        proxies_(std::move(proxies)),
        failed_auth_(options_.failed_auth),
        per_client_(options_.per_token) {}

  ApiOptions options_;
  std::unique_ptr<Stores> stores_;
  TrustedProxies proxies_;
  WindowCounter failed_auth_;
  WindowCounter per_client_;
  Metrics metrics_;
  // When each token's last use was written: at most once a minute, not on every request.
  std::mutex touched_mu_;
  std::unordered_map<std::int64_t, std::int64_t> touched_ms_;
};

namespace {

constexpr std::int64_t kTouchEveryMs = 60'000;

// Who the gate accepted, for the route that serves the same request: httplib runs a request's
// pre-routing handler and its route on one thread, so the token is checked once per request.
thread_local std::optional<Principal> gated_principal;
// The connection this thread serves, for the error handler to name a request cut at its caps.
thread_local const Connection* current_connection = nullptr;
constexpr std::size_t kKeepAliveRequests = 100;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
std::int64_t mono_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string_view> authorization_of(const httplib::Request& req) {
  auto it = req.headers.find("Authorization");
  if (it == req.headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

AuthResult authenticate_request(ApiState& s, const httplib::Request& req) {
  return s.stores_->with(
      [&](auto&, auto&, auto& tokens) { return authenticate(tokens, authorization_of(req)); });
}

void too_many(httplib::Response& res, std::int64_t retry_s, const char* what) {
  res.set_header("Retry-After", std::to_string(retry_s));
  reply_error(res,
              {429, std::string(what) + "; retry after " + std::to_string(retry_s) + " s", ""});
}

std::string client_address(const ApiState& s, const httplib::Request& req) {
  if (s.proxies_.empty()) return req.remote_addr;
  std::string forwarded;
  const auto values = req.headers.equal_range("X-Forwarded-For");
  for (auto it = values.first; it != values.second; ++it) {
    if (!forwarded.empty()) forwarded += ',';
    forwarded += it->second;
  }
  return s.proxies_.client_of(req.remote_addr, forwarded);
}

bool is_api_path(const std::string& path) {
  return path.starts_with("/api/") || path == "/api" || path == "/metrics";
}

// The dashboard's files: no token (they hold no data; the page asks for one), GET and HEAD only.
void serve_static(const ApiState& s, const httplib::Request& req, httplib::Response& res) {
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", "GET, HEAD");
    reply_error(res, {405, "the dashboard's files are read with GET", "method"});
    return;
  }
  if (s.options_.web_root.empty()) {
    reply_error(res, {404,
                      "no route " + req.path.substr(0, 200) +
                          " (the dashboard is not installed: build web/, or give a web root)",
                      "path"});
    return;
  }
  auto file = read_static_file(s.options_.web_root, req.path);
  if (!file) {
    reply_error(res, {404, "no route " + req.method + " " + req.path.substr(0, 200), "path"});
    return;
  }
  res.status = 200;
  res.set_content(std::move(file->body), file->content_type.c_str());
}

// Before a request's body is read: tokens in the URL, the failed-auth block, authentication and
// the per-client request budget. A refused request never reaches a route.
httplib::Server::HandlerResponse gate(ApiState& s, const httplib::Request& req,
                                      httplib::Response& res) {
  gated_principal.reset();
  for (const char* p : {"token", "access_token", "api_key"}) {
    if (req.has_param(p)) {
      reply_error(
          res, {400, "tokens are accepted only in the Authorization header, never in the URL", p});
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  if (!is_api_path(req.path)) {
    serve_static(s, req, res);
    return httplib::Server::HandlerResponse::Handled;
  }
  const auto now = mono_ms();
  const std::string client = client_address(s, req);
  if (auto wait = s.failed_auth_.blocked_for(client, now); wait > 0) {
    s.metrics_.count_rate_limited();
    too_many(res, wait, "too many failed authentications from this address");
    return httplib::Server::HandlerResponse::Handled;
  }
  auto auth = authenticate_request(s, req);
  if (!auth.principal) {
    if (auth.status == 401) {
      // A presented token that fails is a guess; a request with none is not counted.
      if (req.has_header("Authorization")) s.failed_auth_.hit(client, now);
      s.metrics_.count_auth_failure();
      res.set_header("WWW-Authenticate", "Bearer");
    }
    reply_error(res, {auth.status, auth.message, "Authorization"});
    return httplib::Server::HandlerResponse::Handled;
  }
  const std::string key = auth.principal->token_id > 0
                              ? "token:" + std::to_string(auth.principal->token_id)
                              : "addr:" + client;
  if (auto wait = s.per_client_.hit(key, now); wait > 0) {
    s.metrics_.count_rate_limited();
    too_many(res, wait, "too many requests for this token");
    return httplib::Server::HandlerResponse::Handled;
  }
  gated_principal = std::move(auth.principal);
  return httplib::Server::HandlerResponse::Unhandled;
}

bool due_for_touch(ApiState& s, std::int64_t token_id, std::int64_t now) {
  std::lock_guard lock(s.touched_mu_);
  auto& last = s.touched_ms_[token_id];
  if (last != 0 && now - last < kTouchEveryMs && now >= last) return false;
  last = now;
  return true;
}

httplib::Server::Handler route_handler(ApiState& s, Route route) {
  return [&s, route = std::move(route)](const httplib::Request& req, httplib::Response& res) {
    std::optional<Principal> accepted = std::exchange(gated_principal, std::nullopt);
    if (!accepted) {  // not through the gate: checked here, never served unchecked
      auto auth = authenticate_request(s, req);
      if (!auth.principal) {
        reply_error(res, {auth.status, auth.message, "Authorization"});
        return;
      }
      accepted = std::move(auth.principal);
    }
    const auto& who = *accepted;
    if (!role_allows(who.role, route.role)) {
      reply_error(res,
                  {403,
                   "the token's role is " + std::string(to_string(who.role)) + "; " + req.method +
                       " " + req.path + " needs " + std::string(to_string(route.role)),
                   "Authorization"});
      return;
    }
    const auto now = wall_ms();
    if (who.token_id > 0 && due_for_touch(s, who.token_id, now)) {
      s.stores_->with(
          [&](auto&, auto&, auto& tokens) { return tokens.touch_token(who.token_id, now); });
    }
    RouteContext ctx{s.options_, *s.stores_, s.metrics_, now};
    auto reply = route.handler(req, who, ctx);
    if (!reply) {
      reply_error(res, reply.error());
      return;
    }
    res.status = reply->status;
    if (!reply->content_type.empty()) {
      res.set_content(reply->text, reply->content_type.c_str());
    } else {
      reply_json(res, reply->status, reply->body);
    }
  };
}

void install_routes(ApiState& s, httplib::Server& http) {
  std::vector<Route> all;
  for (auto part : {catalog_routes(), incident_routes(), monitor_routes(), overview_routes()}) {
    for (auto& r : part) all.push_back(std::move(r));
  }
  for (auto& r : all) {
    const std::string pattern = r.pattern;
    const std::string method = r.method;
    auto h = route_handler(s, std::move(r));
    if (method == "GET") {
      http.Get(pattern, h);
    } else if (method == "POST") {
      http.Post(pattern, h);
    } else {
      http.Delete(pattern, h);
    }
  }
}

void install_errors(ApiState& s, httplib::Server& http) {
  const auto max_body = s.options_.max_body_bytes;
  const auto request_bytes = s.options_.max_body_bytes + s.options_.max_header_bytes;
  const auto deadline_s = s.options_.request_deadline.count();
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body, request_bytes, deadline_s](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        HttpError e{res.status, "the request failed", ""};
        if (current_connection != nullptr && current_connection->over_budget()) {
          res.status = e.status = 431;
          e.message = "the request is larger than " + std::to_string(request_bytes) +
                      " bytes (headers and body); the connection is closed";
          e.field = "headers";
        } else if (current_connection != nullptr && current_connection->past_deadline()) {
          res.status = e.status = 408;
          e.message = "the request was not received within " + std::to_string(deadline_s) +
                      " s; the connection is closed";
        } else if (res.status == 404) {
          e.message = "no route " + req.method + " " + req.path.substr(0, 200);
          e.field = "path";
        } else if (res.status == 413) {
          e.message = "the body is larger than " + std::to_string(max_body) + " bytes";
          e.field = "body";
        } else if (res.status == 400) {
          e.message = "the request is malformed (request line, headers or body framing)";
        } else if (res.status == 414) {
          e.message = "the URL is too long";
          e.field = "path";
        }
        reply_error(res, e);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        reply_error(res, {500, "internal error", ""});
      });
  http.set_logger([&s](const httplib::Request&, const httplib::Response& res) {
    s.metrics_.count_response(res.status);  // no request line: it is not needed, and stays private
  });
}

}  // namespace

Result<std::unique_ptr<ApiServer>> ApiServer::start(ApiOptions options,
                                                    std::unique_ptr<Stores> stores,
                                                    std::optional<CertPair> self_signed) {
  const bool tls = !options.tls_cert.empty() || self_signed.has_value();
  auto active =
      stores->with([](auto&, auto&, auto& tokens) { return tokens.active_token_count(); });
  if (!active) return tl::unexpected(active.error());
  if (auto ok = check_exposure(options.host, tls, *active); !ok) return tl::unexpected(ok.error());
  auto proxies = TrustedProxies::parse(options.trusted_proxies);
  if (!proxies) return tl::unexpected(proxies.error());
  if (!options.web_root.empty() && !read_static_file(options.web_root, "/")) {
    return fail(
        ErrorCode::invalid_argument,
        "the web root " + options.web_root + " holds no index.html (build web/: npm run build)");
  }
  options.tls = tls;

  auto server = std::make_unique<ApiServer>(Key{});
  if (!options.tls_cert.empty()) {
    auto ctx = tls_context_from_files(options.tls_cert, options.tls_key);
    if (!ctx) return tl::unexpected(ctx.error());
    server->tls_ = std::move(*ctx);
  } else if (self_signed) {
    auto ctx = tls_context_from_pair(*self_signed);
    if (!ctx) return tl::unexpected(ctx.error());
    server->tls_ = std::move(*ctx);
  }
  auto listener = Listener::bind(options.host, options.port);
  if (!listener) return tl::unexpected(listener.error());
  server->listener_ = std::make_unique<Listener>(std::move(*listener));
  server->limits_ = {
      std::chrono::duration_cast<std::chrono::milliseconds>(options.read_timeout),
      std::chrono::duration_cast<std::chrono::milliseconds>(options.write_timeout),
      std::chrono::duration_cast<std::chrono::milliseconds>(options.request_deadline),
      options.max_body_bytes + options.max_header_bytes};
  server->http_ = std::make_unique<HttpCore>();
  server->state_ =
      std::make_unique<ApiState>(std::move(options), std::move(stores), std::move(*proxies));
  auto& s = *server->state_;
  auto& http = *server->http_;
  server->pool_ = std::make_unique<BoundedPool>(s.options_.threads, s.options_.max_queued);
  http.set_payload_max_length(s.options_.max_body_bytes);
  http.set_keep_alive_timeout(s.options_.keep_alive.count());
  http.set_keep_alive_max_count(kKeepAliveRequests);
  http.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
       "object-src 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  });
  http.set_pre_routing_handler(
      [&s](const httplib::Request& req, httplib::Response& res) { return gate(s, req, res); });
  install_routes(s, http);
  install_errors(s, http);
  return server;
}

ApiServer::ApiServer(Key) {}

ApiServer::~ApiServer() {
  stop();
  pool_.reset();  // joins the connections, each ending within its timeouts
}

bool ApiServer::tls() const noexcept {
  return static_cast<bool>(tls_);
}

int ApiServer::port() const noexcept {
  return listener_ ? listener_->port() : 0;
}

bool ApiServer::run() {
  return listener_->run([this](int fd) { pool_->enqueue([this, fd] { serve_connection(fd); }); },
                        stopping_);
}

void ApiServer::stop() {
  stopping_ = true;
}

void ApiServer::serve_connection(int fd) {
  auto conn = Connection::open(fd, tls_.get(), limits_);
  if (!conn) return;  // a failed handshake; the socket is closed
  auto& c = **conn;
  for (std::size_t left = kKeepAliveRequests; left > 0 && !stopping_.load(); --left) {
    if (!c.wait_for_request(
            std::chrono::duration_cast<std::chrono::milliseconds>(state_->options_.keep_alive),
            stopping_)) {
      break;
    }
    c.start_request();
    current_connection = &c;
    bool closed = false;
    const bool ok = http_->serve(c, left == 1 || stopping_.load(), closed);
    current_connection = nullptr;
    if (c.over_budget() || c.past_deadline()) {
      state_->metrics_.count_cut_connection();
      c.linger_close();
      break;
    }
    if (!ok || closed) break;
  }
}

}  // namespace lw::api
