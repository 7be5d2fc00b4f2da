#define PCRE2_CODE_UNIT_WIDTH 8
#include "qx/agent/regex.h"

#include <pcre2.h>

#include <map>

namespace qx::agent {
namespace {

constexpr uint32_t kMatchLimit = 5'000'000;
constexpr uint32_t kDepthLimit = 100'000;

struct MatchData {
  explicit MatchData(const pcre2_code* code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data); }
  pcre2_match_data* data;
};

}  // namespace

Result<std::shared_ptr<const Regex>> Regex::Compile(std::string_view pattern, unsigned flags) {
  uint32_t options = 0;
  if (flags & kMultiline) options |= PCRE2_MULTILINE;
  if (flags & kDotAll) options |= PCRE2_DOTALL;
  if (flags & kCaseless) options |= PCRE2_CASELESS;
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error, &offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    return MakeError(ErrorCode::kInvalidArgument,
                     "regex '" + std::string(pattern) + "' at " + std::to_string(offset) + ": " +
                         reinterpret_cast<const char*>(message));
  }
  std::shared_ptr<Regex> re(new Regex());
  re->pattern_ = std::string(pattern);
  re->code_ = code;
  re->jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_SOFT) == 0;
  auto* ctx = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(ctx, kMatchLimit);
  pcre2_set_depth_limit(ctx, kDepthLimit);
  re->context_ = ctx;
  return std::shared_ptr<const Regex>(std::move(re));
}

Result<std::shared_ptr<const Regex>> Regex::Cached(std::string_view pattern, unsigned flags) {
  static std::map<std::pair<std::string, unsigned>, std::shared_ptr<const Regex>> cache;
  auto key = std::make_pair(std::string(pattern), flags);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  QX_ASSIGN_OR_RETURN(auto re, Compile(pattern, flags));
  if (cache.size() > 4096) cache.clear();
  cache.emplace(std::move(key), re);
  return re;
}

Regex::~Regex() {
  pcre2_match_data_free(static_cast<pcre2_match_data*>(search_data_));
  pcre2_code_free(static_cast<pcre2_code*>(code_));
  pcre2_match_context_free(static_cast<pcre2_match_context*>(context_));
}

Result<std::optional<RegexMatch>> Regex::Find(std::string_view subject, size_t offset) const {
  auto* code = static_cast<pcre2_code*>(code_);
  MatchData md(code);
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                             offset, 0, md.data, static_cast<pcre2_match_context*>(context_));
  if (rc == PCRE2_ERROR_NOMATCH) return std::optional<RegexMatch>();
  if (rc < 0) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(rc, message, sizeof message);
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("regex match failed: ") + reinterpret_cast<const char*>(message));
  }
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
  uint32_t count = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &count);
  RegexMatch m;
  m.begin = ov[0];
  m.end = ov[1];
  for (uint32_t i = 1; i <= count; ++i) {
    if (static_cast<int>(i) < rc && ov[2 * i] != PCRE2_UNSET) {
      m.groups.emplace_back(std::string(subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i])));
    } else {
      m.groups.emplace_back(std::nullopt);
    }
  }
  return std::optional<RegexMatch>(std::move(m));
}

Result<bool> Regex::Search(std::string_view subject) const {
  auto* code = static_cast<pcre2_code*>(code_);
  // One match block per pattern, reused: Search runs for every entry of a filesystem walk.
  if (!search_data_) search_data_ = pcre2_match_data_create(1, nullptr);
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                             0, static_cast<pcre2_match_data*>(search_data_), static_cast<pcre2_match_context*>(context_));
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc < 0) return MakeError(ErrorCode::kInvalidArgument, "regex match failed (limit or bad input)");
  return true;
}

bool Regex::CouldMatchBelow(std::string_view subject) const {
  auto* code = static_cast<pcre2_code*>(code_);
  MatchData md(code);
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                             PCRE2_PARTIAL_SOFT, md.data, static_cast<pcre2_match_context*>(context_));
  // Errors (limits) keep the branch: pruning must never hide a match.
  return rc != PCRE2_ERROR_NOMATCH;
}

}  // namespace qx::agent
