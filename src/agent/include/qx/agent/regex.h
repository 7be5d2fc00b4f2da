// PCRE2 (the dialect OVAL content is written in) with a bounded match effort, so that a hostile
// pattern or input yields an error instead of a hang.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"

namespace qx::agent {

struct RegexMatch {
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::optional<std::string>> groups;  // capture groups 1..n (nullopt: did not take part)
};

class Regex {
 public:
  enum Flags : unsigned { kNone = 0, kMultiline = 1, kDotAll = 2, kCaseless = 4 };

  // kInvalidArgument with PCRE2's message for a pattern that does not compile.
  static Result<std::shared_ptr<const Regex>> Compile(std::string_view pattern, unsigned flags = kNone);
  // Shared compiled patterns, keyed by pattern and flags (single-threaded use).
  static Result<std::shared_ptr<const Regex>> Cached(std::string_view pattern, unsigned flags = kNone);
  ~Regex();

  // True when the pattern matches somewhere in subject; error when the match limit is hit.
  Result<bool> Search(std::string_view subject) const;
  // True when subject is a prefix of some string the pattern could match from the start
  // of subject (a complete match counts too): used to prune directory walks.
  bool CouldMatchBelow(std::string_view subject) const;
  // The next match at or after offset, or nullopt.
  Result<std::optional<RegexMatch>> Find(std::string_view subject, size_t offset) const;
  const std::string& pattern() const { return pattern_; }

 private:
  Regex() = default;
  std::string pattern_;
  void* code_ = nullptr;     // pcre2_code*
  void* context_ = nullptr;  // pcre2_match_context*
  bool jit_ = false;
  mutable void* search_data_ = nullptr;  // pcre2_match_data* reused by Search (single-threaded)
};

}  // namespace qx::agent
