#include "qx/domain/attachment.h"

#include <fmt/format.h>

namespace qx::domain {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not a valid one.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) n = 2;
  else if (b >= 0xE0 && b <= 0xEF) n = 3;
  else if (b >= 0xF0 && b <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b == 0xE0 && b1 < 0xA0) return 0;  // overlong
  if (b == 0xED && b1 > 0x9F) return 0;  // surrogates
  if (b == 0xF0 && b1 < 0x90) return 0;  // overlong
  if (b == 0xF4 && b1 > 0x8F) return 0;  // beyond U+10FFFF
  return n;
}

bool TokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' || c == '#' || c == '$' ||
         c == '&' || c == '-' || c == '^' || c == '_' || c == '.' || c == '+';
}

}  // namespace

Result<std::string> CheckFileName(std::string_view name) {
  if (name.empty()) return MakeError(ErrorCode::kInvalidArgument, "a file name is required");
  if (name.size() > kMaxFileNameBytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("the file name is longer than {} bytes", kMaxFileNameBytes));
  }
  if (name.front() == '.' || name.front() == ' ') {
    return MakeError(ErrorCode::kInvalidArgument, "the file name must not start with a dot or a space");
  }
  for (std::size_t i = 0; i < name.size();) {
    const char c = name[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return MakeError(ErrorCode::kInvalidArgument, "the file name must not hold control characters");
    }
    if (c == '/' || c == '\\') {
      return MakeError(ErrorCode::kInvalidArgument, "the file name must not hold a path");
    }
    if (c == '"' || c == ';') {
      return MakeError(ErrorCode::kInvalidArgument, "the file name must not hold quotes or ';'");
    }
    const std::size_t n = Utf8Length(name, i);
    if (n == 0) return MakeError(ErrorCode::kInvalidArgument, "the file name is not valid UTF-8");
    i += n;
  }
  return std::string(name);
}

Result<std::string> NormaliseMediaType(std::string_view declared) {
  const std::size_t semi = declared.find(';');
  if (semi != std::string_view::npos) declared = declared.substr(0, semi);
  while (!declared.empty() && (declared.front() == ' ' || declared.front() == '\t')) declared.remove_prefix(1);
  while (!declared.empty() && (declared.back() == ' ' || declared.back() == '\t')) declared.remove_suffix(1);
  if (declared.empty()) return std::string("application/octet-stream");
  std::string out;
  out.reserve(declared.size());
  for (char c : declared) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  const std::size_t slash = out.find('/');
  const bool ok = out.size() <= 100 && slash != std::string::npos && slash > 0 && slash + 1 < out.size() &&
                  out.find('/', slash + 1) == std::string::npos;
  bool tokens = ok;
  for (std::size_t i = 0; tokens && i < out.size(); ++i) tokens = i == slash || TokenChar(out[i]);
  if (!tokens) {
    return MakeError(ErrorCode::kInvalidArgument, "the Content-Type must be a media type such as text/plain");
  }
  return out;
}

std::string AttachmentDisposition(std::string_view name) {
  std::string fallback, encoded;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    fallback.push_back(u < 0x80 && c != '%' ? c : '_');
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      encoded.push_back(c);
    } else {
      encoded += fmt::format("%{:02X}", u);
    }
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", fallback, encoded);
}

}  // namespace qx::domain
