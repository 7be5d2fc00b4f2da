// JSON in and out of handlers: reading untrusted request bodies field by field with clear errors,
// and the wire shapes of the domain values.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "qx/audit/chain.h"
#include "qx/domain/identity.h"
#include "qx/domain/incident.h"
#include "qx/domain/requirements.h"
#include "qx/domain/training.h"
#include "qx/http/message.h"
#include "qx/store/page.h"

namespace qx::api {

namespace json = boost::json;

// The body as a JSON object: 415 unless Content-Type is application/json, 400 when malformed.
Result<json::object> ParseJsonBody(const http::Request& req);

Result<std::string> RequiredString(const json::object& o, std::string_view key);
Result<std::optional<std::string>> OptionalString(const json::object& o, std::string_view key);
Result<std::optional<std::int64_t>> OptionalInt(const json::object& o, std::string_view key);

// A positive integer path parameter (an id); 404 for anything else.
Result<std::int64_t> IdParam(const http::Request& req, std::string_view name);
// A non-negative integer query parameter; nullopt when absent, 400 when not a number.
Result<std::optional<std::int64_t>> OptionalIntQuery(const http::Request& req, std::string_view name);
// limit and cursor from the query string.
Result<store::PageRequest> PageParams(const http::Request& req);

// An instant as RFC 3339 text, or null when there is none.
json::value TimeOrNull(const std::optional<UnixMillis>& t);

json::object ToJson(const domain::Organisation& o);
json::object ToJson(const domain::User& u);
json::object ToJson(const domain::ApiToken& t);
json::object ToJson(const audit::AuditRecord& r);
// Defined in requirements_json.cc.
json::object ToJson(const domain::CatalogRecord& c);
json::object ToJson(const domain::CatalogVersion& v);
json::object ToJson(const domain::RequirementRow& r);
// Defined in training_routes.cc.
json::object ToJson(const domain::Course& c);
json::object ToJson(const domain::StaffMember& s);
json::object ToJson(const domain::TrainingAudience& a);
json::object ToJson(const domain::Completion& c);
// Defined in incident_json.cc.
json::object ToJson(const domain::TimelineEntry& e);
json::object ToJson(const domain::Rfi& r);
json::object ToJson(const domain::IncidentDelivery& d);
json::object ToJson(const domain::IncidentAttachment& a);

template <typename T>
json::object PageToJson(const store::Page<T>& page) {
  json::array items;
  for (const T& item : page.items) items.push_back(ToJson(item));
  json::object out{{"items", std::move(items)}};
  out["next"] = page.next ? json::value(std::to_string(*page.next)) : json::value(nullptr);
  return out;
}

}  // namespace qx::api
