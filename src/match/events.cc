#include "qx/match/events.h"

#include <algorithm>

namespace qx::match {

void ResolveMatches(const IndicatorSet& set, const char* data, const std::vector<TokenHit>& hits,
                    std::vector<Match>* out) {
  std::vector<uint32_t> seen_terms;
  std::vector<uint32_t> reported;  // indicators already reported for this line
  size_t i = 0;
  while (i < hits.size()) {
    const size_t line = hits[i].line;
    size_t j = i;
    while (j < hits.size() && hits[j].line == line) ++j;
    seen_terms.clear();
    reported.clear();
    const auto report = [&](uint32_t indicator, const TokenHit& h) {
      if (std::find(reported.begin(), reported.end(), indicator) != reported.end()) return;
      reported.push_back(indicator);
      Match m;
      m.line = h.line;
      m.line_start = h.line_start;
      m.offset = h.offset;
      m.indicator = indicator;
      m.composed = !h.composed.empty();
      m.value = h.composed.empty() ? std::string(data + h.offset, h.length) : h.composed;
      out->push_back(std::move(m));
    };
    bool complex = false;
    for (size_t k = i; k < j; ++k) {
      const Term& t = set.term(hits[k].term);
      if (t.observation == kNoObservation) {
        report(t.indicator, hits[k]);
      } else {
        seen_terms.push_back(hits[k].term);
        complex = true;
      }
    }
    if (complex) {
      // Each observation touched on this line, once, evaluated on every term seen here.
      for (size_t k = i; k < j; ++k) {
        const Term& t = set.term(hits[k].term);
        if (t.observation == kNoObservation) continue;
        if (set.Evaluate(t.observation, seen_terms)) report(t.indicator, hits[k]);
      }
    }
    i = j;
  }
}

}  // namespace qx::match
