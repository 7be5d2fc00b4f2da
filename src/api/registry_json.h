// Wire shapes of the registry and of self-assessments, and readers of their request fields.
#pragma once

#include <boost/json.hpp>

#include "json_io.h"
#include "qx/assessment/assessment_service.h"
#include "qx/registry/registry_service.h"

namespace qx::api {

json::object ToJson(const domain::CiiObject& o);
json::object ToJson(const domain::OtArchitecture& ot);
json::object ToJson(const registry::ObjectView& v);
json::object ToJson(const domain::Categorisation& c);
json::object ToJson(const registry::ThresholdsView& t);
json::object ToJson(const domain::ProviderDeclaration& d);
json::object ToJson(const registry::PublicProvider& p);
json::object ToJson(const registry::ImportReport& r);

json::object ToJson(const domain::Assessment& a);
json::object ToJson(const domain::AssessmentItem& i);
json::object ToJson(const domain::EvidenceRecord& e);
json::object ToJson(const domain::ReviewComment& c);
json::object ToJson(const domain::RemediationAction& r);
json::object ToJson(const domain::Observation& o);
json::object ToJson(const domain::Score& s);
json::object ToJson(const assessment::AssessmentView& v, UnixMillis now);
json::object ToJson(const assessment::WeightsView& w);
json::object ToJson(const store::PosturePoint& p);

json::value OptionalNumber(const std::optional<double>& v);
// An RFC 3339 time field; absent or null: nullopt.
Result<std::optional<UnixMillis>> OptionalTime(const json::object& o, std::string_view key);
// A list of strings field; absent: empty.
Result<std::vector<std::string>> StringList(const json::object& o, std::string_view key);

// A page of any of the values above: {"items": [...], "next": cursor or null}. (PageToJson of
// json_io.h sees only the ToJson overloads declared before it.)
template <typename T>
json::object PageOf(const store::Page<T>& page) {
  json::array items;
  for (const T& item : page.items) items.push_back(ToJson(item));
  json::object out{{"items", std::move(items)}};
  out["next"] = page.next ? json::value(std::to_string(*page.next)) : json::value(nullptr);
  return out;
}

}  // namespace qx::api
