// The categorisation thresholds as JSON — {"people": [c1, c2, c3], ...}, the least value reaching
// category 1, 2 and 3 per criterion — for the settings store and the API alike.
#pragma once

#include <boost/json/value.hpp>

#include "qx/core/result.h"
#include "qx/domain/registry.h"

namespace qx::registry {

boost::json::object ThresholdsToJson(const domain::Thresholds& t);
// Every criterion must be present with three non-negative integers; the rule of
// domain::ValidateThresholds applies.
Result<domain::Thresholds> ThresholdsFromJson(const boost::json::value& v);

// {"people": 120, ...}: every criterion present, a non-negative integer.
boost::json::object AnswersToJson(const domain::Answers& a);
Result<domain::Answers> AnswersFromJson(const boost::json::value& v);

}  // namespace qx::registry
