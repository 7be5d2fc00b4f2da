#include "qx/incident/notifier.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "incident_internal.h"

namespace qx::incident {
namespace {

namespace json = boost::json;
using store::Tx;
using store::TxMode;

constexpr std::chrono::minutes kLease{2};

}  // namespace

IncidentNotifier::IncidentNotifier(store::Database& db, const Clock& clock, IncidentService& incidents,
                                   NotificationSender& sender, NotifierOptions options)
    : db_(db), clock_(clock), incidents_(incidents), sender_(sender), options_(std::move(options)),
      worker_(options_.tick, PeriodicWorker::First::kAtStart, [this] {
        if (auto r = Tick(); !r) spdlog::warn("incident notifier: {}", r.error().message);
      }) {}

IncidentNotifier::~IncidentNotifier() { Stop(); }

Result<json::object> IncidentNotifier::MessageOf(const json::object& payload, UnixMillis now) {
  const auto* id = payload.if_contains("incident_id");
  if (!id || !id->is_int64()) return MakeError(ErrorCode::kInvalidArgument, "a notification without incident_id");
  const std::string stage = json::value_to<std::string>(payload.at("stage"));
  const std::string event = json::value_to<std::string>(payload.at("event"));
  const double share = incidents_.options().due_soon_share;
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<json::object> {
    QX_ASSIGN_OR_RETURN(auto i, tx.incidents().GetIncident(id->as_int64()));
    QX_ASSIGN_OR_RETURN(auto org, tx.orgs().Get(i.org_id));
    QX_ASSIGN_OR_RETURN(auto regimes, IncidentService::LoadRegimes(tx));
    QX_ASSIGN_OR_RETURN(auto clock, ClockOf(tx, i));
    const domain::Regime& regime = RegimeById(regimes, i.regime);
    json::object m{{"event", event}, {"incident_id", i.id}, {"org_id", i.org_id}, {"org_name", org.name},
                   {"title", i.title}, {"sector", i.sector}, {"regime", i.regime}, {"stage", stage},
                   {"sent_at", FormatRfc3339(now)}};
    if (const auto* def = domain::FindStage(regime, stage)) {
      const auto t = domain::EvaluateStage(regime, *def, clock, now, share);
      m["stage_name"] = def->name;
      m["state"] = domain::Name(t.state);
      m["due_at"] = t.due_at ? json::value(FormatRfc3339(*t.due_at)) : json::value(nullptr);
    }
    return m;
  });
}

Result<int> IncidentNotifier::Tick() {
  QX_RETURN_IF_ERROR(incidents_.ScheduleDue(clock_.Now()));
  const UnixMillis now = clock_.Now();
  QX_ASSIGN_OR_RETURN(auto jobs, store::Transact(db_, TxMode::kWrite, [&](Tx& tx) {
                        return tx.jobs().ClaimDue(std::string(kNotifyJobKind), options_.worker_id, now,
                                                  now + std::chrono::milliseconds(kLease).count(), 20);
                      }));
  int delivered = 0;
  for (const auto& job : jobs) {
    boost::system::error_code ec;
    const json::value payload = json::parse(job.payload, ec);
    domain::IncidentDelivery d;
    Status sent = MakeError(ErrorCode::kInvalidArgument, "the job's payload is not JSON");
    if (!ec && payload.is_object()) {
      const auto& p = payload.as_object();
      d.incident_id = p.contains("incident_id") && p.at("incident_id").is_int64() ? p.at("incident_id").as_int64() : 0;
      for (auto [field, out] : {std::pair{"stage", &d.stage}, {"event", &d.event}, {"channel", &d.channel}}) {
        if (p.contains(field) && p.at(field).is_string()) *out = std::string(p.at(field).as_string());
      }
      auto message = MessageOf(p, now);
      sent = message ? sender_.Send(d.channel, *message) : Status(tl::unexpected(message.error()));
    }
    d.attempts = job.attempts;
    const UnixMillis done = clock_.Now();
    if (sent) {
      d.delivered_at = done;
      ++delivered;
    } else {
      d.last_error = sent.error().message.substr(0, 500);
      spdlog::warn("incident notification {} failed (attempt {}): {}", job.dedupe_key, job.attempts, d.last_error);
    }
    QX_RETURN_IF_ERROR(db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
      if (d.incident_id > 0) QX_RETURN_IF_ERROR(tx.incidents().RecordDelivery(d));
      if (sent || job.attempts >= options_.max_attempts || d.incident_id == 0) {
        return tx.jobs().Complete(job.id, options_.worker_id, done);
      }
      const auto delay = std::min<std::int64_t>(options_.retry.count() << std::min(job.attempts - 1, 16), 86400);
      return tx.jobs().Release(job.id, options_.worker_id, done + delay * 1000, d.last_error);
    }));
  }
  return delivered;
}

}  // namespace qx::incident
