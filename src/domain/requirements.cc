#include "qx/domain/requirements.h"

#include <algorithm>
#include <array>

namespace qx::domain {
namespace {

constexpr std::array<std::string_view, 2> kKinds = {"catalog", "profile"};
constexpr std::array<std::string_view, 2> kScopes = {"general", "special"};
constexpr std::array<std::string_view, 3> kStatuses = {"draft", "published", "superseded"};

template <typename Enum, size_t N>
std::optional<Enum> ParseIn(const std::array<std::string_view, N>& names, std::string_view t) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == t) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(CatalogKind v) { return kKinds[static_cast<size_t>(v)]; }
std::string_view Name(CatalogScope v) { return kScopes[static_cast<size_t>(v)]; }
std::string_view Name(VersionStatus v) { return kStatuses[static_cast<size_t>(v)]; }
std::optional<CatalogKind> ParseCatalogKind(std::string_view t) { return ParseIn<CatalogKind>(kKinds, t); }
std::optional<CatalogScope> ParseCatalogScope(std::string_view t) { return ParseIn<CatalogScope>(kScopes, t); }
std::optional<VersionStatus> ParseVersionStatus(std::string_view t) { return ParseIn<VersionStatus>(kStatuses, t); }

Status ValidateCatalogName(std::string_view name) {
  const bool ok = name.size() >= 3 && name.size() <= 64 &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (!ok) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "catalog name must be 3-64 characters of a-z, 0-9 and '-'");
  }
  return Ok();
}

}  // namespace qx::domain
