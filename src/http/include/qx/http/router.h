// Router: method + path patterns with {parameters} ("/api/v1/orgs/{id}/users"). A trailing slash
// is ignored. Configure before serving; Dispatch is then thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "qx/http/message.h"

namespace qx::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  void Add(Method method, std::string_view pattern, Handler handler);
  // Answers requests that match no route (e.g. static files); without one, 404.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  // Finds the route, fills req.params and req.route and calls the handler. 404 for an unknown
  // path, 405 (with Allow) for a known path with another method, 500 when a handler throws.
  Response Dispatch(Request& req) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" segments are parameters
    Handler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string_view>& path,
                    Request* fill);

  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace qx::http
