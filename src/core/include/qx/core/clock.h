// Clock: the one source of "now", injected so that time-dependent logic is testable.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "qx/core/result.h"

namespace qx {

// Milliseconds since the Unix epoch, UTC. The storage and wire unit of time.
using UnixMillis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixMillis Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixMillis Now() const override;
};

// A clock tests set and advance by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMillis start) : now_(start) {}
  UnixMillis Now() const override { return now_.load(); }
  void Set(UnixMillis t) { now_.store(t); }
  void Advance(std::chrono::milliseconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<UnixMillis> now_;
};

// "2026-11-27T21:23:24.123Z" (RFC 3339, UTC, millisecond precision).
std::string FormatRfc3339(UnixMillis t);

// Parses RFC 3339 with a "Z" or numeric offset and optional fraction (kept to milliseconds).
Result<UnixMillis> ParseRfc3339(std::string_view text);

}  // namespace qx
