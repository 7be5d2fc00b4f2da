#include "qx/taxii/protocol.h"

#include <gtest/gtest.h>

namespace qx::taxii {
namespace {

TEST(ProtocolTest, AcceptNegotiation) {
  EXPECT_TRUE(AcceptsTaxii("application/taxii+json;version=2.1"));
  EXPECT_TRUE(AcceptsTaxii("application/taxii+json; version=2.1"));
  EXPECT_TRUE(AcceptsTaxii("application/taxii+json"));
  EXPECT_TRUE(AcceptsTaxii("text/html, */*;q=0.1"));
  EXPECT_TRUE(AcceptsTaxii(""));
  EXPECT_FALSE(AcceptsTaxii("application/taxii+json;version=2.0"));
  EXPECT_FALSE(AcceptsTaxii("application/json"));
  EXPECT_FALSE(AcceptsTaxii("application/stix+json;version=2.1"));
}

TEST(ProtocolTest, ContentTypes) {
  EXPECT_TRUE(IsTaxiiContentType("application/taxii+json;version=2.1"));
  EXPECT_TRUE(IsTaxiiContentType("Application/TAXII+json; charset=utf-8; version=2.1"));
  EXPECT_FALSE(IsTaxiiContentType("application/taxii+json"));
  EXPECT_FALSE(IsTaxiiContentType("application/json"));
}

TEST(ProtocolTest, TimestampsKeepMicroseconds) {
  EXPECT_EQ(FormatTimestamp(1'795'813'804'123'456), "2026-11-27T21:10:04.123456Z");
  EXPECT_EQ(*ParseTimestamp("2026-11-27T21:10:04.123456Z"), 1'795'813'804'123'456);
  EXPECT_EQ(*ParseTimestamp("2026-11-27T21:10:04Z"), 1'795'813'804'000'000);
  EXPECT_EQ(*ParseTimestamp("2026-11-27T21:10:04.1Z"), 1'795'813'804'100'000);
  EXPECT_FALSE(ParseTimestamp("2026-11-27T21:10:04+01:00"));
  EXPECT_FALSE(ParseTimestamp("yesterday"));
}

TEST(ProtocolTest, CursorsRoundTripAndRejectForgeries) {
  EXPECT_EQ(*DecodeCursor(EncodeCursor(42)), 42);
  EXPECT_FALSE(DecodeCursor("42"));
  EXPECT_FALSE(DecodeCursor("q1.-5"));
  EXPECT_FALSE(DecodeCursor("q1.5x"));
}

TEST(ProtocolTest, ErrorsHaveTheTaxiiShape) {
  const auto r = ErrorResponse(Error{ErrorCode::kUnauthenticated, "who are you"});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Header("Content-Type"), kTaxiiMediaType);
  EXPECT_NE(r.Header("WWW-Authenticate").find("Basic"), std::string_view::npos);
  EXPECT_NE(r.body.find("\"http_status\":\"401\""), std::string::npos);
}

}  // namespace
}  // namespace qx::taxii
