// Result<T>: the return type of every operation that can fail for a reason the caller must handle
// (bad input, not found, conflict, I/O). Bugs are asserts; exceptions never cross components.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace qx {

enum class ErrorCode {
  kInvalidArgument,   // the input is malformed or violates a rule
  kNotFound,
  kAlreadyExists,
  kConflict,          // the state does not allow the change
  kUnauthenticated,   // no or bad credentials
  kPermissionDenied,  // credentials fine, action not allowed
  kTooManyRequests,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kNotAcceptable,
  kUnavailable,       // a dependency (database, disk) failed; retrying may help
  kInternal,
};

// Stable wire name of a code, e.g. "not_found".
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

inline Status Ok() { return {}; }

// Rewrites a store's bare kAlreadyExists into "<what> is already taken" (e.g. "username").
template <typename T>
Result<T> NameConflict(Result<T> r, std::string_view what) {
  if (!r && r.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, std::string(what) + " is already taken");
  }
  return r;
}

}  // namespace qx

// Propagates the error of an expression yielding Result<...>; otherwise evaluates to nothing.
#define QX_RETURN_IF_ERROR(expr)                                   \
  do {                                                             \
    auto qx_status_ = (expr);                                      \
    if (!qx_status_) return tl::unexpected(qx_status_.error());    \
  } while (0)

#define QX_CONCAT_INNER_(a, b) a##b
#define QX_CONCAT_(a, b) QX_CONCAT_INNER_(a, b)

// QX_ASSIGN_OR_RETURN(auto x, Expr()): binds the value or propagates the error.
#define QX_ASSIGN_OR_RETURN(lhs, expr) \
  QX_ASSIGN_OR_RETURN_IMPL_(QX_CONCAT_(qx_result_, __COUNTER__), lhs, expr)
#define QX_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)           \
  auto tmp = (expr);                                        \
  if (!tmp) return tl::unexpected(std::move(tmp).error());  \
  lhs = std::move(*tmp)
