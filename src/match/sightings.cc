#include "qx/match/sightings.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace qx::match {

void SightingAggregator::Add(std::string_view id, std::string_view source, std::string_view field,
                             UnixMillis seen, std::optional<stix::Tlp> tlp) {
  auto it = by_indicator_.find(id);
  if (it == by_indicator_.end()) {
    it = by_indicator_.emplace(std::string(id), SightingSummary{}).first;
    it->second.indicator_id = std::string(id);
    it->second.first_seen = it->second.last_seen = seen;
  }
  SightingSummary& s = it->second;
  if (tlp) s.tlp = s.tlp ? std::max(*s.tlp, *tlp) : *tlp;
  ++s.count;
  s.first_seen = std::min(s.first_seen, seen);
  s.last_seen = std::max(s.last_seen, seen);
  if (s.sources.size() < 20) s.sources.insert(std::string(source) + " (" + std::string(field) + ")");
}

std::vector<SightingSummary> SightingAggregator::Summaries() const {
  std::vector<SightingSummary> out;
  out.reserve(by_indicator_.size());
  for (const auto& [id, s] : by_indicator_) out.push_back(s);
  return out;
}

std::string StixTime(UnixMillis t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(t % 1000));
  return buf;
}

std::string UuidV4(const unsigned char r[16]) {
  unsigned char b[16];
  std::copy(r, r + 16, b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

stix::Tlp SightingTlp(std::optional<stix::Tlp> indicator, std::optional<stix::Tlp> floor) {
  if (indicator && floor) return std::max(*indicator, *floor);
  if (indicator) return *indicator;
  return floor.value_or(stix::Tlp::kAmber);
}

std::string SightingJson(const SightingSummary& s, UnixMillis now, std::string_view identity_ref,
                         std::string_view uuid, std::optional<stix::Tlp> floor) {
  boost::json::object o;
  o["type"] = "sighting";
  o["spec_version"] = "2.1";
  o["id"] = "sighting--" + std::string(uuid);
  o["created"] = StixTime(now);
  o["modified"] = StixTime(now);
  o["sighting_of_ref"] = s.indicator_id;
  o["count"] = static_cast<int64_t>(std::min<size_t>(s.count, 999999999));
  o["first_seen"] = StixTime(s.first_seen);
  o["last_seen"] = StixTime(std::max(s.last_seen, s.first_seen));
  if (!identity_ref.empty()) {
    boost::json::array where;
    where.emplace_back(std::string(identity_ref));
    o["where_sighted_refs"] = std::move(where);
    o["created_by_ref"] = std::string(identity_ref);
  }
  std::string desc = "qalxan-match: seen in ";
  bool first = true;
  for (const auto& src : s.sources) {
    desc += (first ? "" : ", ") + src;
    first = false;
  }
  o["description"] = desc;
  o["object_marking_refs"] = boost::json::array{
      boost::json::string(stix::Tlp2MarkingId(SightingTlp(s.tlp, floor)))};
  return boost::json::serialize(o);
}

}  // namespace qx::match
