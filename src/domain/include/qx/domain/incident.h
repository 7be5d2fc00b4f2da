// Incident reporting and CERT triage as values and rules: an operator's incident on its CII
// objects, its indicators, the frozen stage submissions, the CERT's timeline and requests for
// information. Pure; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"
#include "qx/domain/identity.h"

namespace qx::domain {

using IncidentId = std::int64_t;

enum class IncidentStatus { kNew, kTriage, kInProgress, kResolved, kClosed };
enum class IncidentSeverity { kLow, kMedium, kHigh, kCritical };
enum class ImpactLevel { kNone, kLow, kMedium, kHigh };
std::string_view Name(IncidentStatus s);
std::string_view Name(IncidentSeverity s);
std::string_view Name(ImpactLevel l);
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view t);
std::optional<IncidentSeverity> ParseIncidentSeverity(std::string_view t);
std::optional<ImpactLevel> ParseImpactLevel(std::string_view t);
// "clear", "green", "amber", "amber+strict", "red" (TLP 2.0).
bool IsTlpName(std::string_view t);

struct IncidentIndicator {
  std::string type;  // ipv4-addr, ipv6-addr, domain-name, url, file:sha256, file:md5, file:sha1, email-addr
  std::string value;
  friend bool operator==(const IncidentIndicator&, const IncidentIndicator&) = default;
};
Status ValidateIndicator(const IncidentIndicator& i);
// The STIX 2.1 pattern that matches the indicator, e.g. [ipv4-addr:value = '198.51.100.7'].
std::string StixPatternOf(const IncidentIndicator& i);

struct Impact {
  ImpactLevel confidentiality = ImpactLevel::kNone;
  ImpactLevel integrity = ImpactLevel::kNone;
  ImpactLevel availability = ImpactLevel::kNone;
};

struct Incident {
  IncidentId id = 0;
  OrgId org_id = 0;
  std::vector<std::int64_t> object_ids;
  std::string sector;  // of the affected objects (the first one's)
  std::string regime;  // regime id fixed when reported
  std::string title;
  std::string description;
  std::string detection_source;
  UnixMillis aware_at = 0;
  std::optional<UnixMillis> classified_at;
  bool malicious = false;
  bool cross_border = false;
  std::string affected_services;
  Impact impact;
  IncidentSeverity severity = IncidentSeverity::kMedium;
  std::string tlp = "amber";
  IncidentStatus status = IncidentStatus::kNew;
  std::string assignee;  // CERT username; empty: nobody
  std::vector<IncidentIndicator> indicators;
  UnixMillis created_at = 0;
  std::string created_by;  // username (or audit label of a machine)
  std::optional<UnixMillis> next_due_at;  // kept for ordering; derived from the stages
};

// Fields, lengths, the objects list (1-50 distinct ids), indicators (at most 400); aware_at and
// classified_at not after now, classified_at not before aware_at.
Status ValidateIncident(const Incident& i, UnixMillis now);

// One frozen stage submission.
struct StageSubmission {
  IncidentId incident_id = 0;
  std::string stage_key;
  UnixMillis submitted_at = 0;
  std::string submitted_by;
  std::string fields_json;  // the submitted object, as received (canonical JSON)
};

struct StageRequest {
  IncidentId incident_id = 0;
  std::string stage_key;
  UnixMillis requested_at = 0;
  std::string requested_by;
};

struct TimelineEntry {
  std::int64_t id = 0;
  IncidentId incident_id = 0;
  UnixMillis at = 0;
  std::string actor;  // username
  OrgId org_id = 0;
  std::string kind;   // note, status, stage, rfi, answer, share
  std::string text;
  std::string detail_json = "{}";
};

struct Rfi {
  std::int64_t id = 0;
  IncidentId incident_id = 0;
  std::string question;
  std::string asked_by;
  UnixMillis asked_at = 0;
  std::optional<std::string> answer;
  std::string answered_by;
  std::optional<UnixMillis> answered_at;
};

// A file the reporting organisation attached to its incident (logs, screenshots, a malware
// sample's report). The bytes live in a content-addressed blob store under sha256.
struct IncidentAttachment {
  std::int64_t id = 0;
  IncidentId incident_id = 0;
  std::string sha256;      // hex of the content: the blob's name
  std::string filename;    // as uploaded, sanitised; shown, never used to serve
  std::string media_type;  // as declared by the uploader; only shown, never served as such
  std::int64_t size = 0;
  std::string stage_key;   // the stage it supports ("" for none)
  std::string uploaded_by;
  UnixMillis uploaded_at = 0;
};

// A notification about an incident over one channel, as far as it got.
struct IncidentDelivery {
  std::int64_t id = 0;
  IncidentId incident_id = 0;
  std::string stage;
  std::string event;    // due_soon, overdue, submitted
  std::string channel;  // webhook, email
  int attempts = 0;
  std::optional<UnixMillis> delivered_at;
  std::string last_error;
};

}  // namespace qx::domain
