// What qalxan-match prints: one JSON object per match (the interface for scripts), a readable
// line per match, and the totals.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "qx/match/indicator_loader.h"
#include "qx/match/indicator_set.h"
#include "scan_engine.h"

namespace qx::match_cli {

void AppendJsonString(std::string* out, std::string_view s);

// {"file": ..., "line": N, "field": ..., "indicator": STIX_ID, "value": ...}
std::string MatchJson(const FileMatch& m, const match::IndicatorSet& set);
// file:line: indicator value (field)
std::string MatchText(const FileMatch& m, const match::IndicatorSet& set);
// {"files": ..., "bytes": ..., "lines": ..., "matches": ..., ...}
std::string TotalsJson(const ScanTotals& t);
std::string LoadStatsText(const match::LoadStats& s);

}  // namespace qx::match_cli
