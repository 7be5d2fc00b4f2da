#include "qx/stix/timestamp.h"

namespace qx::stix {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "YYYY-MM-DDTHH:MM:SS" followed by an optional ".d+" and a final "Z".
bool HasStixShape(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < kShape.size() + 1 || s.back() != 'Z') return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == 'd' ? !IsDigit(s[i]) : s[i] != kShape[i]) return false;
  }
  const std::string_view rest = s.substr(kShape.size(), s.size() - kShape.size() - 1);
  if (rest.empty()) return true;
  if (rest.size() < 2 || rest[0] != '.') return false;
  for (const char c : rest.substr(1)) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

}  // namespace

Result<StixTimestamp> ParseStixTimestamp(std::string_view text) {
  if (!HasStixShape(text)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z, UTC)");
  }
  auto millis = ParseRfc3339(text);
  if (!millis) {
    return MakeError(ErrorCode::kInvalidArgument, "not a valid date and time");
  }
  StixTimestamp out{*millis, 0};
  // Digits 4 to 9 of the fraction: the part below the millisecond, in nanoseconds.
  const size_t dot = text.find('.');
  if (dot != std::string_view::npos) {
    int32_t scale = 100000;
    for (size_t i = dot + 4; i < text.size() - 1 && scale > 0; ++i, scale /= 10) {
      out.sub_milli_nanos += (text[i] - '0') * scale;
    }
  }
  return out;
}

}  // namespace qx::stix
