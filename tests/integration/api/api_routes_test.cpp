// Every route of docs/api/openapi.json against a running `leakwatch api` bound off loopback
// (127.0.0.5, with TLS): with a token of the right role each answers its documented status and
// top-level fields; without a token each is refused 401; a viewer is refused 403 where a
// responder is needed.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/api_fixture.h"

namespace lw::testing {
namespace {

struct Operation {
  std::string method;  // GET, POST, DELETE
  std::string path;    // the document's path, with {params}
  nlohmann::ordered_json op;
};

std::vector<Operation> operations(const nlohmann::ordered_json& doc) {
  std::vector<Operation> out;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.push_back({m, path, op});
    }
  }
  return out;
}

// The documented success: the first 2xx response, its content type and required fields.
struct Expected {
  int status = 0;
  std::string content_type;
  std::vector<std::string> required;
};

Expected expected_of(const nlohmann::ordered_json& op) {
  Expected e;
  for (const auto& [code, r] : op["responses"].items()) {
    if (code.size() == 3 && code[0] == '2') {
      e.status = std::stoi(code);
      for (const auto& [type, media] : r["content"].items()) {
        e.content_type = type;
        if (media["schema"].contains("required")) {
          for (const auto& f : media["schema"]["required"]) e.required.push_back(f);
        }
      }
      break;
    }
  }
  return e;
}

// The concrete URL of an operation on the fixture's catalog: {ip} and {id} from the rows the
// fixture made, required query parameters filled the same way.
std::string url_of(const Operation& o, const ApiServerFixture& f, const std::string& service_id) {
  std::string url = o.path;
  std::string id;
  if (o.path.find("/incidents/") != std::string::npos) id = f.ids.at("incident");
  if (o.path.find("/silences/") != std::string::npos) id = f.ids.at("silence");
  if (o.path.find("/services/") != std::string::npos) id = service_id;
  url = std::regex_replace(url, std::regex(R"(\{ip\})"), f.ids.at("ip"));
  url = std::regex_replace(url, std::regex(R"(\{id\})"), id);
  std::string query;
  if (o.op.contains("parameters")) {
    for (const auto& p : o.op["parameters"]) {
      if (p.contains("in") && p["in"] == "query" && p.value("required", false)) {
        query += (query.empty() ? "?" : "&") + p["name"].get<std::string>() + "=" +
                 (p["name"] == "service" ? service_id : std::string("1"));
      }
    }
  }
  return url + query;
}

std::string body_of(const Operation& o) {
  if (!o.op.contains("requestBody")) return "";
  for (const auto& [type, media] : o.op["requestBody"]["content"].items()) {
    if (media.contains("example")) return media["example"].dump();
  }
  return "";
}

httplib::Result send(httplib::Client& c, const Operation& o, const std::string& url,
                     const httplib::Headers& headers) {
  if (o.method == "GET") return c.Get(url, headers);
  if (o.method == "DELETE") return c.Delete(url, headers);
  return c.Post(url, headers, body_of(o), "application/json");
}

class ApiRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_program("openssl")) GTEST_FAIL() << "openssl is needed to make the test certificate";
    fixture_ = std::make_unique<ApiServerFixture>(ApiServerFixture::Options{});
    ASSERT_TRUE(fixture_->failure().empty()) << fixture_->failure();
    doc_ = openapi_document();
    ASSERT_FALSE(doc_.is_discarded()) << "docs/api/openapi.json is not JSON";
    ops_ = operations(doc_);
    ASSERT_GE(ops_.size(), 17u);
    // A service id as the API hands it out.
    auto c = fixture_->client();
    auto r = c->Get("/api/v1/search?limit=1", fixture_->bearer("viewer"));
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200) << r->body;
    service_id_ = std::to_string(nlohmann::json::parse(r->body)["items"][0]["id"].get<long>());
  }

  std::unique_ptr<ApiServerFixture> fixture_;
  nlohmann::ordered_json doc_;
  std::vector<Operation> ops_;
  std::string service_id_;
};

TEST_F(ApiRoutes, EveryDocumentedRouteAnswersAsDocumented) {
  auto c = fixture_->client();
  for (const auto& o : ops_) {
    const auto want = expected_of(o.op);
    ASSERT_NE(want.status, 0) << o.method << " " << o.path << " documents no success";
    const auto url = url_of(o, *fixture_, service_id_);
    auto r = send(*c, o, url, fixture_->bearer("admin"));
    ASSERT_TRUE(r) << o.method << " " << url << ": " << httplib::to_string(r.error());
    EXPECT_EQ(r->status, want.status) << o.method << " " << url << ": " << r->body;
    EXPECT_TRUE(r->get_header_value("Content-Type").starts_with(want.content_type))
        << o.method << " " << url << ": " << r->get_header_value("Content-Type");
    if (want.content_type == "application/json") {
      auto j = nlohmann::json::parse(r->body, nullptr, false);
      ASSERT_TRUE(j.is_object()) << o.method << " " << url << ": " << r->body;
      for (const auto& field : want.required) {
        EXPECT_TRUE(j.contains(field)) << o.method << " " << url << " lacks '" << field << "'";
      }
    } else {
      EXPECT_NE(r->body.find("leakwatch_open_exposures"), std::string::npos) << r->body;
    }
  }
}

TEST_F(ApiRoutes, EveryRouteRefusesARequestWithoutATokenOffLoopback) {
  auto c = fixture_->client();
  for (const auto& o : ops_) {
    const auto url = url_of(o, *fixture_, service_id_);
    auto r = send(*c, o, url, {});
    ASSERT_TRUE(r) << o.method << " " << url;
    EXPECT_EQ(r->status, 401) << o.method << " " << url << ": " << r->body;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r->body;
    EXPECT_EQ(j["error"]["field"], "Authorization");
    EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Bearer");
  }
  // Also routes that do not exist: nothing is revealed to a caller without a token.
  auto unknown = c->Get("/api/v1/no-such-route");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
}

TEST_F(ApiRoutes, AViewerIsRefused403WhereAResponderIsNeeded) {
  auto c = fixture_->client();
  int checked = 0;
  for (const auto& o : ops_) {
    const std::string role = o.op.value("x-leakwatch-role", "");
    ASSERT_FALSE(role.empty()) << o.method << " " << o.path << " names no role";
    const auto url = url_of(o, *fixture_, service_id_);
    auto r = send(*c, o, url, fixture_->bearer("viewer"));
    ASSERT_TRUE(r);
    if (role == "viewer") {
      EXPECT_LT(r->status, 300) << o.method << " " << url << ": " << r->body;
      continue;
    }
    ++checked;
    EXPECT_EQ(r->status, 403) << o.method << " " << url << ": " << r->body;
    EXPECT_NE(r->body.find("needs " + role), std::string::npos) << r->body;
  }
  EXPECT_GE(checked, 5) << "ack, close, add and expire silence, rescan";
}

TEST_F(ApiRoutes, SecurityHeadersOnEveryKindOfResponse) {
  auto c = fixture_->client();
  std::vector<httplib::Result> results;
  results.push_back(c->Get("/api/v1/health", fixture_->bearer("viewer")));          // 200
  results.push_back(c->Get("/api/v1/health"));                                      // 401
  results.push_back(c->Get("/api/v1/nothing-here", fixture_->bearer("viewer")));    // 404
  results.push_back(c->Get("/api/v1/search?limit=0", fixture_->bearer("viewer")));  // 400
  std::set<int> statuses;
  for (auto& r : results) {
    ASSERT_TRUE(r);
    statuses.insert(r->status);
    EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  }
  EXPECT_EQ(statuses, (std::set<int>{200, 400, 401, 404}));
  // SIGTERM stops the server cleanly (under the sanitizer build, leaks would fail the exit).
  EXPECT_EQ(fixture_->stop_server(), 0);
}

}  // namespace
}  // namespace lw::testing
