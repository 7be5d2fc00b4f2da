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

// The code point of the UTF-8 sequence at s[i] and its length, or 0 when it is not a valid one.
std::size_t DecodeUtf8(std::string_view s, std::size_t i, char32_t& cp) {
  const std::size_t n = Utf8Length(s, i);
  if (n == 0) return 0;
  const auto b = static_cast<unsigned char>(s[i]);
  cp = n == 1 ? b : b & (0xFF >> (n + 1));
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return n;
}

// Control characters (C0, DEL, C1) and the invisible direction marks and overrides that can make
// "report<U+202E>fdp.exe" show as "reportexe.pdf": never part of a name that is shown or saved.
bool Refused(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// RFC 5987 attr-char: what an ext-value carries without percent-encoding.
bool AttrChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' ||
         c == '#' || c == '$' || c == '&' || c == '+' || c == '-' || c == '.' || c == '^' || c == '_' ||
         c == '`' || c == '|' || c == '~';
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
    if (c == '/' || c == '\\') {
      return MakeError(ErrorCode::kInvalidArgument, "the file name must not hold a path");
    }
    if (c == '"' || c == ';') {
      return MakeError(ErrorCode::kInvalidArgument, "the file name must not hold quotes or ';'");
    }
    char32_t cp = 0;
    const std::size_t n = DecodeUtf8(name, i, cp);
    if (n == 0) return MakeError(ErrorCode::kInvalidArgument, "the file name is not valid UTF-8");
    if (Refused(cp)) {
      return MakeError(ErrorCode::kInvalidArgument, "the file name must not hold control characters");
    }
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
  // RFC 6266 section 4.3: a quoted-string fallback of printable ASCII for old clients, then the
  // name itself as an RFC 5987 ext-value (UTF-8, attr-char or %XX). Whatever bytes a stored name
  // holds (rows older than CheckFileName included), neither part can end the parameter or the
  // header line: quotes, backslashes, '%', controls, path separators and bytes that are not UTF-8
  // become '_'; each other non-ASCII character is one '_' in the fallback and %XX in filename*.
  std::string fallback, encoded;
  for (std::size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    const std::size_t n = DecodeUtf8(name, i, cp);
    if (n == 0 || Refused(cp) || cp == '/' || cp == '\\') {
      fallback.push_back('_');
      encoded.push_back('_');
      i += n == 0 ? 1 : n;
      continue;
    }
    if (cp < 0x80) {
      const char c = name[i];
      fallback.push_back(c == '"' || c == '%' ? '_' : c);
      if (AttrChar(c)) {
        encoded.push_back(c);
      } else {
        encoded += fmt::format("%{:02X}", static_cast<unsigned char>(c));
      }
    } else {
      fallback.push_back('_');
      for (std::size_t k = 0; k < n; ++k) encoded += fmt::format("%{:02X}", static_cast<unsigned char>(name[i + k]));
    }
    i += n;
  }
  if (encoded.empty()) fallback = encoded = "download";
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", fallback, encoded);
}

}  // namespace qx::domain
