// Router: method + path patterns with {parameters} ("/api/v1/orgs/{id}/users"). A trailing slash
// is ignored. Configure before serving; Dispatch is then thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "qx/http/message.h"

namespace qx::http {

using Handler = std::function<Response(Request&)>;
// Renders the router's own errors (404, 405, 500) for a path: lets a part of the URL space
// (e.g. TAXII's) answer them in its own shape.
using ErrorRenderer =
    std::function<Response(std::string_view path, int status, std::string_view code, std::string_view message)>;

class Router {
 public:
  void Add(Method method, std::string_view pattern, Handler handler);
  // Answers requests that match no route (e.g. static files); without one, 404.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }
  // Shapes the router's own 404, 405 and 500 answers (default: http::ErrorResponse).
  void SetErrorRenderer(ErrorRenderer renderer) { render_error_ = std::move(renderer); }

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
  ErrorRenderer render_error_;
};

}  // namespace qx::http
