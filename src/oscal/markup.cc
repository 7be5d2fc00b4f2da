#include "markup.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "json_util.h"

namespace qx::oscal::detail {
namespace {

namespace json = boost::json;

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

void SkipSpace(std::string_view text, size_t& i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
}

// The token-ish run starting at i (stops at whitespace, ',' and '}').
std::string_view Word(std::string_view text, size_t& i) {
  const size_t start = i;
  while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != ',' && text[i] != '}') {
    ++i;
  }
  return text.substr(start, i - start);
}

enum class Insert { kNone, kParam, kOther, kMalformed };

// Parses a placeholder starting at text[pos] == '{'. On kParam sets `id`; `end` is the position
// after the placeholder (or after "{{" when it is not an insert).
Insert ParseAt(std::string_view text, size_t pos, std::string_view& id, size_t& end) {
  size_t i = pos + kOpen.size();
  end = i;
  SkipSpace(text, i);
  constexpr std::string_view kInsert = "insert:";
  if (text.substr(i, kInsert.size()) != kInsert) return Insert::kNone;
  i += kInsert.size();
  SkipSpace(text, i);
  const std::string_view type = Word(text, i);
  SkipSpace(text, i);
  if (type.empty() || i >= text.size() || text[i] != ',') return Insert::kMalformed;
  ++i;
  SkipSpace(text, i);
  id = Word(text, i);
  SkipSpace(text, i);
  if (text.substr(i, kClose.size()) != kClose || !IsToken(id) || !IsToken(type)) {
    return Insert::kMalformed;
  }
  end = i + kClose.size();
  return type == "param" ? Insert::kParam : Insert::kOther;
}

template <typename F>
bool ForEachPlaceholder(std::string_view text, F&& f) {
  size_t pos = text.find(kOpen);
  while (pos != std::string_view::npos) {
    std::string_view id;
    size_t end = 0;
    const Insert kind = ParseAt(text, pos, id, end);
    if (kind == Insert::kMalformed) return false;
    if (kind == Insert::kParam) f(id, text.substr(pos, end - pos));
    pos = text.find(kOpen, end);
  }
  return true;
}

template <typename F>
void ForEachString(const json::value& v, int depth, F&& f) {
  if (depth <= 0) return;
  if (const json::string* s = v.if_string()) {
    f(View(*s));
  } else if (const json::array* a = v.if_array()) {
    for (const json::value& e : *a) ForEachString(e, depth - 1, f);
  } else if (const json::object* o = v.if_object()) {
    for (const auto& kv : *o) ForEachString(kv.value(), depth - 1, f);
  }
}

}  // namespace

bool ScanInserts(std::string_view text, std::vector<std::string_view>& ids) {
  return ForEachPlaceholder(text,
                            [&](std::string_view id, std::string_view) { ids.push_back(id); });
}

std::vector<std::string> InsertPlaceholders(std::string_view text) {
  std::vector<std::string> out;
  ForEachPlaceholder(text, [&](std::string_view id, std::string_view) { out.emplace_back(id); });
  return out;
}

void CollectInserts(const json::value& value, std::set<std::string>& ids, int max_depth) {
  ForEachString(value, max_depth, [&](std::string_view s) {
    if (s.find(kOpen) == std::string_view::npos) return;
    std::vector<std::string_view> found;
    ScanInserts(s, found);  // keeps what it found before a malformed placeholder
    for (std::string_view id : found) ids.emplace(id);
  });
}

void CollectUuidFragments(const json::value& value, std::set<std::string>& uuids, int max_depth) {
  ForEachString(value, max_depth, [&](std::string_view s) {
    size_t pos = s.find('#');
    while (pos != std::string_view::npos) {
      const std::string_view candidate = s.substr(pos + 1, 36);
      if (IsUuid(candidate)) uuids.emplace(candidate);
      pos = s.find('#', pos + 1);
    }
  });
}

}  // namespace qx::oscal::detail
