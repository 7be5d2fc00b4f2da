#include "qx/campaign/campaign_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace qx::campaign {
namespace {

namespace json = boost::json;
using domain::Action;
using domain::Campaign;
using domain::CampaignSubject;
using identity::Actor;
using store::Tx;
using store::TxMode;

Status Audit(Tx& tx, const Actor& actor, std::string action, std::int64_t id, const json::object& detail,
             UnixMillis at) {
  const domain::OrgId org = actor.subject() ? actor.subject()->org_id : 0;
  return tx.audit()
      .Append({actor.label(), org, std::move(action), "campaign", std::to_string(id), json::serialize(detail)}, at)
      .map([](auto&&) {});
}

// How many rows of a campaign name one organisation's subjects.
Result<std::int64_t> OwnRows(Tx& tx, domain::CampaignId id, domain::OrgId owner) {
  QX_ASSIGN_OR_RETURN(auto counts, tx.campaigns().CountStatuses(id, owner));
  std::int64_t n = 0;
  for (const auto& c : counts) n += c.second;
  return n;
}

bool IsOpen(const domain::Assessment& a) {
  return a.status != domain::AssessmentStatus::kAccepted && !a.superseded_by;
}

// The subject's open assessment, if it has one (there is at most one).
Result<std::optional<domain::Assessment>> OpenAssessment(Tx& tx, const SubjectRef& s) {
  store::PageRequest page{0, 1000};
  for (;;) {
    QX_ASSIGN_OR_RETURN(auto list, tx.assessments().ListAssessments(
                                       {std::nullopt, s.kind, s.id, std::nullopt, std::nullopt}, page));
    for (auto& a : list.items) {
      if (IsOpen(a)) return std::optional(std::move(a));
    }
    if (!list.next) return std::optional<domain::Assessment>();
    page.after = *list.next;
  }
}

}  // namespace

Result<std::vector<CampaignSubject>> CampaignService::ResolveSubjects(Tx& tx, const Actor& actor,
                                                                       const NewCampaign& in) {
  std::vector<CampaignSubject> out;
  std::set<std::pair<domain::SubjectKind, std::int64_t>> seen;
  auto add = [&](domain::SubjectKind kind, std::int64_t id, domain::OrgId owner) -> Status {
    if (!seen.insert({kind, id}).second) return Ok();
    if (out.size() >= kMaxSubjects) {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("a campaign has at most {} subjects", kMaxSubjects));
    }
    CampaignSubject s;
    s.subject_kind = kind;
    s.subject_id = id;
    s.owner_org = owner;
    out.push_back(std::move(s));
    return Ok();
  };
  if (!in.sector.empty()) {
    store::PageRequest page{0, 1000};
    for (;;) {
      QX_ASSIGN_OR_RETURN(auto objects, tx.registry().ListObjects({std::nullopt, in.sector, in.category}, page));
      for (const auto& o : objects.items) QX_RETURN_IF_ERROR(add(domain::SubjectKind::kObject, o.id, o.owner_org));
      if (!objects.next) break;
      page.after = *objects.next;
    }
  }
  for (const auto& ref : in.subjects) {
    if (ref.kind == domain::SubjectKind::kObject) {
      auto o = tx.registry().GetObject(ref.id);
      if (!o && o.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("no CII object {}", ref.id));
      }
      if (!o) return tl::unexpected(o.error());
      QX_RETURN_IF_ERROR(add(ref.kind, o->id, o->owner_org));
    } else {
      auto org = tx.orgs().Get(ref.id);
      if (!org && org.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("no organisation {}", ref.id));
      }
      if (!org) return tl::unexpected(org.error());
      if (org->kind != domain::OrgKind::kProvider) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("organisation {} is not a provider: name its CII objects", ref.id));
      }
      QX_RETURN_IF_ERROR(add(ref.kind, org->id, org->id));
    }
  }
  for (const auto& s : out) QX_RETURN_IF_ERROR(actor.Authorize(Action::kAssessmentCreate, s.owner_org));
  if (out.empty()) return MakeError(ErrorCode::kInvalidArgument, "the campaign selects no subjects");
  return out;
}

Result<CreateReport> CampaignService::Create(const Actor& actor, const NewCampaign& in) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kCampaignManage, -1));
  if (!in.sector.empty() && !in.subjects.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "name either subjects or a sector, not both");
  }
  const UnixMillis now = clock_.Now();
  CreateReport report;
  Campaign& c = report.campaign;
  c.name = in.name;
  c.description = in.description;
  c.profile = {in.profile_id, in.profile_seq};
  c.due_at = in.due_at;
  c.sector = in.sector;
  c.category = in.category;
  c.created_by = actor.label();
  c.created_at = now;
  QX_RETURN_IF_ERROR(domain::ValidateCampaign(c, now));
  // The profile version every assessment of the campaign rests on.
  QX_ASSIGN_OR_RETURN(auto version, requirements_.GetVersion(actor, in.profile_id, in.profile_seq));
  if (version.catalog.scope != domain::CatalogScope::kGeneral) {
    return MakeError(ErrorCode::kInvalidArgument, "a campaign's profile is a general catalog or profile");
  }
  if (version.version.status == domain::VersionStatus::kDraft) {
    return MakeError(ErrorCode::kConflict, fmt::format("'{}' has no published version", version.catalog.name));
  }
  c.profile.seq = version.version.seq;

  // Which subjects, and which of them already have an open assessment to link.
  std::vector<CampaignSubject> rows;
  QX_RETURN_IF_ERROR(db_.Run(TxMode::kRead, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(rows, ResolveSubjects(tx, actor, in));
    for (auto& row : rows) {
      QX_ASSIGN_OR_RETURN(auto open, OpenAssessment(tx, {row.subject_kind, row.subject_id}));
      if (!open) continue;
      if (open->profile == c.profile) {
        row.assessment_id = open->id;
        row.linked = true;
      } else {
        row.note = fmt::format("assessment {} is open on another profile version: upgrade or finish it", open->id);
      }
    }
    return Ok();
  }));

  // Every new assessment is worked out first (reads only); then the campaign, its assessments
  // and its subject rows are written in one transaction: all of it or, on any failure, nothing.
  std::vector<std::optional<assessment::PreparedAssessment>> prepared(rows.size());
  assessment::PrepareCache cache;  // the profile's requirements and the weights, read once
  for (size_t i = 0; i < rows.size(); ++i) {
    CampaignSubject& row = rows[i];
    if (row.linked || !row.note.empty()) continue;
    assessment::NewAssessment na;
    na.subject_kind = row.subject_kind;
    na.subject_id = row.subject_id;
    na.profile_id = c.profile.catalog_id;
    na.profile_seq = c.profile.seq;
    na.due_at = c.due_at;
    auto made = assessments_.Prepare(actor, na, &cache);
    if (made) {
      prepared[i] = std::move(*made);
    } else {
      row.note = made.error().message;  // e.g. the profile does not apply to this subject
    }
  }

  QX_ASSIGN_OR_RETURN(c.id, store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::CampaignId> {
    report.created = report.linked = report.not_started = 0;  // a retried transaction counts afresh
    QX_ASSIGN_OR_RETURN(auto id, tx.campaigns().InsertCampaign(c));
    QX_RETURN_IF_ERROR(Audit(tx, actor, "campaign.create", id,
                             {{"name", c.name},
                              {"profile", c.profile.catalog_id},
                              {"seq", c.profile.seq},
                              {"due_at", c.due_at},
                              {"sector", c.sector},
                              {"subjects", rows.size()}},
                             now));
    std::vector<CampaignSubject> written = rows;
    for (size_t i = 0; i < written.size(); ++i) {
      CampaignSubject& row = written[i];
      row.campaign_id = id;
      if (row.linked) {
        ++report.linked;
        continue;
      }
      if (!prepared[i]) {
        ++report.not_started;
        continue;
      }
      // The subject may have got an open assessment since it was prepared: named, not linked.
      QX_ASSIGN_OR_RETURN(auto open, OpenAssessment(tx, {row.subject_kind, row.subject_id}));
      if (open) {
        row.note = fmt::format("assessment {} was opened while the campaign was being created", open->id);
        ++report.not_started;
        continue;
      }
      assessment::PreparedAssessment p = *prepared[i];
      p.assessment.campaign_id = id;
      QX_ASSIGN_OR_RETURN(auto made, assessments_.Insert(tx, actor, std::move(p)));
      row.assessment_id = made.id;
      ++report.created;
    }
    QX_RETURN_IF_ERROR(tx.campaigns().InsertSubjects(written));
    QX_RETURN_IF_ERROR(Audit(tx, actor, "campaign.subjects", id,
                             {{"created", report.created}, {"linked", report.linked}, {"not_started", report.not_started}},
                             now));
    return id;
  }));
  return report;
}

Result<std::optional<domain::OrgId>> CampaignService::VisibleOwner(const Actor& actor) {
  const auto& subject = actor.subject();
  if (!subject || domain::Allowed(*subject, Action::kCampaignRead, -1)) return std::optional<domain::OrgId>();
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kCampaignRead, subject->org_id));
  return std::optional(subject->org_id);
}

Result<store::Page<CampaignSummary>> CampaignService::List(const Actor& actor, const store::PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto owner, VisibleOwner(actor));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<CampaignSummary>> {
    QX_ASSIGN_OR_RETURN(auto campaigns, tx.campaigns().ListCampaigns(owner, page));
    store::Page<CampaignSummary> out;
    out.next = campaigns.next;
    for (auto& c : campaigns.items) {
      CampaignSummary s{std::move(c), 0};
      if (owner) {
        QX_ASSIGN_OR_RETURN(s.subjects, OwnRows(tx, s.campaign.id, *owner));
      } else {
        QX_ASSIGN_OR_RETURN(s.subjects, tx.campaigns().CountSubjects(s.campaign.id));
      }
      out.items.push_back(std::move(s));
    }
    return out;
  });
}

Result<CampaignSummary> CampaignService::Get(const Actor& actor, domain::CampaignId id) {
  QX_ASSIGN_OR_RETURN(auto owner, VisibleOwner(actor));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<CampaignSummary> {
    CampaignSummary s;
    QX_ASSIGN_OR_RETURN(s.campaign, tx.campaigns().GetCampaign(id));
    if (owner) {
      QX_ASSIGN_OR_RETURN(s.subjects, OwnRows(tx, id, *owner));
      // A campaign that names none of the organisation's subjects is none of its business.
      if (s.subjects == 0) return MakeError(ErrorCode::kPermissionDenied, "not allowed for this role and organisation");
    } else {
      QX_ASSIGN_OR_RETURN(s.subjects, tx.campaigns().CountSubjects(id));
    }
    return s;
  });
}

Result<BoardView> CampaignService::Board(const Actor& actor, domain::CampaignId id,
                                         const std::optional<domain::BoardState>& only,
                                         const store::PageRequest& page) {
  QX_ASSIGN_OR_RETURN(auto owner, VisibleOwner(actor));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<BoardView> {
    BoardView v;
    QX_ASSIGN_OR_RETURN(v.campaign, tx.campaigns().GetCampaign(id));
    // Counts come with the first page. An organisation's later pages count too: its counts say
    // whether the campaign names any of its subjects at all.
    domain::StatusCounts counts;
    const bool count = owner || page.after == 0;
    if (count) {
      QX_ASSIGN_OR_RETURN(counts, tx.campaigns().CountStatuses(id, owner));
      if (owner && counts.empty()) {
        return MakeError(ErrorCode::kPermissionDenied, "not allowed for this role and organisation");
      }
    }
    const int limit = std::clamp(page.limit, 1, static_cast<int>(kMaxSubjects));
    QX_ASSIGN_OR_RETURN(auto rows, tx.campaigns().ListSubjects(id, owner, domain::FilterFor(only, v.campaign.due_at, now),
                                                               page.after, limit + 1));
    v.board = domain::BuildBoard(counts, std::move(rows), limit, v.campaign.due_at, now);
    v.board.counted = count;
    return v;
  });
}

}  // namespace qx::campaign
