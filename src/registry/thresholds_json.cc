#include "qx/registry/thresholds_json.h"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace qx::registry {
namespace {

namespace json = boost::json;

Error Invalid(std::string m) { return Error{ErrorCode::kInvalidArgument, std::move(m)}; }

std::optional<std::int64_t> NonNegative(const json::value& v) {
  if (v.is_int64() && v.as_int64() >= 0) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.as_uint64());
  }
  return std::nullopt;
}

}  // namespace

json::object ThresholdsToJson(const domain::Thresholds& t) {
  json::object out;
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    const auto& row = t.min_for_category[i];
    out[domain::Name(static_cast<domain::Criterion>(i))] = json::array{row[0], row[1], row[2]};
  }
  return out;
}

Result<domain::Thresholds> ThresholdsFromJson(const json::value& v) {
  if (!v.is_object()) return tl::unexpected(Invalid("thresholds must be a JSON object"));
  domain::Thresholds t;
  for (const auto& [key, value] : v.as_object()) {
    if (!domain::ParseCriterion(key)) return tl::unexpected(Invalid(fmt::format("unknown criterion '{}'", std::string_view(key))));
  }
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    const auto name = domain::Name(static_cast<domain::Criterion>(i));
    const json::value* row = v.as_object().if_contains(name);
    if (!row || !row->is_array() || row->as_array().size() != 3) {
      return tl::unexpected(Invalid(fmt::format("{} needs three thresholds (categories 1, 2, 3)", name)));
    }
    for (size_t c = 0; c < 3; ++c) {
      auto n = NonNegative(row->as_array()[c]);
      if (!n) return tl::unexpected(Invalid(fmt::format("{}: thresholds are whole numbers", name)));
      t.min_for_category[i][c] = *n;
    }
  }
  QX_RETURN_IF_ERROR(domain::ValidateThresholds(t));
  return t;
}

json::object AnswersToJson(const domain::Answers& a) {
  json::object out;
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    out[domain::Name(static_cast<domain::Criterion>(i))] = a[i];
  }
  return out;
}

Result<domain::Answers> AnswersFromJson(const json::value& v) {
  if (!v.is_object()) return tl::unexpected(Invalid("answers must be a JSON object"));
  for (const auto& [key, value] : v.as_object()) {
    if (!domain::ParseCriterion(key)) return tl::unexpected(Invalid(fmt::format("unknown criterion '{}'", std::string_view(key))));
  }
  domain::Answers a{};
  for (size_t i = 0; i < domain::kCriterionCount; ++i) {
    const auto name = domain::Name(static_cast<domain::Criterion>(i));
    const json::value* x = v.as_object().if_contains(name);
    auto n = x ? NonNegative(*x) : std::nullopt;
    if (!n) return tl::unexpected(Invalid(fmt::format("answer '{}' with a whole number of zero or more", name)));
    a[i] = *n;
  }
  QX_RETURN_IF_ERROR(domain::ValidateAnswers(a));
  return a;
}

}  // namespace qx::registry
