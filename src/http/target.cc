#include "qx/http/target.h"

#include "qx/core/hex.h"

namespace qx::http {
namespace {

Error Invalid(std::string m) { return Error{ErrorCode::kInvalidArgument, std::move(m)}; }

}  // namespace

Result<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return tl::unexpected(Invalid("bad percent-escape"));
      const int hi = HexDigitValue(in[i + 1]);
      const int lo = HexDigitValue(in[i + 2]);
      if (hi < 0 || lo < 0) return tl::unexpected(Invalid("bad percent-escape"));
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return tl::unexpected(Invalid("NUL byte in request target"));
    out.push_back(c);
  }
  return out;
}

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return tl::unexpected(Invalid("request target must be an absolute path"));
  }
  const size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  Target out;
  QX_ASSIGN_OR_RETURN(out.path, PercentDecode(raw_path, false));
  // Reject dot segments after decoding, so that "%2e%2e" cannot climb out either.
  size_t start = 1;
  while (start <= out.path.size()) {
    const size_t end = std::min(out.path.find('/', start), out.path.size());
    const std::string_view seg(out.path.data() + start, end - start);
    if (seg == "." || seg == "..") return tl::unexpected(Invalid("dot segments are not allowed"));
    if (seg.find('\\') != std::string_view::npos) {
      return tl::unexpected(Invalid("backslashes are not allowed in paths"));
    }
    start = end + 1;
  }
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    QX_ASSIGN_OR_RETURN(std::string key, PercentDecode(pair.substr(0, eq), true));
    std::string value;
    if (eq != std::string_view::npos) {
      QX_ASSIGN_OR_RETURN(value, PercentDecode(pair.substr(eq + 1), true));
    }
    out.query.emplace(std::move(key), std::move(value));
  }
  return out;
}

std::optional<std::string> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view item = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    if (item.substr(0, eq) == name) {
      std::string_view value = item.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return std::string(value);
    }
  }
  return std::nullopt;
}

}  // namespace qx::http
