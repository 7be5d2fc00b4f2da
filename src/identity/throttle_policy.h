// The login-throttle rule, pure: max_failures within a window lock the key for a while.
#pragma once

#include "qx/identity/auth_service.h"
#include "qx/store/identity_repos.h"

namespace qx::identity::detail {

inline bool IsLocked(const store::ThrottleState& s, UnixMillis now) { return now < s.locked_until; }

inline store::ThrottleState AfterFailure(store::ThrottleState s, UnixMillis now,
                                         const AuthOptions& o) {
  if (now - s.window_start >= o.failure_window.count()) {
    s.failures = 0;
    s.window_start = now;
  }
  if (++s.failures >= o.max_failures) {
    s.locked_until = now + o.lockout.count();
    s.failures = 0;
    s.window_start = now;
  }
  return s;
}

}  // namespace qx::identity::detail
