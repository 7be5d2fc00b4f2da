#include "qx/http/router.h"

#include <spdlog/spdlog.h>

namespace qx::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    const size_t end = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, end - start));
    start = end;
  }
  return out;
}

bool IsParam(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

}  // namespace

void Router::Add(Method method, std::string_view pattern, Handler handler) {
  Route r{method, std::string(pattern), {}, std::move(handler)};
  for (std::string_view seg : SplitPath(pattern)) r.segments.emplace_back(seg);
  routes_.push_back(std::move(r));
}

bool Router::Match(const Route& route, const std::vector<std::string_view>& path,
                   Request* fill) {
  if (route.segments.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (IsParam(seg)) {
      if (path[i].empty()) return false;
      if (fill) fill->params[seg.substr(1, seg.size() - 2)] = std::string(path[i]);
    } else if (seg != path[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Dispatch(Request& req) const {
  auto error = [&](int status, std::string_view code, std::string_view message) {
    return render_error_ ? render_error_(req.path, status, code, message) : ErrorResponse(status, code, message);
  };
  const std::vector<std::string_view> path = SplitPath(req.path);
  std::string allow;
  const Route* found = nullptr;
  for (const Route& r : routes_) {
    if (!Match(r, path, nullptr)) continue;
    if (r.method == req.method || (req.method == Method::kHead && r.method == Method::kGet)) {
      found = &r;
      break;
    }
    if (!allow.empty()) allow += ", ";
    allow += Name(r.method);
  }
  try {
    if (!found) {
      if (!allow.empty()) {
        req.route = "(method not allowed)";
        Response r = error(405, "method_not_allowed", "method not allowed for this path");
        r.SetHeader("Allow", allow);
        return r;
      }
      req.route = "(fallback)";
      if (fallback_) return fallback_(req);
      return error(404, "not_found", "no such resource");
    }
    req.route = found->pattern;
    Match(*found, path, &req);
    return found->handler(req);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", Name(req.method), req.route, e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-exception", Name(req.method), req.route);
  }
  return error(500, "internal", "internal error");
}

}  // namespace qx::http
