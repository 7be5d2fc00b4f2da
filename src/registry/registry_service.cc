#include "qx/registry/registry_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "qx/registry/thresholds_json.h"

namespace qx::registry {
namespace {

namespace json = boost::json;
using domain::Action;
using identity::Actor;
using store::Tx;
using store::TxMode;

Status Audit(Tx& tx, const Actor& actor, domain::OrgId org, std::string action,
             std::string object_type, std::int64_t id, const json::object& detail, UnixMillis at) {
  return tx.audit()
      .Append({actor.label(), org, std::move(action), std::move(object_type), std::to_string(id),
               json::serialize(detail)},
              at)
      .map([](auto&&) {});
}

json::value OptCategory(const std::optional<int>& c) {
  return c ? json::value(*c) : json::value(nullptr);
}

Result<domain::CiiObject> NamedInsert(Result<domain::ObjectId> r, domain::CiiObject o) {
  if (!r) {
    if (r.error().code == ErrorCode::kAlreadyExists) {
      return MakeError(ErrorCode::kAlreadyExists,
                       fmt::format("an object named '{}' is already registered", o.name));
    }
    return tl::unexpected(r.error());
  }
  o.id = *r;
  return o;
}

}  // namespace

Result<domain::OrgId> RegistryService::OwnerFor(const Actor& actor, domain::OrgId requested) const {
  if (requested != 0) return requested;
  if (!actor.subject()) return MakeError(ErrorCode::kInvalidArgument, "the owner organisation is required");
  return actor.subject()->org_id;
}

Status RegistryService::CheckDependencies(const Actor& actor, Tx& tx, const domain::CiiObject& o) {
  if (o.depends_on.empty()) return Ok();
  QX_ASSIGN_OR_RETURN(auto found, tx.registry().GetObjects(o.depends_on));
  if (found.size() != o.depends_on.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "depends_on names an object that does not exist");
  }
  for (const auto& d : found) {
    // Another operator's objects are invisible: the same answer as for a missing one.
    if (!actor.Authorize(Action::kRegistryRead, d.owner_org)) {
      return MakeError(ErrorCode::kInvalidArgument, "depends_on names an object that does not exist");
    }
  }
  return Ok();
}

Result<domain::CiiObject> RegistryService::CreateObject(const Actor& actor, domain::CiiObject o) {
  QX_ASSIGN_OR_RETURN(o.owner_org, OwnerFor(actor, o.owner_org));
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryWrite, o.owner_org));
  o.id = 0;
  o.category.reset();
  o.category_status.clear();
  o.created_at = o.updated_at = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::CiiObject> {
    QX_ASSIGN_OR_RETURN(domain::Organisation owner, tx.orgs().Get(o.owner_org));
    if (owner.kind != domain::OrgKind::kOperator) {
      return MakeError(ErrorCode::kInvalidArgument, "CII objects belong to operators");
    }
    if (o.sector.empty()) o.sector = owner.sector;
    QX_RETURN_IF_ERROR(domain::ValidateObject(o));
    QX_RETURN_IF_ERROR(CheckDependencies(actor, tx, o));
    QX_ASSIGN_OR_RETURN(domain::CiiObject created, NamedInsert(tx.registry().InsertObject(o), o));
    QX_RETURN_IF_ERROR(Audit(tx, actor, o.owner_org, "object.create", "cii_object", created.id,
                             {{"name", o.name}, {"sector", o.sector}, {"kind", domain::Name(o.kind)}},
                             o.created_at));
    return created;
  });
}

Result<domain::CiiObject> RegistryService::UpdateObject(const Actor& actor, domain::CiiObject in) {
  QX_RETURN_IF_ERROR(domain::ValidateObject(in));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::CiiObject> {
    QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(in.id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, o.owner_org));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryWrite, o.owner_org));
    QX_RETURN_IF_ERROR(CheckDependencies(actor, tx, in));
    o.name = in.name;
    o.sector = in.sector;
    o.kind = in.kind;
    o.description = in.description;
    o.location = in.location;
    o.responsible_person = in.responsible_person;
    o.depends_on = in.depends_on;
    o.updated_at = now;
    auto updated = tx.registry().UpdateObject(o);
    if (!updated && updated.error().code == ErrorCode::kAlreadyExists) {
      return MakeError(ErrorCode::kAlreadyExists, fmt::format("an object named '{}' is already registered", o.name));
    }
    QX_RETURN_IF_ERROR(updated);
    QX_RETURN_IF_ERROR(Audit(tx, actor, o.owner_org, "object.update", "cii_object", o.id,
                             {{"name", o.name}, {"sector", o.sector}}, now));
    return o;
  });
}

Result<ObjectView> RegistryService::GetObject(const Actor& actor, domain::ObjectId id) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<ObjectView> {
    ObjectView v;
    QX_ASSIGN_OR_RETURN(v.object, tx.registry().GetObject(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, v.object.owner_org));
    QX_ASSIGN_OR_RETURN(v.ot, tx.registry().GetOtArchitecture(id));
    QX_ASSIGN_OR_RETURN(v.dependents, tx.registry().ListDependents(id));
    QX_ASSIGN_OR_RETURN(auto history, tx.registry().ListCategorisations(id));
    if (!history.empty()) v.categorisation = std::move(history.front());
    return v;
  });
}

Result<store::Page<domain::CiiObject>> RegistryService::ListObjects(const Actor& actor,
                                                                    store::ObjectFilter filter,
                                                                    const store::PageRequest& page) {
  const auto& subject = actor.subject();
  // Who may read objects beyond their own organisation (org -1 is nobody's)?
  const bool reads_all = !subject || domain::Allowed(*subject, Action::kRegistryRead, -1);
  if (!reads_all) {
    if (filter.owner_org && *filter.owner_org != subject->org_id) {
      return MakeError(ErrorCode::kPermissionDenied, "not allowed for this role and organisation");
    }
    filter.owner_org = subject->org_id;
  }
  if (filter.owner_org) QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, *filter.owner_org));
  return store::Transact(db_, TxMode::kRead,
                         [&](Tx& tx) { return tx.registry().ListObjects(filter, page); });
}

Result<domain::OtArchitecture> RegistryService::SetOtArchitecture(const Actor& actor,
                                                                  domain::ObjectId id,
                                                                  domain::OtArchitecture ot) {
  QX_RETURN_IF_ERROR(domain::ValidateOtArchitecture(ot));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::OtArchitecture> {
    QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, o.owner_org));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryWrite, o.owner_org));
    if (o.kind != domain::ObjectKind::kOt && !ot.zones.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "zones and conduits belong to OT objects (kind ot)");
    }
    QX_RETURN_IF_ERROR(tx.registry().ReplaceOtArchitecture(id, ot));
    json::array zones;
    for (const auto& z : ot.zones) zones.push_back(json::object{{"name", z.name}, {"target_sl", z.target_sl}});
    QX_RETURN_IF_ERROR(Audit(tx, actor, o.owner_org, "object.ot", "cii_object", id,
                             {{"zones", std::move(zones)}, {"conduits", ot.conduits.size()}}, now));
    return ot;
  });
}

Result<ThresholdsView> RegistryService::Thresholds() {
  QX_ASSIGN_OR_RETURN(auto latest, store::Transact(db_, TxMode::kRead, [](Tx& tx) {
                        return tx.registry().LatestSetting(kThresholdsSetting);
                      }));
  ThresholdsView v;
  if (!latest) {
    v.thresholds = domain::DefaultThresholds();
    return v;
  }
  boost::system::error_code ec;
  json::value doc = json::parse(latest->value_json, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "corrupt thresholds setting");
  auto t = ThresholdsFromJson(doc);
  if (!t) return MakeError(ErrorCode::kInternal, "corrupt thresholds setting: " + t.error().message);
  v.thresholds = *t;
  v.seq = latest->seq;
  v.set_by = latest->set_by;
  v.set_at = latest->set_at;
  return v;
}

Result<std::vector<ThresholdsView>> RegistryService::ThresholdsHistory() {
  QX_ASSIGN_OR_RETURN(auto history, store::Transact(db_, TxMode::kRead, [](Tx& tx) {
                        return tx.registry().SettingHistory(kThresholdsSetting);
                      }));
  std::vector<ThresholdsView> out;
  for (const auto& s : history) {
    boost::system::error_code ec;
    json::value doc = json::parse(s.value_json, ec);
    auto t = ec ? Result<domain::Thresholds>(MakeError(ErrorCode::kInternal, "malformed JSON"))
                : ThresholdsFromJson(doc);
    if (!t) return MakeError(ErrorCode::kInternal, "corrupt thresholds setting: " + t.error().message);
    out.push_back({*t, s.seq, s.set_by, s.set_at});
  }
  return out;
}

Result<ThresholdsView> RegistryService::SetThresholds(const Actor& actor, const domain::Thresholds& t) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegulatorSettings, 0));
  QX_RETURN_IF_ERROR(domain::ValidateThresholds(t));
  const UnixMillis now = clock_.Now();
  const json::object value = ThresholdsToJson(t);
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<ThresholdsView> {
    QX_ASSIGN_OR_RETURN(const std::int64_t seq,
                        tx.registry().PutSetting({kThresholdsSetting, 0, json::serialize(value),
                                                  actor.label(), now}));
    QX_RETURN_IF_ERROR(Audit(tx, actor, 0, "settings.thresholds", "setting", seq, value, now));
    return ThresholdsView{t, seq, actor.label(), now};
  });
}

Result<domain::Categorisation> RegistryService::Categorise(const Actor& actor, domain::ObjectId id,
                                                           const domain::Answers& answers) {
  QX_RETURN_IF_ERROR(domain::ValidateAnswers(answers));
  QX_ASSIGN_OR_RETURN(ThresholdsView thresholds, Thresholds());
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Categorisation> {
    QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, o.owner_org));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryWrite, o.owner_org));
    const domain::CategoryResult result = domain::Categorise(answers, thresholds.thresholds);
    domain::Categorisation c;
    c.object_id = id;
    c.answers = answers;
    c.thresholds_seq = thresholds.seq;
    c.computed = result.category;
    c.status = domain::CategorisationStatus::kProposed;
    c.submitted_by = actor.label();
    c.submitted_at = now;
    QX_ASSIGN_OR_RETURN(c.id, tx.registry().InsertCategorisation(c));
    QX_RETURN_IF_ERROR(tx.registry().SetCategory(id, c.computed, "proposed", now));
    QX_RETURN_IF_ERROR(Audit(tx, actor, o.owner_org, "object.categorise", "cii_object", id,
                             {{"categorisation", c.id},
                              {"answers", AnswersToJson(answers)},
                              {"thresholds_seq", thresholds.seq},
                              {"computed", OptCategory(c.computed)}},
                             now));
    return c;
  });
}

Result<std::vector<domain::Categorisation>> RegistryService::CategorisationHistory(
    const Actor& actor, domain::ObjectId id) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::vector<domain::Categorisation>> {
    QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(id));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryRead, o.owner_org));
    return tx.registry().ListCategorisations(id);
  });
}

Result<domain::Categorisation> RegistryService::Decide(const Actor& actor, domain::ObjectId id,
                                                       std::int64_t categorisation_id,
                                                       const Decision& d) {
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kCategorisationDecide, 0));
  if (d.override) {
    if (d.category && (*d.category < 1 || *d.category > 3)) {
      return MakeError(ErrorCode::kInvalidArgument, "category must be 1, 2, 3 or null (none)");
    }
    QX_RETURN_IF_ERROR(domain::ValidateText("reason", d.reason, 4000, true, true));
  } else {
    QX_RETURN_IF_ERROR(domain::ValidateText("reason", d.reason, 4000, false, true));
  }
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::Categorisation> {
    QX_ASSIGN_OR_RETURN(domain::CiiObject o, tx.registry().GetObject(id));
    QX_ASSIGN_OR_RETURN(auto history, tx.registry().ListCategorisations(id));
    if (history.empty() || history.front().id != categorisation_id) {
      return MakeError(ErrorCode::kConflict, "only the object's latest categorisation can be decided");
    }
    domain::Categorisation c = history.front();
    c.status = d.override ? domain::CategorisationStatus::kOverridden
                          : domain::CategorisationStatus::kConfirmed;
    c.decided = d.override ? d.category : c.computed;
    c.reason = d.reason;
    c.decided_by = actor.label();
    c.decided_at = now;
    QX_RETURN_IF_ERROR(tx.registry().DecideCategorisation(c));
    QX_RETURN_IF_ERROR(tx.registry().SetCategory(id, c.decided, std::string(domain::Name(c.status)), now));
    QX_RETURN_IF_ERROR(Audit(tx, actor, o.owner_org,
                             d.override ? "object.category_override" : "object.category_confirm",
                             "cii_object", id,
                             {{"categorisation", c.id},
                              {"computed", OptCategory(c.computed)},
                              {"decided", OptCategory(c.decided)},
                              {"reason", c.reason}},
                             now));
    return c;
  });
}

Result<domain::ProviderDeclaration> RegistryService::Declare(const Actor& actor,
                                                             domain::ProviderDeclaration d) {
  QX_ASSIGN_OR_RETURN(d.org_id, OwnerFor(actor, d.org_id));
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kProviderDeclare, d.org_id));
  QX_RETURN_IF_ERROR(domain::ValidateDeclaration(d));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<domain::ProviderDeclaration> {
    QX_ASSIGN_OR_RETURN(domain::Organisation org, tx.orgs().Get(d.org_id));
    if (org.kind != domain::OrgKind::kProvider) {
      return MakeError(ErrorCode::kInvalidArgument, "only a provider organisation files a declaration");
    }
    auto existing = tx.registry().GetDeclaration(d.org_id);
    if (!existing && existing.error().code != ErrorCode::kNotFound) return tl::unexpected(existing.error());
    d.declared_at = existing ? existing->declared_at : now;
    d.updated_at = now;
    QX_RETURN_IF_ERROR(tx.registry().PutDeclaration(d));
    json::array services, sectors;
    for (const auto& s : d.services) services.emplace_back(s);
    for (const auto& s : d.sectors) sectors.emplace_back(s);
    QX_RETURN_IF_ERROR(Audit(tx, actor, d.org_id, existing ? "provider.redeclare" : "provider.declare",
                             "organisation", d.org_id,
                             {{"services", std::move(services)}, {"sectors", std::move(sectors)}}, now));
    return d;
  });
}

Result<PublicProvider> RegistryService::Describe(Tx& tx, domain::ProviderDeclaration d) {
  PublicProvider p;
  QX_ASSIGN_OR_RETURN(p.org, tx.orgs().Get(d.org_id));
  p.declaration = std::move(d);
  QX_ASSIGN_OR_RETURN(auto score, tx.assessments().GetSubjectScore(domain::SubjectKind::kProvider, p.org.id));
  if (score) {
    p.score = score->score;
    p.assessment_id = score->assessment_id;
    p.assessed_at = score->at;
    p.conformity = domain::ConformityOf(score->score.value_or(1.0));
  }
  return p;
}

Result<store::Page<PublicProvider>> RegistryService::PublicProviders(const store::PageRequest& page) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<PublicProvider>> {
    QX_ASSIGN_OR_RETURN(auto declarations, tx.registry().ListDeclarations(page));
    store::Page<PublicProvider> out;
    out.next = declarations.next;
    for (auto& d : declarations.items) {
      QX_ASSIGN_OR_RETURN(auto p, Describe(tx, std::move(d)));
      out.items.push_back(std::move(p));
    }
    return out;
  });
}

Result<PublicProvider> RegistryService::GetPublicProvider(domain::OrgId org) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<PublicProvider> {
    QX_ASSIGN_OR_RETURN(auto d, tx.registry().GetDeclaration(org));
    return Describe(tx, std::move(d));
  });
}

Result<ImportReport> RegistryService::ImportCsv(const Actor& actor, domain::OrgId owner_org,
                                                std::string_view csv, bool dry_run) {
  QX_ASSIGN_OR_RETURN(owner_org, OwnerFor(actor, owner_org));
  QX_RETURN_IF_ERROR(actor.Authorize(Action::kRegistryWrite, owner_org));
  // The header and at most 10,000 rows; more is 413.
  QX_ASSIGN_OR_RETURN(CsvTable table, ParseCsv(csv, 10001).map_error([](Error e) {
    if (e.code == ErrorCode::kPayloadTooLarge) e.message = "the file has more than 10000 rows";
    return e;
  }));
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, dry_run ? TxMode::kRead : TxMode::kWrite, [&](Tx& tx) -> Result<ImportReport> {
    QX_ASSIGN_OR_RETURN(domain::Organisation owner, tx.orgs().Get(owner_org));
    if (owner.kind != domain::OrgKind::kOperator) {
      return MakeError(ErrorCode::kInvalidArgument, "CII objects belong to operators");
    }
    std::map<std::string, domain::ObjectId> existing;
    store::PageRequest page{0, 1000};
    for (;;) {
      QX_ASSIGN_OR_RETURN(auto objects, tx.registry().ListObjects({owner_org, {}, {}}, page));
      for (const auto& o : objects.items) existing.emplace(o.name, o.id);
      if (!objects.next) break;
      page.after = *objects.next;
    }
    ImportReport report;
    report.plan = PlanObjectImport(table, owner.sector, existing);
    if (!report.plan.ok() || dry_run) return report;
    // Two passes: create every object, then point dependencies at registered or new ids.
    std::map<std::string, domain::ObjectId> ids = existing;
    for (auto& row : report.plan.rows) {
      domain::CiiObject o = *row.object;
      o.owner_org = owner_org;
      o.created_at = o.updated_at = now;
      QX_ASSIGN_OR_RETURN(o, NamedInsert(tx.registry().InsertObject(o), o));
      ids[o.name] = o.id;
      row.object = o;
      report.ids.push_back(o.id);
    }
    for (auto& row : report.plan.rows) {
      if (row.depends_on_names.empty()) continue;
      for (const auto& name : row.depends_on_names) row.object->depends_on.push_back(ids.at(name));
      QX_RETURN_IF_ERROR(tx.registry().UpdateObject(*row.object));
    }
    report.imported = true;
    report.created = static_cast<int>(report.ids.size());
    QX_RETURN_IF_ERROR(Audit(tx, actor, owner_org, "object.import", "organisation", owner_org,
                             {{"created", report.created}}, now));
    return report;
  });
}

}  // namespace qx::registry
