#include "qx/stix/identifier.h"

namespace qx::stix {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

constexpr size_t kUuidLength = 36;

}  // namespace

bool IsValidTypeName(std::string_view type) {
  if (type.size() < 3 || type.size() > 250) return false;
  if (!IsLower(type.front()) || type.back() == '-') return false;
  for (size_t i = 0; i < type.size(); ++i) {
    const char c = type[i];
    if (!IsLower(c) && !IsDigit(c) && c != '-') return false;
    if (c == '-' && i + 1 < type.size() && type[i + 1] == '-') return false;
  }
  return true;
}

bool IsRfc4122Uuid(std::string_view uuid) {
  if (uuid.size() != kUuidLength) return false;
  for (size_t i = 0; i < uuid.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (uuid[i] != '-') return false;
    } else if (!IsHex(uuid[i])) {
      return false;
    }
  }
  const char version = uuid[14];
  const char variant = static_cast<char>(uuid[19] | 0x20);  // lower case
  return version >= '1' && version <= '5' &&
         (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

std::optional<Identifier> ParseIdentifier(std::string_view id) {
  if (id.size() < kUuidLength + 2 + 3) return std::nullopt;
  const std::string_view uuid = id.substr(id.size() - kUuidLength);
  const std::string_view rest = id.substr(0, id.size() - kUuidLength);
  if (!rest.ends_with("--")) return std::nullopt;
  const std::string_view type = rest.substr(0, rest.size() - 2);
  if (!IsValidTypeName(type) || !IsRfc4122Uuid(uuid)) return std::nullopt;
  return Identifier{type, uuid};
}

}  // namespace qx::stix
