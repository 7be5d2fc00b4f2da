#include "json_io.h"

#include <charconv>
#include <fmt/format.h>

#include "qx/core/clock.h"

namespace qx::api {
namespace {

Error Invalid(std::string m) { return Error{ErrorCode::kInvalidArgument, std::move(m)}; }

std::optional<std::int64_t> ParseInt(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<json::object> ParseJsonBody(const http::Request& req) {
  const std::string_view type = req.Header("Content-Type");
  if (type.substr(0, type.find(';')) != "application/json") {
    return MakeError(ErrorCode::kUnsupportedMediaType, "Content-Type must be application/json");
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  json::value v = json::parse(req.body, ec, {}, options);
  if (ec) return tl::unexpected(Invalid(fmt::format("malformed JSON: {}", ec.message())));
  if (!v.is_object()) return tl::unexpected(Invalid("the body must be a JSON object"));
  return std::move(v.as_object());
}

Result<std::string> RequiredString(const json::object& o, std::string_view key) {
  QX_ASSIGN_OR_RETURN(auto value, OptionalString(o, key));
  if (!value) return tl::unexpected(Invalid(fmt::format("field '{}' is required", key)));
  return std::move(*value);
}

Result<std::optional<std::string>> OptionalString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return tl::unexpected(Invalid(fmt::format("field '{}' must be a string", key)));
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::optional<std::int64_t>> OptionalInt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::int64_t>();
  if (v->is_int64()) return std::optional(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX) {
    return std::optional(static_cast<std::int64_t>(v->as_uint64()));
  }
  return tl::unexpected(Invalid(fmt::format("field '{}' must be an integer", key)));
}

Result<std::int64_t> IdParam(const http::Request& req, std::string_view name) {
  const auto id = ParseInt(req.Param(name));
  if (!id || *id <= 0) return MakeError(ErrorCode::kNotFound, "no such resource");
  return *id;
}

Result<std::optional<std::int64_t>> OptionalIntQuery(const http::Request& req, std::string_view name) {
  const std::string* s = req.Query(name);
  if (!s) return std::optional<std::int64_t>();
  const auto v = ParseInt(*s);
  if (!v || *v < 0) return tl::unexpected(Invalid(fmt::format("{} must be a number", name)));
  return v;
}

Result<store::PageRequest> PageParams(const http::Request& req) {
  store::PageRequest page;
  if (const std::string* limit = req.Query("limit")) {
    const auto v = ParseInt(*limit);
    if (!v || *v < 1 || *v > 1000) return tl::unexpected(Invalid("limit must be 1-1000"));
    page.limit = static_cast<int>(*v);
  }
  if (const std::string* cursor = req.Query("cursor")) {
    const auto v = ParseInt(*cursor);
    if (!v || *v < 0) return tl::unexpected(Invalid("cursor is not one this server gave out"));
    page.after = *v;
  }
  return page;
}

json::value TimeOrNull(const std::optional<UnixMillis>& t) {
  return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}

json::object ToJson(const domain::Organisation& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"kind", domain::Name(o.kind)},
          {"sector", o.sector},
          {"created_at", FormatRfc3339(o.created_at)}};
}

json::object ToJson(const domain::User& u) {
  return {{"id", u.id},
          {"org_id", u.org_id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", domain::Name(u.role)},
          {"disabled", u.disabled},
          {"created_at", FormatRfc3339(u.created_at)}};
}

json::object ToJson(const domain::ApiToken& t) {
  json::object out{{"id", t.id},
                   {"org_id", t.org_id},
                   {"name", t.name},
                   {"role", domain::Name(t.role)},
                   {"created_by", t.created_by},
                   {"created_at", FormatRfc3339(t.created_at)},
                   {"expires_at", FormatRfc3339(t.expires_at)}};
  out["revoked_at"] = TimeOrNull(t.revoked_at);
  return out;
}

json::object ToJson(const audit::AuditRecord& r) {
  boost::system::error_code ec;
  json::value detail = json::parse(r.entry.detail, ec);
  if (ec) detail = r.entry.detail;  // a row written by hand: show it as the text it is
  return {{"seq", r.seq},
          {"at", FormatRfc3339(r.at)},
          {"actor", r.entry.actor},
          {"org_id", r.entry.org_id},
          {"action", r.entry.action},
          {"object_type", r.entry.object_type},
          {"object_id", r.entry.object_id},
          {"detail", std::move(detail)},
          {"digest", r.digest},
          {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

}  // namespace qx::api
