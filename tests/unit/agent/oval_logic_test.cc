#include "qx/agent/oval_logic.h"

#include <gtest/gtest.h>

namespace qx::agent {
namespace {

using R = OvalResult;

TEST(OvalLogicTest, OperatorsFollowTheSpecificationTables) {
  EXPECT_EQ(Combine(OvalOperator::kAnd, {R::kTrue, R::kTrue}), R::kTrue);
  EXPECT_EQ(Combine(OvalOperator::kAnd, {R::kTrue, R::kFalse, R::kError}), R::kFalse);
  EXPECT_EQ(Combine(OvalOperator::kAnd, {R::kTrue, R::kError}), R::kError);
  EXPECT_EQ(Combine(OvalOperator::kAnd, {R::kTrue, R::kNotApplicable}), R::kTrue);
  EXPECT_EQ(Combine(OvalOperator::kAnd, {R::kNotApplicable}), R::kNotApplicable);
  EXPECT_EQ(Combine(OvalOperator::kOr, {R::kFalse, R::kTrue, R::kError}), R::kTrue);
  EXPECT_EQ(Combine(OvalOperator::kOr, {R::kFalse, R::kUnknown}), R::kUnknown);
  EXPECT_EQ(Combine(OvalOperator::kOne, {R::kTrue, R::kTrue}), R::kFalse);
  EXPECT_EQ(Combine(OvalOperator::kOne, {R::kTrue, R::kFalse}), R::kTrue);
  EXPECT_EQ(Combine(OvalOperator::kXor, {R::kTrue, R::kTrue, R::kTrue}), R::kTrue);
  EXPECT_EQ(Negate(R::kTrue), R::kFalse);
  EXPECT_EQ(Negate(R::kError), R::kError);
  EXPECT_EQ(ApplyCheck(OvalCheck::kNoneSatisfy, {R::kFalse, R::kFalse}), R::kTrue);
  EXPECT_EQ(ApplyCheck(OvalCheck::kNoneSatisfy, {R::kFalse, R::kTrue}), R::kFalse);
  EXPECT_FALSE(ParseOperator("NAND"));
  EXPECT_FALSE(ParseExistence("some_exist"));
}

TEST(OvalLogicTest, ComparesByDatatype) {
  EXPECT_TRUE(*CompareValues("int", "greater than or equal", "12", "10"));
  EXPECT_FALSE(*CompareValues("int", "less than", "12", "10"));
  EXPECT_TRUE(*CompareValues("int", "bitwise and", "511", "18"));
  EXPECT_FALSE(CompareValues("int", "equals", "abc", "1"));
  EXPECT_TRUE(*CompareValues("boolean", "equals", "1", "true"));
  EXPECT_TRUE(*CompareValues("string", "pattern match", "PermitRootLogin no", "^Permit\\w+\\s+no$"));
  EXPECT_TRUE(*CompareValues("string", "case insensitive equals", "YES", "yes"));
  EXPECT_TRUE(*CompareValues("version", "less than", "1.2.10", "1.10"));
  EXPECT_TRUE(*CompareValues("debian_evr_string", "greater than", "1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u2"));
  EXPECT_TRUE(*CompareValues("float", "less than", "1.5", "2"));
  EXPECT_FALSE(CompareValues("boolean", "greater than", "true", "false"));
  EXPECT_FALSE(CompareValues("string", "pattern match", "x", "("));
}

TEST(OvalLogicTest, DebianVersionOrderingMatchesDpkg) {
  EXPECT_LT(CompareDebianVersions("1.0~rc1", "1.0"), 0);
  EXPECT_LT(CompareDebianVersions("1.0", "1.0+b1"), 0);
  EXPECT_GT(CompareDebianVersions("1:0.1", "9.9"), 0);
  EXPECT_EQ(CompareDebianVersions("0:2.36-9", "2.36-9"), 0);
  EXPECT_LT(CompareDebianVersions("2.36-9+deb12u3", "2.36-9+deb12u10"), 0);
  EXPECT_GT(CompareDebianVersions("1.2a", "1.2"), 0);
}

}  // namespace
}  // namespace qx::agent
