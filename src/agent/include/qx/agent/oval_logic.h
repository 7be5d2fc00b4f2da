// OVAL's result values and the tables that combine them (OVAL 5.11 Language Specification,
// sections on operator and check enumerations), plus entity comparison by datatype.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"

namespace qx::agent {

enum class OvalResult { kTrue, kFalse, kError, kUnknown, kNotEvaluated, kNotApplicable };

std::string_view OvalResultName(OvalResult r);
OvalResult Negate(OvalResult r);

enum class OvalOperator { kAnd, kOr, kOne, kXor };
Result<OvalOperator> ParseOperator(std::string_view text);  // "" gives AND
OvalResult Combine(OvalOperator op, const std::vector<OvalResult>& results);

enum class OvalCheck { kAll, kAtLeastOne, kNoneSatisfy, kOnlyOne };
Result<OvalCheck> ParseCheck(std::string_view text);  // "" gives all; "none exist" is accepted as none satisfy
OvalResult ApplyCheck(OvalCheck check, const std::vector<OvalResult>& results);

enum class OvalExistence { kAllExist, kAnyExist, kAtLeastOneExists, kNoneExist, kOnlyOneExists };
Result<OvalExistence> ParseExistence(std::string_view text);  // "" gives at_least_one_exists

// Compares an item's value (left) with a state's or object's value (right) by datatype and
// operation, e.g. ("int", "greater than or equal", "12", "10") is true. Error for a value that
// does not parse as its datatype or an operation the datatype lacks.
Result<bool> CompareValues(std::string_view datatype, std::string_view operation,
                           std::string_view item_value, std::string_view state_value);

// dpkg's version ordering (epoch:upstream-revision): <0, 0, >0.
int CompareDebianVersions(std::string_view a, std::string_view b);

}  // namespace qx::agent
