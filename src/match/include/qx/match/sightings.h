// Sightings: matches aggregated per indicator (count, first and last seen, where), and their
// STIX 2.1 sighting objects, batched for posting to a TAXII collection. Pure; not thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/stix/tlp.h"

namespace qx::match {

struct SightingSummary {
  std::string indicator_id;
  size_t count = 0;
  UnixMillis first_seen = 0, last_seen = 0;
  std::set<std::string> sources;  // "file (field)"
  std::optional<stix::Tlp> tlp;  // the sighted indicator's most restrictive TLP marking, if any
};

class SightingAggregator {
 public:
  // `tlp`: the indicator's TLP marking (IndicatorSet::indicator_tlp), kept for its sighting.
  void Add(std::string_view indicator_id, std::string_view source, std::string_view field, UnixMillis seen,
           std::optional<stix::Tlp> tlp = std::nullopt);
  bool empty() const { return by_indicator_.empty(); }
  size_t size() const { return by_indicator_.size(); }
  // The summaries so far, by indicator id; Clear() starts a new batch.
  std::vector<SightingSummary> Summaries() const;
  void Clear() { by_indicator_.clear(); }

 private:
  std::map<std::string, SightingSummary, std::less<>> by_indicator_;
};

// The TLP a sighting is marked with: what it tells (this indicator was seen here) is at least as
// sensitive as the indicator, so the indicator's level, raised to `floor` (--tlp); AMBER when
// neither is known, the level the server gives an unmarked object.
stix::Tlp SightingTlp(std::optional<stix::Tlp> indicator, std::optional<stix::Tlp> floor);

// A STIX 2.1 sighting object (JSON text) for a summary: sighting_of_ref, count (capped at the
// spec's 999999999), first_seen / last_seen, created / modified = now, where_sighted_refs when
// an identity is given, a description naming the sources, and object_marking_refs with the TLP
// 2.0 marking of SightingTlp(s.tlp, floor). `uuid` is the id's UUID part.
std::string SightingJson(const SightingSummary& s, UnixMillis now, std::string_view identity_ref,
                         std::string_view uuid, std::optional<stix::Tlp> floor = std::nullopt);

// A random (version 4) UUID, from the given 16 random bytes.
std::string UuidV4(const unsigned char random[16]);

// STIX timestamp with milliseconds: "2024-10-01T00:00:00.000Z".
std::string StixTime(UnixMillis t);

}  // namespace qx::match
