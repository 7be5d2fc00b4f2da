// Statutory reporting regimes as data: a regime is a list of stages, each due a duration after
// an anchor (awareness, classification, another stage's submission, or a request), optionally
// capped by a bound from awareness. Evaluating a stage at a moment gives its due time and its
// state (due, due soon, overdue, on time, late, ...). Pure; times are UTC milliseconds.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"

namespace qx::domain {

// An ISO 8601 duration restricted to what statutes use: years, months, days, hours, minutes
// ("P1M", "PT24H", "P1DT12H"). Months are calendar months (clamped to the month's end); days are
// 24 hours (times are UTC, so a DST change never stretches a day).
struct IsoDuration {
  int months = 0;
  std::int64_t millis = 0;
  friend bool operator==(const IsoDuration&, const IsoDuration&) = default;
};
Result<IsoDuration> ParseIsoDuration(std::string_view text);
std::string FormatIsoDuration(const IsoDuration& d);
// t + d: months first (same UTC time of day, the day clamped to the month's end), then millis.
UnixMillis AddDuration(UnixMillis t, const IsoDuration& d);

enum class StageAnchor { kAwareness, kClassification, kNotification, kRequest };
std::string_view Name(StageAnchor a);
std::optional<StageAnchor> ParseStageAnchor(std::string_view t);

struct StageDefinition {
  std::string key;   // [a-z0-9_]{1,40}, unique in the regime
  std::string name;
  StageAnchor anchor = StageAnchor::kAwareness;
  // With anchor kNotification: the stage whose submission is "the notification" (empty: the
  // regime's stage keyed "notification").
  std::string anchor_stage;
  IsoDuration within;
  std::optional<IsoDuration> max_from_awareness;  // an outer bound, whatever the anchor
  std::vector<std::string> required_fields;
  bool on_request = false;  // only due once the CERT requests it
};

struct Regime {
  std::string id;  // "nis2", "dora", "national"
  std::string name;
  std::vector<StageDefinition> stages;
};

// Stage keys unique and well formed, names present, notification anchors naming an earlier
// stage of the regime, required field names well formed, durations positive.
Status ValidateRegime(const Regime& r);

// The shipped regimes. National starts as a copy of NIS2 that the regulator edits.
Regime Nis2Regime();
Regime DoraRegime();
Regime DefaultNationalRegime();
inline constexpr std::string_view kDefaultRegimeId = "nis2";
// Sector -> regime id; sectors not listed follow the default.
std::map<std::string, std::string> DefaultRegimeMapping();
// The regime id of a sector under mapping.
std::string RegimeOfSector(const std::map<std::string, std::string>& mapping,
                           const std::string& sector);

enum class StageState { kPending, kDue, kDueSoon, kOverdue, kOnTime, kLate, kNotRequested };
std::string_view Name(StageState s);

// What happened to an incident so far, as the deadlines need it.
struct IncidentClock {
  UnixMillis aware_at = 0;
  std::optional<UnixMillis> classified_at;
  std::map<std::string, UnixMillis> submitted;  // stage key -> submitted at
  std::map<std::string, UnixMillis> requested;  // stage key -> requested at
};

struct StageTiming {
  std::optional<UnixMillis> due_at;
  std::optional<UnixMillis> due_soon_at;  // the moment only due_soon_share of the window is left
  StageState state = StageState::kPending;
};

// The stage's deadline and its state at now. due_soon_share is in (0, 1).
StageTiming EvaluateStage(const Regime& regime, const StageDefinition& stage,
                          const IncidentClock& clock, UnixMillis now, double due_soon_share);
// The earliest due time among stages not yet submitted (independent of now); nullopt if none.
std::optional<UnixMillis> NextDueAt(const Regime& regime, const IncidentClock& clock);
const StageDefinition* FindStage(const Regime& regime, std::string_view key);

}  // namespace qx::domain
