#include "qx/taxii/filter.h"

#include <algorithm>
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

// The parameters a request may carry once (TAXII 2.1 3.4: "A request MUST NOT have more than one
// instance of this URL query parameter"). valid_now is Qalxan's and follows the same rule.
constexpr std::string_view kOnce[] = {"added_after", "limit", "next", "match[id]", "match[type]",
                                      "match[version]", "match[spec_version]", "valid_now"};

// A match[version] list with no keyword or timestamp twice: "last,last" is a malformed query.
// (Other lists are OR: a repeated id or type is harmless and accepted.)
Result<std::vector<std::string>> DistinctList(std::string_view key, std::string_view value) {
  std::vector<std::string> items = CommaList(value);
  // Sorted, not compared pairwise: the list comes from the query string (thousands of items).
  std::vector<std::string_view> sorted(items.begin(), items.end());
  std::sort(sorted.begin(), sorted.end());
  if (auto twice = std::adjacent_find(sorted.begin(), sorted.end()); twice != sorted.end()) {
    return tl::unexpected(Invalid(fmt::format("{}: {} is given twice", key, *twice)));
  }
  return items;
}

}  // namespace

Result<store::ObjectQuery> ParseFilter(const std::multimap<std::string, std::string>& query,
                                       int max_limit, bool default_all_versions) {
  store::ObjectQuery q;
  q.limit = max_limit;
  q.versions = default_all_versions ? store::VersionMatch{false, false, true, {}}
                                    : store::VersionMatch{};
  for (std::string_view once : kOnce) {
    if (query.count(std::string(once)) > 1) {
      return tl::unexpected(Invalid(fmt::format("{} may be given only once", once)));
    }
  }
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
      q.ids = CommaList(value);
    } else if (key == "match[type]") {
      q.types = CommaList(value);
    } else if (key == "match[spec_version]") {
      q.spec_versions = CommaList(value);
    } else if (key == "match[version]") {
      store::VersionMatch m{false, false, false, {}};
      QX_ASSIGN_OR_RETURN(const auto items, DistinctList(key, value));
      if (items.empty()) return tl::unexpected(Invalid("match[version] is empty"));
      // "The all keyword MUST NOT be used with any other version parameter" (TAXII 2.1 3.4.2).
      if (items.size() > 1 && std::find(items.begin(), items.end(), "all") != items.end()) {
        return tl::unexpected(Invalid("match[version]: all cannot be combined with other versions"));
      }
      for (const auto& v : items) {
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
