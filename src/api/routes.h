#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/auth.h"
#include "api/http_io.h"
#include "api/metrics.h"
#include "api/options.h"
#include "api/stores.h"

// The routes of the API (docs/api/openapi.yaml), one table per resource family.
namespace lw::api {

struct RouteContext {
  const ApiOptions& options;
  Stores& stores;
  Metrics& metrics;
  std::int64_t now_ms;  // wall clock, for the stores (which read none)
};

// A JSON body, or text (Prometheus) when content_type is set.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::string text;
  std::string content_type;
};

using RouteHandler =
    std::function<HttpResult<Reply>(const httplib::Request&, const Principal&, RouteContext&)>;

struct Route {
  std::string method;   // GET, POST, DELETE
  std::string pattern;  // httplib regex; groups are path parameters
  Role role;            // the least role allowed
  RouteHandler handler;
};

std::vector<Route> catalog_routes();   // search, hosts, services, history, findings, events
std::vector<Route> incident_routes();  // incidents, silences
std::vector<Route> monitor_routes();   // assets, rules, rescan, health, metrics
std::vector<Route> overview_routes();  // me, overview (the dashboard's figures)

// Page envelope: {"items": [...], "next_cursor": "..." | null}.
nlohmann::json page(nlohmann::json items, const std::string& next_cursor);

}  // namespace lw::api
