// Rules of STIX 2.1 on pattern values that the grammar does not express, and the parser's hints
// for error messages. Private to qx::stix.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pattern_lexer.h"
#include "qx/core/result.h"
#include "qx/stix/pattern.h"

namespace qx::stix::detail {

// " (keywords are upper case)" for "within", " (booleans are lower case)" for "TRUE", else "".
std::string CaseHint(const Token& token);

// A comparison of "...hashes.<algorithm>" with =, != or IN against digests of the wrong length
// (MD5, SHA-1, SHA-256, ...: the table of the OASIS pattern validator) fails at `offset`.
Status CheckHashConstant(const Comparison& c, size_t offset);

// "WITHIN", "REPEATS", "START/STOP".
std::string_view QualifierName(const Qualifier& q);

// Whether two constants of a set are of one type (spec 9.6.1): integers mix with floats, and
// binary with hex (both are octets).
bool SameSetType(ConstantType a, ConstantType b);

}  // namespace qx::stix::detail
