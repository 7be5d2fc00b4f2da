// Canonical JSON (RFC 8785, JCS): object members sorted by key (UTF-16 code units), no
// insignificant whitespace, strings escaped minimally. The bytes that are hashed and signed when
// a version is published.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace qx::oscal {

// Strings: only '"', '\\' and control characters are escaped (\b \f \n \r \t, else \u00xx in
// lower case); everything else, including non-ASCII, is copied as UTF-8. Integers print as
// integers; doubles as ECMAScript's shortest round-trip form (1.5, 1e+21, 0.000001, -0 as 0).
// A non-finite double (which no parser produces) prints as null. Pure; thread-safe.
std::string CanonicalJson(const boost::json::value& value);

}  // namespace qx::oscal
