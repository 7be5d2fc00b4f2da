#include "qx/taxii/filter.h"

#include <charconv>
#include <fmt/format.h>

#include "qx/taxii/protocol.h"

namespace qx::taxii {
namespace {

std::vector<std::string> CommaList(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    value = comma == std::string_view::npos ? "" : value.substr(comma + 1);
  }
  return out;
}

Error Invalid(std::string m) { return Error{ErrorCode::kInvalidArgument, std::move(m)}; }

}  // namespace

Result<store::ObjectQuery> ParseFilter(const std::multimap<std::string, std::string>& query,
                                       int max_limit, bool default_all_versions) {
  store::ObjectQuery q;
  q.limit = max_limit;
  q.versions = default_all_versions ? store::VersionMatch{false, false, true, {}}
                                    : store::VersionMatch{};
  for (const auto& [key, value] : query) {
    if (key == "added_after") {
      QX_ASSIGN_OR_RETURN(q.added_after_us, ParseTimestamp(value));
    } else if (key == "limit") {
      int limit = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (ec != std::errc() || end != value.data() + value.size() || limit < 1) {
        return tl::unexpected(Invalid("limit must be a positive integer"));
      }
      q.limit = std::min(limit, max_limit);
    } else if (key == "next") {
      QX_ASSIGN_OR_RETURN(q.after_seq, DecodeCursor(value));
    } else if (key == "match[id]") {
      for (auto& id : CommaList(value)) q.ids.push_back(std::move(id));
    } else if (key == "match[type]") {
      for (auto& t : CommaList(value)) q.types.push_back(std::move(t));
    } else if (key == "match[spec_version]") {
      for (auto& v : CommaList(value)) q.spec_versions.push_back(std::move(v));
    } else if (key == "match[version]") {
      store::VersionMatch m{false, false, false, {}};
      for (const auto& v : CommaList(value)) {
        if (v == "last") {
          m.last = true;
        } else if (v == "first") {
          m.first = true;
        } else if (v == "all") {
          m.all = true;
        } else {
          auto ts = ParseTimestamp(v);
          if (!ts) return tl::unexpected(Invalid(fmt::format("match[version]: {}", ts.error().message)));
          m.versions_us.push_back(*ts);
        }
      }
      q.versions = std::move(m);
    } else if (key == "valid_now") {
      if (value != "true" && value != "false") return tl::unexpected(Invalid("valid_now must be true or false"));
    } else if (key.rfind("match[", 0) == 0) {
      return tl::unexpected(Invalid(fmt::format("unsupported filter {}", key)));
    }
  }
  return q;
}

}  // namespace qx::taxii
