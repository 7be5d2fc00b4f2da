// Scores, weights, posture roll-ups and their time series.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "assessment_internal.h"
#include "qx/assessment/assessment_service.h"

namespace qx::assessment {
namespace {

namespace json = boost::json;
using domain::Action;
using identity::Actor;
using store::Tx;
using store::TxMode;
using detail::Audit;

std::optional<double> Number(const json::value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  return std::nullopt;
}

Error Invalid(std::string m) { return Error{ErrorCode::kInvalidArgument, std::move(m)}; }

}  // namespace

json::object WeightsToJson(const domain::ScoreWeights& w) {
  json::object requirements;
  for (const auto& [id, weight] : w.requirement) requirements[id] = weight;
  return {{"partial", w.partial},
          {"evidence_required", w.evidence_required},
          {"requirements", std::move(requirements)}};
}

Result<domain::ScoreWeights> WeightsFromJson(const json::value& v) {
  if (!v.is_object()) return tl::unexpected(Invalid("weights must be a JSON object"));
  domain::ScoreWeights w;
  for (const auto& [key, value] : v.as_object()) {
    if (key == "partial") {
      auto n = Number(value);
      if (!n) return tl::unexpected(Invalid("partial must be a number"));
      w.partial = *n;
    } else if (key == "evidence_required") {
      if (!value.is_bool()) return tl::unexpected(Invalid("evidence_required must be true or false"));
      w.evidence_required = value.as_bool();
    } else if (key == "requirements") {
      if (!value.is_object()) return tl::unexpected(Invalid("requirements maps control ids to weights"));
      for (const auto& [id, weight] : value.as_object()) {
        auto n = Number(weight);
        if (!n) return tl::unexpected(Invalid("requirement weights are numbers"));
        w.requirement[std::string(id)] = *n;
      }
    } else {
      return tl::unexpected(Invalid(fmt::format("unknown field '{}'", std::string_view(key))));
    }
  }
  QX_RETURN_IF_ERROR(domain::ValidateWeights(w));
  return w;
}

Result<WeightsView> AssessmentService::Weights() {
  QX_ASSIGN_OR_RETURN(auto latest, store::Transact(db_, TxMode::kRead, [](Tx& tx) {
                        return tx.registry().LatestSetting(kWeightsSetting);
                      }));
  WeightsView v;
  if (!latest) return v;
  boost::system::error_code ec;
  json::value doc = json::parse(latest->value_json, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "corrupt weights setting");
  auto w = WeightsFromJson(doc);
  if (!w) return MakeError(ErrorCode::kInternal, "corrupt weights setting: " + w.error().message);
  return WeightsView{*w, latest->seq, latest->set_by, latest->set_at};
}

Result<WeightsView> AssessmentService::SetWeights(const Actor& actor, const domain::ScoreWeights& w) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegulatorSettings, 0));
  QX_RETURN_IF_ERROR(domain::ValidateWeights(w));
  const UnixMillis now = clock_.Now();
  const json::object value = WeightsToJson(w);
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<WeightsView> {
    QX_ASSIGN_OR_RETURN(const std::int64_t seq, tx.registry().PutSetting({kWeightsSetting, 0,
                                                                          json::serialize(value),
                                                                          actor.label(), now}));
    QX_RETURN_IF_ERROR(Audit(tx, actor, 0, "settings.weights", "setting", seq, value, now));
    return WeightsView{w, seq, actor.label(), now};
  });
}

Result<domain::Score> AssessmentService::ScoreOf(Tx& tx, domain::AssessmentId id,
                                                 const domain::ScoreWeights& w, UnixMillis now) {
  QX_ASSIGN_OR_RETURN(auto items, tx.assessments().ListItems(id));
  QX_ASSIGN_OR_RETURN(auto evidence, tx.assessments().ListEvidence(id));
  std::map<std::string, std::pair<int, int>> counts;  // key -> (attached, in force)
  for (const auto& e : evidence) {
    auto& c = counts[detail::Key(e.catalog_id, e.control_id)];
    ++c.first;
    if (domain::InForce(e, now)) ++c.second;
  }
  std::vector<domain::ItemForScore> input;
  input.reserve(items.size());
  for (const auto& i : items) {
    const auto c = counts[detail::Key(i.catalog_id, i.control_id)];
    input.push_back({i.control_id, i.result, c.first, c.second});
  }
  return domain::ComputeScore(input, w);
}

Status AssessmentService::RecordAccepted(Tx& tx, const domain::Assessment& a, UnixMillis now) {
  auto& repo = tx.assessments();
  QX_RETURN_IF_ERROR(repo.PutSubjectScore(
      {a.subject_kind, a.subject_id, a.owner_org, a.sector, a.id, a.score, now}));
  const std::string subject_key = fmt::format("{}:{}", domain::Name(a.subject_kind), a.subject_id);
  QX_RETURN_IF_ERROR(repo.AppendPosture({"subject", subject_key, now, a.score, a.score ? 1 : 0}));
  return AppendRollups(tx, a.owner_org,
                       a.subject_kind == domain::SubjectKind::kObject ? std::optional(a.sector) : std::nullopt,
                       now);
}

// Appends the organisation's point and, for CII objects (sector set), the sector's and nation's.
Status AssessmentService::AppendRollups(Tx& tx, domain::OrgId org_id,
                                        const std::optional<std::string>& sector, UnixMillis now) {
  auto& repo = tx.assessments();
  QX_ASSIGN_OR_RETURN(store::Rollup org, repo.RollupOfOrg(org_id));
  QX_RETURN_IF_ERROR(repo.AppendPosture({"org", std::to_string(org_id), now, org.score, org.subjects}));
  if (!sector) return Ok();
  QX_ASSIGN_OR_RETURN(auto sectors, repo.RollupBySector());
  for (const auto& s : sectors) {
    if (s.key == *sector) QX_RETURN_IF_ERROR(repo.AppendPosture({"sector", s.key, now, s.score, s.subjects}));
  }
  QX_ASSIGN_OR_RETURN(store::Rollup nation, repo.RollupNation());
  return repo.AppendPosture({"nation", "", now, nation.score, nation.subjects});
}

Result<int> AssessmentService::RecomputeScores(const Actor& actor) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegulatorSettings, 0));
  QX_ASSIGN_OR_RETURN(auto weights, Weights());
  const UnixMillis now = clock_.Now();
  int changed = 0;
  // (organisation, sector of a CII object; nullopt for a provider) whose roll-ups moved.
  std::set<std::pair<domain::OrgId, std::optional<std::string>>> touched;
  store::PageRequest page{0, 200};
  // A page per transaction: the write lock is never held for the whole nation.
  for (;;) {
    QX_ASSIGN_OR_RETURN(auto next, store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<std::optional<std::int64_t>> {
      QX_ASSIGN_OR_RETURN(auto accepted, tx.assessments().ListAssessments(
                                             {std::nullopt, std::nullopt, std::nullopt,
                                              domain::AssessmentStatus::kAccepted, std::nullopt},
                                             page));
      for (auto& a : accepted.items) {
        QX_ASSIGN_OR_RETURN(auto current, tx.assessments().GetSubjectScore(a.subject_kind, a.subject_id));
        if (!current || current->assessment_id != a.id) continue;  // not the subject's latest
        QX_ASSIGN_OR_RETURN(auto score, ScoreOf(tx, a.id, weights.weights, now));
        const bool same = score.value.has_value() == a.score.has_value() &&
                          (!score.value || std::abs(*score.value - *a.score) < 1e-12);
        if (same) continue;
        a.score = score.value;
        a.updated_at = now;
        QX_RETURN_IF_ERROR(tx.assessments().UpdateAssessment(a));
        QX_RETURN_IF_ERROR(tx.assessments().PutSubjectScore(
            {a.subject_kind, a.subject_id, a.owner_org, a.sector, a.id, a.score, now}));
        const std::string key = fmt::format("{}:{}", domain::Name(a.subject_kind), a.subject_id);
        QX_RETURN_IF_ERROR(tx.assessments().AppendPosture({"subject", key, now, a.score, a.score ? 1 : 0}));
        touched.insert({a.owner_org, a.subject_kind == domain::SubjectKind::kObject
                                         ? std::optional(a.sector)
                                         : std::nullopt});
        ++changed;
      }
      return accepted.next;
    }));
    if (!next) break;
    page.after = *next;
  }
  if (changed == 0) return 0;
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    // One point per organisation and sector that moved, and one for the nation.
    auto& repo = tx.assessments();
    std::set<domain::OrgId> orgs;
    std::set<std::string> sectors;
    for (const auto& [org, sector] : touched) {
      orgs.insert(org);
      if (sector) sectors.insert(*sector);
    }
    for (domain::OrgId org : orgs) {
      QX_ASSIGN_OR_RETURN(store::Rollup r, repo.RollupOfOrg(org));
      QX_RETURN_IF_ERROR(repo.AppendPosture({"org", std::to_string(org), now, r.score, r.subjects}));
    }
    if (!sectors.empty()) {
      QX_ASSIGN_OR_RETURN(auto all, repo.RollupBySector());
      for (const auto& r : all) {
        if (sectors.count(r.key)) QX_RETURN_IF_ERROR(repo.AppendPosture({"sector", r.key, now, r.score, r.subjects}));
      }
      QX_ASSIGN_OR_RETURN(store::Rollup nation, repo.RollupNation());
      QX_RETURN_IF_ERROR(repo.AppendPosture({"nation", "", now, nation.score, nation.subjects}));
    }
    return Audit(tx, actor, 0, "scores.recompute", "setting", weights.seq, {{"changed", changed}}, now);
  }));
  return changed;
}

Result<Posture> AssessmentService::OrgPosture(const Actor& actor, domain::OrgId org) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kPostureRead, org));
  QX_ASSIGN_OR_RETURN(auto r, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.assessments().RollupOfOrg(org);
                      }));
  return Posture{r.score, r.subjects};
}

Result<std::vector<store::Rollup>> AssessmentService::SectorPosture(const Actor& actor) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kPostureRead, -1));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupBySector(); });
}

Result<std::vector<store::Rollup>> AssessmentService::OrgsPosture(const Actor& actor,
                                                                  const std::optional<std::string>& sector) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kPostureRead, -1));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.assessments().RollupByOrg(sector); });
}

Result<Posture> AssessmentService::NationPosture(const Actor& actor) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kPostureRead, -1));
  QX_ASSIGN_OR_RETURN(auto r, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.assessments().RollupNation();
                      }));
  return Posture{r.score, r.subjects};
}

Result<std::vector<store::PosturePoint>> AssessmentService::Series(const Actor& actor,
                                                                   const std::string& scope,
                                                                   const std::string& key,
                                                                   UnixMillis since, UnixMillis until) {
  auto parse_id = [](std::string_view s) -> std::optional<std::int64_t> {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
  };
  domain::OrgId org = -1;
  if (scope == "org") {
    auto id = parse_id(key);
    if (!id) return MakeError(ErrorCode::kInvalidArgument, "key must be an organisation id");
    org = *id;
  } else if (scope == "subject") {
    const size_t colon = key.find(':');
    const auto kind = domain::ParseSubjectKind(key.substr(0, colon));
    const auto id = colon == std::string::npos ? std::nullopt : parse_id(key.substr(colon + 1));
    if (!kind || !id) return MakeError(ErrorCode::kInvalidArgument, "key must be object:ID or provider:ID");
    if (*kind == domain::SubjectKind::kProvider) {
      org = *id;
    } else {
      QX_ASSIGN_OR_RETURN(auto o, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                            return tx.registry().GetObject(*id);
                          }));
      org = o.owner_org;
    }
  } else if (scope == "sector") {
    if (!domain::IsKnownSector(key)) return MakeError(ErrorCode::kInvalidArgument, "unknown sector");
  } else if (scope == "nation") {
    if (!key.empty()) return MakeError(ErrorCode::kInvalidArgument, "the nation has no key");
  } else {
    return MakeError(ErrorCode::kInvalidArgument, "scope must be nation, sector, org or subject");
  }
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kPostureRead, org));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
    return tx.assessments().PostureSeries(scope, key, since, until);
  });
}

}  // namespace qx::assessment
