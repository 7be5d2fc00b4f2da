#include "qx/http/message.h"

#include <gtest/gtest.h>

namespace qx::http {
namespace {

TEST(MessageTest, EveryErrorCodeMapsToOneStatus) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedMediaType), 415);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
}

TEST(MessageTest, ErrorBodyHasTheOneShape) {
  const Response r = ErrorResponse(Error{ErrorCode::kNotFound, "no such user"});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"no such user"}})");
}

TEST(MessageTest, InternalErrorsHideTheirMessage) {
  const Response r = ErrorResponse(Error{ErrorCode::kInternal, "secret path /var/x"});
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(MessageTest, HeadersAreCaseInsensitive) {
  Request req;
  req.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(req.Header("content-type"), "application/json");
  EXPECT_EQ(req.Header("Accept"), "");
}

}  // namespace
}  // namespace qx::http
