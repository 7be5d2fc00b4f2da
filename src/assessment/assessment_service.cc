#include "qx/assessment/assessment_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "assessment_internal.h"
#include "qx/oscal/catalog_diff.h"

namespace qx::assessment {
namespace {

namespace json = boost::json;
using domain::Action;
using domain::Assessment;
using domain::AssessmentItem;
using domain::AssessmentStatus;
using identity::Actor;
using store::Tx;
using store::TxMode;
using detail::Audit;

// The profile an assessment of this subject uses when nobody names one.
std::vector<std::string> DefaultProfileNames(const Assessment& a) {
  if (a.subject_kind == domain::SubjectKind::kProvider) return {"provider"};
  std::string name = a.sector;
  std::replace(name.begin(), name.end(), '_', '-');
  return {name, "cii-baseline"};
}

bool IsOpen(const Assessment& a) {
  return a.status != AssessmentStatus::kAccepted && !a.superseded_by;
}

// kConflict when the subject already has an open assessment: one at a time per subject.
Status NoOpenAssessment(Tx& tx, domain::SubjectKind kind, std::int64_t subject_id) {
  QX_ASSIGN_OR_RETURN(auto existing, tx.assessments().ListAssessments(
                                         {std::nullopt, kind, subject_id, std::nullopt, std::nullopt}, {0, 1000}));
  for (const auto& e : existing.items) {
    if (IsOpen(e)) {
      return MakeError(ErrorCode::kConflict, fmt::format("the subject already has an open assessment ({})", e.id));
    }
  }
  return Ok();
}

}  // namespace

Result<Assessment> AssessmentService::LoadForOwner(Tx& tx, const Actor& actor, domain::AssessmentId id) {
  QX_ASSIGN_OR_RETURN(Assessment a, tx.assessments().GetAssessment(id));
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, a.owner_org));
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRespond, a.owner_org));
  return a;
}

Result<std::vector<domain::RequirementRow>> AssessmentService::AllRequirements(const Actor& actor,
                                                                               domain::SourceRef source,
                                                                               PrepareCache* cache) {
  const std::pair key{source.catalog_id, source.seq};
  if (cache) {
    if (auto hit = cache->requirements.find(key); hit != cache->requirements.end()) return hit->second;
  }
  std::vector<domain::RequirementRow> all;
  store::PageRequest page{0, 1000};
  for (;;) {
    QX_ASSIGN_OR_RETURN(auto rows, requirements_.ListRequirements(actor, source.catalog_id, source.seq, {}, page));
    for (auto& row : rows.items) all.push_back(std::move(row));
    if (!rows.next) break;
    page.after = *rows.next;
  }
  if (cache) cache->requirements.emplace(key, all);
  return all;
}

Result<std::vector<AssessmentItem>> AssessmentService::BuildItems(const Actor& actor, const Assessment& a,
                                                                  const std::optional<int>& max_sl,
                                                                  PrepareCache* cache) {
  const domain::ApplicabilityContext ctx{a.sector, a.category, max_sl};
  std::vector<AssessmentItem> items;
  std::vector<domain::SourceRef> sources{a.profile};
  sources.insert(sources.end(), a.special.begin(), a.special.end());
  for (const auto& source : sources) {
    QX_ASSIGN_OR_RETURN(auto rows, AllRequirements(actor, source, cache));
    for (const auto& row : rows) {
      if (!domain::Applies(row, ctx)) continue;
      AssessmentItem item;
      item.catalog_id = source.catalog_id;
      item.control_id = row.control_id;
      item.ordinal = static_cast<int>(items.size()) + 1;
      item.title = row.title;
      item.group_path = row.group_path;
      items.push_back(std::move(item));
    }
  }
  if (items.size() > 5000) return MakeError(ErrorCode::kInvalidArgument, "more than 5000 requirements apply");
  return items;
}

Result<Assessment> AssessmentService::Create(const Actor& actor, const NewAssessment& in) {
  QX_ASSIGN_OR_RETURN(auto prepared, Prepare(actor, in));
  return store::Transact(db_, TxMode::kWrite,
                         [&](Tx& tx) -> Result<Assessment> { return Insert(tx, actor, std::move(prepared)); });
}

Result<PreparedAssessment> AssessmentService::Prepare(const Actor& actor, const NewAssessment& in,
                                                      PrepareCache* cache) {
  Assessment a;
  a.subject_kind = in.subject_kind;
  a.subject_id = in.subject_id;
  a.due_at = in.due_at;
  a.campaign_id = in.campaign_id;
  std::optional<int> max_sl;
  // The subject, its owner, sector and category; the default profile.
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kRead, [&](Tx& tx) -> Status {
    if (a.subject_kind == domain::SubjectKind::kObject) {
      QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(a.subject_id));
      QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, o.owner_org));
      a.owner_org = o.owner_org;
      a.sector = o.sector;
      a.category = o.category;
      if (o.kind == domain::ObjectKind::kOt) {
        QX_ASSIGN_OR_RETURN(auto ot, tx.registry().GetOtArchitecture(o.id));
        for (const auto& z : ot.zones) max_sl = std::max(max_sl.value_or(0), z.target_sl);
      }
    } else {
      if (a.subject_id == 0 && actor.subject()) a.subject_id = actor.subject()->org_id;
      QX_ASSIGN_OR_RETURN(domain::Organisation org, tx.orgs().Get(a.subject_id));
      QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, org.id));
      if (org.kind != domain::OrgKind::kProvider) {
        return MakeError(ErrorCode::kInvalidArgument, "a provider assessment's subject is a provider organisation");
      }
      a.owner_org = org.id;
    }
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentCreate, a.owner_org));
    if (in.profile_id) {
      // Only the regulator chooses the profile; the owner gets the one for its sector.
      QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentReview, a.owner_org));
      a.profile.catalog_id = *in.profile_id;
    } else {
      for (const auto& name : DefaultProfileNames(a)) {
        auto found = tx.requirements().FindCatalogByName(name);
        if (found && found->scope == domain::CatalogScope::kGeneral) {
          a.profile.catalog_id = found->id;
          break;
        }
        if (!found && found.error().code != ErrorCode::kNotFound) return tl::unexpected(found.error());
      }
      if (a.profile.catalog_id == 0) {
        return MakeError(ErrorCode::kConflict, "no profile for this subject's sector: the regulator names one");
      }
    }
    if (in.include_special) {
      store::PageRequest page{0, 1000};
      for (;;) {
        QX_ASSIGN_OR_RETURN(auto catalogs, tx.requirements().ListCatalogs(std::nullopt, page));
        for (const auto& c : catalogs.items) {
          if (c.scope != domain::CatalogScope::kSpecial || c.owner_org != a.owner_org) continue;
          QX_ASSIGN_OR_RETURN(auto v, tx.requirements().LatestVersion(c.id, domain::VersionStatus::kPublished));
          if (v) a.special.push_back({c.id, v->seq});
        }
        if (!catalogs.next) break;
        page.after = *catalogs.next;
      }
    }
    return NoOpenAssessment(tx, a.subject_kind, a.subject_id);
  }));
  const std::pair version_key{a.profile.catalog_id, in.profile_seq};
  if (cache && cache->versions.count(version_key)) {
    a.profile = cache->versions.at(version_key);
  } else {
    QX_ASSIGN_OR_RETURN(a.profile, detail::PublishedVersion(requirements_, actor, a.profile.catalog_id, in.profile_seq));
    if (cache) cache->versions.emplace(version_key, a.profile);
  }
  QX_ASSIGN_OR_RETURN(auto items, BuildItems(actor, a, max_sl, cache));
  const UnixMillis now = clock_.Now();
  a.status = AssessmentStatus::kDraft;
  a.created_at = a.updated_at = now;
  a.created_by = actor.label();
  for (auto& i : items) i.updated_at = now;
  if (!cache || !cache->weights) {
    QX_ASSIGN_OR_RETURN(auto weights, Weights());
    if (!cache) return PreparedAssessment{std::move(a), std::move(items), weights.weights};
    cache->weights = weights.weights;
  }
  return PreparedAssessment{std::move(a), std::move(items), *cache->weights};
}

Result<Assessment> AssessmentService::Insert(Tx& tx, const Actor& actor, PreparedAssessment prepared) {
  Assessment& a = prepared.assessment;
  const UnixMillis now = a.created_at;
  // Checked again under the write lock: another request may have opened one since Prepare.
  QX_RETURN_IF_ERROR(NoOpenAssessment(tx, a.subject_kind, a.subject_id));
  QX_ASSIGN_OR_RETURN(a.id, tx.assessments().InsertAssessment(a, prepared.items));
  QX_ASSIGN_OR_RETURN(auto score, ScoreOf(tx, a.id, prepared.weights, now));
  a.score = score.value;
  QX_RETURN_IF_ERROR(tx.assessments().UpdateAssessment(a));
  QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "assessment.create", "assessment", a.id,
                           {{"subject_kind", domain::Name(a.subject_kind)},
                            {"subject_id", a.subject_id},
                            {"profile", a.profile.catalog_id},
                            {"seq", a.profile.seq},
                            {"requirements", prepared.items.size()}},
                           now));
  return a;
}

Result<store::Page<Assessment>> AssessmentService::List(const Actor& actor, store::AssessmentFilter filter,
                                                        const store::PageRequest& page) {
  const auto& subject = actor.subject();
  const bool reads_all = !subject || domain::Allowed(*subject, Action::kAssessmentRead, -1);
  if (!reads_all) {
    if (filter.owner_org && *filter.owner_org != subject->org_id) {
      return MakeError(ErrorCode::kPermissionDenied, "not allowed for this role and organisation");
    }
    filter.owner_org = subject->org_id;
  }
  return store::Transact(db_, TxMode::kRead,
                         [&](Tx& tx) { return tx.assessments().ListAssessments(filter, page); });
}

Result<AssessmentView> AssessmentService::Get(const Actor& actor, domain::AssessmentId id) {
  QX_ASSIGN_OR_RETURN(auto weights, Weights());
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<AssessmentView> {
    AssessmentView v;
    QX_ASSIGN_OR_RETURN(v.assessment, tx.assessments().GetAssessment(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, v.assessment.owner_org));
    QX_ASSIGN_OR_RETURN(auto items, tx.assessments().ListItems(id));
    QX_ASSIGN_OR_RETURN(auto evidence, tx.assessments().ListEvidence(id));
    QX_ASSIGN_OR_RETURN(auto comments, tx.assessments().ListComments(id));
    QX_ASSIGN_OR_RETURN(auto remediation, tx.assessments().ListRemediation(id));
    QX_ASSIGN_OR_RETURN(auto observations, tx.assessments().LatestObservations(
                                               v.assessment.subject_kind, v.assessment.subject_id));
    for (const auto& source : sources_) {
      QX_ASSIGN_OR_RETURN(auto computed, source(tx, v.assessment));
      observations.insert(observations.end(), computed.begin(), computed.end());
    }
    std::map<std::string, size_t> index;
    for (auto& item : items) {
      index[detail::Key(item.catalog_id, item.control_id)] = v.items.size();
      v.items.push_back({std::move(item), {}, 0, {}, {}, {}});
    }
    auto at = [&](std::int64_t catalog, const std::string& control) -> ItemView* {
      auto it = index.find(detail::Key(catalog, control));
      return it == index.end() ? nullptr : &v.items[it->second];
    };
    for (auto& e : evidence) {
      if (ItemView* i = at(e.catalog_id, e.control_id)) {
        if (domain::InForce(e, now)) ++i->evidence_current;
        i->evidence.push_back(std::move(e));
      }
    }
    for (auto& c : comments) {
      if (ItemView* i = at(c.catalog_id, c.control_id)) i->comments.push_back(std::move(c));
    }
    for (auto& r : remediation) {
      if (ItemView* i = at(r.catalog_id, r.control_id)) i->remediation.push_back(std::move(r));
    }
    for (const auto& o : observations) {
      for (auto& i : v.items) {
        if (i.item.control_id == o.control_id) i.observations.push_back(o);
      }
    }
    QX_ASSIGN_OR_RETURN(v.score, ScoreOf(tx, id, weights.weights, now));
    return v;
  });
}

Result<AssessmentItem> AssessmentService::Answer(const Actor& actor, domain::AssessmentId id,
                                                 std::int64_t catalog_id, const std::string& control_id,
                                                 domain::ItemResult result,
                                                 const std::string& justification,
                                                 const std::string& comment) {
  if (result == domain::ItemResult::kUnanswered) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "result must be compliant, partial, non_compliant or not_applicable");
  }
  QX_RETURN_IF_ERROR(domain::ValidateAnswer(result, justification, comment));
  QX_ASSIGN_OR_RETURN(auto weights, Weights());
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<AssessmentItem> {
    QX_ASSIGN_OR_RETURN(Assessment a, LoadForOwner(tx, actor, id));
    if (!domain::OwnerMayEdit(a)) return tl::unexpected(detail::Locked(a).error());
    QX_ASSIGN_OR_RETURN(AssessmentItem item, tx.assessments().GetItem(id, catalog_id, control_id));
    item.result = result;
    item.justification = justification;
    item.comment = comment;
    item.flag = domain::ItemFlag::kNone;  // answered again: no longer awaiting re-assessment
    item.updated_at = now;
    item.updated_by = actor.label();
    QX_RETURN_IF_ERROR(tx.assessments().UpdateItem(item));
    QX_ASSIGN_OR_RETURN(auto score, ScoreOf(tx, id, weights.weights, now));
    a.score = score.value;
    a.updated_at = now;
    QX_RETURN_IF_ERROR(tx.assessments().UpdateAssessment(a));
    QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "assessment.answer", "assessment", id,
                             {{"catalog", catalog_id},
                              {"control", control_id},
                              {"result", domain::Name(result)}},
                             now));
    return item;
  });
}

Result<Assessment> AssessmentService::Act(const Actor& actor, domain::AssessmentId id,
                                          domain::FlowAction action) {
  QX_ASSIGN_OR_RETURN(auto weights, Weights());
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<Assessment> {
    QX_ASSIGN_OR_RETURN(Assessment a, tx.assessments().GetAssessment(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, a.owner_org));
    QX_RETURN_IF_ERROR(actor.Authorize(domain::SideOf(action) == domain::FlowSide::kOwner
                                           ? Action::kAssessmentRespond
                                           : Action::kAssessmentReview,
                                       a.owner_org));
    if (a.superseded_by) return tl::unexpected(detail::Locked(a).error());
    QX_ASSIGN_OR_RETURN(const AssessmentStatus to, domain::Transition(a.status, action));
    if (action == domain::FlowAction::kSubmit) {
      QX_ASSIGN_OR_RETURN(auto items, tx.assessments().ListItems(id));
      QX_ASSIGN_OR_RETURN(auto actions, tx.assessments().ListRemediation(id));
      std::set<std::pair<std::int64_t, std::string>> remediated;
      for (const auto& r : actions) remediated.insert({r.catalog_id, r.control_id});
      const auto problems = domain::SubmitProblems(items, remediated);
      if (!problems.empty()) {
        std::string message = fmt::format("{} requirement(s) not ready:", problems.size());
        for (size_t i = 0; i < problems.size() && i < 5; ++i) {
          message += fmt::format(" {} {};", problems[i].control_id, problems[i].problem);
        }
        return MakeError(ErrorCode::kConflict, message);
      }
      a.submitted_at = now;
    }
    a.status = to;
    a.updated_at = now;
    QX_ASSIGN_OR_RETURN(auto score, ScoreOf(tx, id, weights.weights, now));
    a.score = score.value;
    if (action == domain::FlowAction::kAccept || action == domain::FlowAction::kRequestChanges) {
      a.decided_at = now;
    }
    QX_RETURN_IF_ERROR(tx.assessments().UpdateAssessment(a));
    if (action == domain::FlowAction::kAccept) QX_RETURN_IF_ERROR(RecordAccepted(tx, a, now));
    json::object detail{{"status", domain::Name(to)}};
    if (a.score) detail["score"] = *a.score;
    QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, fmt::format("assessment.{}", domain::Name(action)),
                             "assessment", id, detail, now));
    return a;
  });
}

Result<domain::ReviewComment> AssessmentService::Comment(const Actor& actor, domain::AssessmentId id,
                                                         std::int64_t catalog_id,
                                                         const std::string& control_id,
                                                         const std::string& body) {
  QX_RETURN_IF_ERROR(domain::ValidateText("comment", body, 4000, true, true));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::ReviewComment> {
    QX_ASSIGN_OR_RETURN(Assessment a, tx.assessments().GetAssessment(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentRead, a.owner_org));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentReview, a.owner_org));
    if (a.status != AssessmentStatus::kSubmitted && a.status != AssessmentStatus::kInReview) {
      return MakeError(ErrorCode::kConflict, "comments are made while the assessment is under review");
    }
    QX_RETURN_IF_ERROR(tx.assessments().GetItem(id, catalog_id, control_id));
    domain::ReviewComment c{0, id, catalog_id, control_id, body, actor.label(),
                            actor.subject() ? actor.subject()->org_id : 0, now};
    QX_ASSIGN_OR_RETURN(c.id, tx.assessments().InsertComment(c));
    QX_RETURN_IF_ERROR(Audit(tx, actor, a.owner_org, "assessment.comment", "assessment", id,
                             {{"catalog", catalog_id}, {"control", control_id}, {"comment", c.id}}, now));
    return c;
  });
}

}  // namespace qx::assessment
