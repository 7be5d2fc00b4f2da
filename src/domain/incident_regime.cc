#include "qx/domain/incident_regime.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "qx/core/calendar.h"

namespace qx::domain {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

Status Invalid(std::string message) { return MakeError(ErrorCode::kInvalidArgument, std::move(message)); }

bool IsKey(std::string_view k) {
  if (k.empty() || k.size() > 40) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

StageDefinition Stage(std::string key, std::string name, StageAnchor anchor, std::string within,
                      std::vector<std::string> fields, bool on_request = false,
                      std::string anchor_stage = "", std::optional<std::string> max = std::nullopt) {
  StageDefinition s;
  s.key = std::move(key);
  s.name = std::move(name);
  s.anchor = anchor;
  s.anchor_stage = std::move(anchor_stage);
  s.within = *ParseIsoDuration(within);
  if (max) s.max_from_awareness = *ParseIsoDuration(*max);
  s.required_fields = std::move(fields);
  s.on_request = on_request;
  return s;
}

// When the stage's window opens: its anchor's moment, nullopt while the anchor has not happened.
std::optional<UnixMillis> AnchorTime(const Regime& regime, const StageDefinition& stage,
                                     const IncidentClock& clock) {
  switch (stage.anchor) {
    case StageAnchor::kAwareness:
      return clock.aware_at;
    case StageAnchor::kClassification:
      return clock.classified_at;
    case StageAnchor::kNotification: {
      const std::string& key = stage.anchor_stage.empty() ? std::string("notification") : stage.anchor_stage;
      (void)regime;
      auto it = clock.submitted.find(key);
      if (it == clock.submitted.end()) return std::nullopt;
      return it->second;
    }
    case StageAnchor::kRequest: {
      auto it = clock.requested.find(stage.key);
      if (it == clock.requested.end()) return std::nullopt;
      return it->second;
    }
  }
  return std::nullopt;
}

struct Window {
  std::optional<UnixMillis> opens;
  std::optional<UnixMillis> due;
};

Window WindowOf(const Regime& regime, const StageDefinition& stage, const IncidentClock& clock) {
  Window w;
  w.opens = AnchorTime(regime, stage, clock);
  if (w.opens) w.due = AddDuration(*w.opens, stage.within);
  if (stage.max_from_awareness) {
    // The outer bound applies even before the anchor (DORA: at most 24 h from awareness).
    const UnixMillis bound = AddDuration(clock.aware_at, *stage.max_from_awareness);
    w.due = w.due ? std::min(*w.due, bound) : bound;
    if (!w.opens) w.opens = clock.aware_at;
  }
  return w;
}

bool Requested(const StageDefinition& stage, const IncidentClock& clock) {
  return !stage.on_request || clock.requested.count(stage.key) > 0;
}

}  // namespace

Result<IsoDuration> ParseIsoDuration(std::string_view text) {
  auto bad = [&] { return MakeError(ErrorCode::kInvalidArgument,
                                    fmt::format("'{}' is not an ISO 8601 duration such as PT24H or P1M", text)); };
  if (text.size() < 3 || text.size() > 32 || text[0] != 'P') return bad();
  IsoDuration d;
  bool time = false, any = false;
  std::size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (time) return bad();
      time = true;
      ++i;
      continue;
    }
    std::int64_t n = 0;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i] - '0');
      ++i;
      if (++digits > 6) return bad();
    }
    if (digits == 0 || i == text.size()) return bad();
    const char unit = text[i++];
    any = true;
    if (!time && unit == 'Y') d.months += static_cast<int>(n * 12);
    else if (!time && unit == 'M') d.months += static_cast<int>(n);
    else if (!time && unit == 'W') d.millis += n * 7 * kDay;
    else if (!time && unit == 'D') d.millis += n * kDay;
    else if (time && unit == 'H') d.millis += n * kHour;
    else if (time && unit == 'M') d.millis += n * kMinute;
    else if (time && unit == 'S') d.millis += n * 1000;
    else return bad();
  }
  if (!any) return bad();
  return d;
}

std::string FormatIsoDuration(const IsoDuration& d) {
  std::string out = "P";
  if (d.months) out += fmt::format("{}M", d.months);
  std::int64_t ms = d.millis;
  if (ms >= kDay && ms % kDay == 0) return out + fmt::format("{}D", ms / kDay);
  if (ms >= kDay) {
    out += fmt::format("{}D", ms / kDay);
    ms %= kDay;
  }
  if (ms > 0) {
    out += "T";
    if (ms >= kHour) out += fmt::format("{}H", ms / kHour), ms %= kHour;
    if (ms >= kMinute) out += fmt::format("{}M", ms / kMinute), ms %= kMinute;
    if (ms > 0) out += fmt::format("{}S", ms / 1000);
  }
  if (out == "P") out = "PT0S";
  return out;
}

UnixMillis AddDuration(UnixMillis t, const IsoDuration& d) {
  if (d.months != 0) {
    const Days day = DayOf(t);
    const std::int64_t time_of_day = t - day * kDay;
    t = AddMonths(day, d.months) * kDay + time_of_day;
  }
  return t + d.millis;
}

std::string_view Name(StageAnchor a) {
  switch (a) {
    case StageAnchor::kAwareness: return "awareness";
    case StageAnchor::kClassification: return "classification";
    case StageAnchor::kNotification: return "notification";
    case StageAnchor::kRequest: return "request";
  }
  return "awareness";
}

std::optional<StageAnchor> ParseStageAnchor(std::string_view t) {
  for (auto a : {StageAnchor::kAwareness, StageAnchor::kClassification, StageAnchor::kNotification,
                 StageAnchor::kRequest}) {
    if (Name(a) == t) return a;
  }
  return std::nullopt;
}

Status ValidateRegime(const Regime& r) {
  if (r.id != "nis2" && r.id != "dora" && r.id != "national") return Invalid("regime id must be nis2, dora or national");
  if (r.name.empty() || r.name.size() > 200) return Invalid("regime name must be 1-200 characters");
  if (r.stages.empty() || r.stages.size() > 20) return Invalid("a regime has 1-20 stages");
  std::set<std::string> seen;
  for (const auto& s : r.stages) {
    if (!IsKey(s.key)) return Invalid(fmt::format("stage key '{}' must be 1-40 of a-z, 0-9, _", s.key));
    if (s.name.empty() || s.name.size() > 200) return Invalid(fmt::format("stage {} needs a name", s.key));
    if (s.within.months < 0 || s.within.millis < 0 || (s.within.months == 0 && s.within.millis == 0)) {
      return Invalid(fmt::format("stage {}: within must be a positive duration", s.key));
    }
    if (s.max_from_awareness && s.max_from_awareness->months == 0 && s.max_from_awareness->millis <= 0) {
      return Invalid(fmt::format("stage {}: max_from_awareness must be positive", s.key));
    }
    if (s.anchor == StageAnchor::kNotification) {
      const std::string anchor = s.anchor_stage.empty() ? "notification" : s.anchor_stage;
      if (!seen.count(anchor)) {
        return Invalid(fmt::format("stage {}: its anchor stage '{}' must come earlier in the regime", s.key, anchor));
      }
    }
    if (s.anchor == StageAnchor::kRequest && !s.on_request) {
      return Invalid(fmt::format("stage {}: a request anchor needs on_request", s.key));
    }
    if (s.required_fields.size() > 30) return Invalid(fmt::format("stage {}: at most 30 required fields", s.key));
    for (const auto& f : s.required_fields) {
      if (!IsKey(f)) return Invalid(fmt::format("stage {}: field name '{}' must be 1-40 of a-z, 0-9, _", s.key, f));
    }
    if (!seen.insert(s.key).second) return Invalid(fmt::format("stage key {} appears twice", s.key));
  }
  return Ok();
}

Regime Nis2Regime() {
  using A = StageAnchor;
  return {"nis2", "NIS2 (Directive (EU) 2022/2555, Art. 23)",
          {Stage("early_warning", "Early warning", A::kAwareness, "PT24H",
                 {"suspected_malicious", "cross_border_impact"}),
           Stage("notification", "Incident notification", A::kAwareness, "PT72H",
                 {"severity_assessment", "impact_assessment", "indicators_of_compromise"}),
           // No statutory deadline; a week once the CERT asks.
           Stage("intermediate", "Intermediate report", A::kRequest, "P7D", {"status_update"}, true),
           // Where handling goes on when the final report falls due: a progress report instead.
           Stage("progress", "Progress report", A::kNotification, "P1M", {"status_update"}, true),
           Stage("final", "Final report", A::kNotification, "P1M",
                 {"detailed_description", "threat_type", "root_cause", "mitigation_measures",
                  "cross_border_impact"})}};
}

Regime DoraRegime() {
  using A = StageAnchor;
  return {"dora", "DORA (Regulation (EU) 2022/2554, Art. 19)",
          {Stage("initial", "Initial notification", A::kClassification, "PT4H",
                 {"description", "classification_criteria", "affected_services"}, false, "", "PT24H"),
           Stage("intermediate", "Intermediate report", A::kNotification, "PT72H",
                 {"status_update", "impact_assessment"}, false, "initial"),
           Stage("final", "Final report", A::kNotification, "P1M",
                 {"root_cause", "mitigation_measures", "impact_assessment"}, false, "intermediate")}};
}

Regime DefaultNationalRegime() {
  Regime r = Nis2Regime();
  r.id = "national";
  r.name = "National regime";
  return r;
}

std::map<std::string, std::string> DefaultRegimeMapping() { return {{"finance", "dora"}}; }

std::string RegimeOfSector(const std::map<std::string, std::string>& mapping, const std::string& sector) {
  auto it = mapping.find(sector);
  return it == mapping.end() ? std::string(kDefaultRegimeId) : it->second;
}

std::string_view Name(StageState s) {
  switch (s) {
    case StageState::kPending: return "pending";
    case StageState::kDue: return "due";
    case StageState::kDueSoon: return "due_soon";
    case StageState::kOverdue: return "overdue";
    case StageState::kOnTime: return "on_time";
    case StageState::kLate: return "late";
    case StageState::kNotRequested: return "not_requested";
  }
  return "pending";
}

const StageDefinition* FindStage(const Regime& regime, std::string_view key) {
  for (const auto& s : regime.stages) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

StageTiming EvaluateStage(const Regime& regime, const StageDefinition& stage, const IncidentClock& clock,
                          UnixMillis now, double due_soon_share) {
  StageTiming t;
  auto submitted = clock.submitted.find(stage.key);
  const bool done = submitted != clock.submitted.end();
  if (!done && !Requested(stage, clock)) {
    t.state = StageState::kNotRequested;
    return t;
  }
  const Window w = WindowOf(regime, stage, clock);
  t.due_at = w.due;
  if (w.due && w.opens) {
    const double left = std::clamp(due_soon_share, 0.0, 1.0) * static_cast<double>(*w.due - *w.opens);
    t.due_soon_at = *w.due - static_cast<std::int64_t>(std::llround(left));
  }
  if (done) {
    t.state = (!w.due || submitted->second <= *w.due) ? StageState::kOnTime : StageState::kLate;
  } else if (!w.due) {
    t.state = StageState::kPending;
  } else if (now > *w.due) {
    t.state = StageState::kOverdue;
  } else if (now >= *t.due_soon_at) {
    t.state = StageState::kDueSoon;
  } else {
    t.state = StageState::kDue;
  }
  return t;
}

std::optional<UnixMillis> NextDueAt(const Regime& regime, const IncidentClock& clock) {
  std::optional<UnixMillis> next;
  for (const auto& s : regime.stages) {
    if (clock.submitted.count(s.key) || !Requested(s, clock)) continue;
    const Window w = WindowOf(regime, s, clock);
    if (w.due && (!next || *w.due < *next)) next = w.due;
  }
  return next;
}

}  // namespace qx::domain
