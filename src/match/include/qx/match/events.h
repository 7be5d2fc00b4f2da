// From token hits to matches: hits are grouped by log line (the event), observations of several
// comparisons are evaluated on the terms seen on that line, and each indicator is reported at
// most once per line, with the value and position of its first hit. Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "qx/match/indicator_set.h"
#include "qx/match/scanner.h"

namespace qx::match {

struct Match {
  size_t line = 0;        // 0-based line number within the scanned buffer
  size_t line_start = 0;  // offset of the line in the buffer
  size_t offset = 0;      // offset of the matched value
  uint32_t indicator = 0;
  std::string value;      // the matched text as it appears (or the URL built from Zeek columns)
  bool composed = false;  // value was built from Zeek http.log host + uri columns
};

// Appends the matches of `hits` (in buffer order, as Scanner::Scan produces them) to *out.
void ResolveMatches(const IndicatorSet& set, const char* data, const std::vector<TokenHit>& hits,
                    std::vector<Match>* out);

}  // namespace qx::match
