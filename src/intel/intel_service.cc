#include "qx/intel/intel_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "ingest.h"
#include "qx/crypto/secrets.h"
#include "qx/domain/identity.h"
#include "qx/taxii/protocol.h"

namespace qx::intel {
namespace {

namespace json = boost::json;
using store::Tx;
using store::TxMode;

constexpr std::string_view kSectors[] = {"oil_and_gas", "energy", "finance", "telecom", "government",
                                         "transport", "health", "water", "digital", "other"};

json::object StatusDetail(const json::array& successes, const json::array& failures,
                          const json::array& pendings) {
  return {{"successes", successes}, {"failures", failures}, {"pendings", pendings}};
}

constexpr char kNotTheProducer[] =
    "another organisation produced this object; only its producer may version it"
    " (post your own object with a new id)";

// True when the stored version of `prepared` (same id and version, readable by `viewer`) has the
// same content as `object`: an exact duplicate.
Result<bool> IsStoredExactly(Tx& tx, const store::StoredObject& prepared, const json::value& object,
                             domain::OrgId viewer) {
  store::ObjectQuery q;
  q.collection_id = prepared.collection_id;
  q.viewer_org = viewer;
  q.ids = {prepared.object_id};
  q.versions = store::VersionMatch{false, false, false, {prepared.version_us}};
  q.limit = 1;
  QX_ASSIGN_OR_RETURN(auto page, tx.intel().QueryObjects(q));
  if (page.items.empty()) return false;
  boost::system::error_code ec;
  const json::value stored = json::parse(page.items.front().json, ec);
  return !ec && stored == object;
}

// True when `viewer` may read at least one stored version of `object_id` in the collection
// (TLP decides per version).
Result<bool> ReadsAnyVersion(Tx& tx, const std::string& collection_id, const std::string& object_id,
                             domain::OrgId viewer) {
  store::ObjectQuery q;
  q.collection_id = collection_id;
  q.viewer_org = viewer;
  q.ids = {object_id};
  q.versions = store::VersionMatch{false, false, true, {}};
  q.limit = 1;
  QX_ASSIGN_OR_RETURN(auto page, tx.intel().QueryObjects(q));
  return !page.items.empty();
}

// STIX 2.1 section 3.6 versions only objects that carry `modified` (SDOs, SROs, language
// content). Cyber-observables have no `modified` (and deterministic UUIDv5 ids: two
// organisations reporting 10.1.2.3 post the same ipv4-addr id), nor do marking definitions; they
// are not versioned, so they have no creator to check against.
bool IsVersioned(const json::value& object) {
  return object.is_object() && object.as_object().contains("modified");
}

}  // namespace

IntelService::IntelService(store::Database& db, const Clock& clock, IntelOptions options)
    : db_(db), clock_(clock), options_(options) {
  if (options_.start_worker) StartWorker();
}

IntelService::~IntelService() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (!worker_.joinable()) StartWorker();  // what was queued is still done
  worker_.join();
}

void IntelService::StartWorker() {
  if (!worker_.joinable()) worker_ = std::thread([this] { Work(); });
}

void IntelService::Work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to finish
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job.run();
    std::lock_guard<std::mutex> lock(mu_);
    queued_objects_ -= job.objects;
  }
}

Status IntelService::SeedCollections() {
  return db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(auto existing, tx.intel().ListCollections());
    auto has = [&](domain::Audience a, std::string_view value) {
      return std::any_of(existing.begin(), existing.end(), [&](const auto& c) {
        return c.audience == a && c.audience_value == value;
      });
    };
    if (!has(domain::Audience::kNational, "")) {
      QX_RETURN_IF_ERROR(tx.intel().InsertCollection(
          {crypto::RandomUuid(), "National", "Indicators and reports shared with every registered organisation",
           domain::Audience::kNational, ""}));
    }
    if (!has(domain::Audience::kCertInbox, "")) {
      QX_RETURN_IF_ERROR(tx.intel().InsertCollection(
          {crypto::RandomUuid(), "CERT inbox", "Reports to the national CERT; only the CERT reads them",
           domain::Audience::kCertInbox, ""}));
    }
    for (std::string_view sector : kSectors) {
      if (has(domain::Audience::kSector, sector)) continue;
      QX_RETURN_IF_ERROR(tx.intel().InsertCollection(
          {crypto::RandomUuid(), fmt::format("Sector: {}", sector),
           fmt::format("Shared among the {} sector, the regulator and the CERT", sector),
           domain::Audience::kSector, std::string(sector)}));
    }
    return Ok();
  });
}

Result<std::vector<CollectionView>> IntelService::Collections(const identity::Principal& p) {
  const std::string own = std::to_string(p.org.id);
  QX_ASSIGN_OR_RETURN(auto all, store::Transact(db_, TxMode::kRead, [](Tx& tx) {
                        return tx.intel().ListCollections();
                      }));
  const bool has_private = std::any_of(all.begin(), all.end(), [&](const auto& c) {
    return c.audience == domain::Audience::kPrivate && c.audience_value == own;
  });
  if (!has_private) {
    domain::IntelCollection mine{crypto::RandomUuid(), fmt::format("Private: {}", p.org.name),
                                 "This organisation's own collection", domain::Audience::kPrivate, own};
    auto created = db_.Run(TxMode::kWrite, [&](Tx& tx) { return tx.intel().InsertCollection(mine); });
    if (!created) return tl::unexpected(created.error());
    all.push_back(std::move(mine));
  }
  std::vector<CollectionView> out;
  for (auto& c : all) {
    const auto access = domain::AccessTo(p.subject, p.org.sector, c);
    if (access.read || access.write) out.push_back({std::move(c), access});
  }
  return out;
}

Result<CollectionView> IntelService::Collection(const identity::Principal& p, const std::string& id) {
  QX_ASSIGN_OR_RETURN(auto c, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.intel().GetCollection(id);
                      }));
  const auto access = domain::AccessTo(p.subject, p.org.sector, c);
  if (!access.read && !access.write) return MakeError(ErrorCode::kNotFound, "no such collection");
  return CollectionView{std::move(c), access};
}

Result<store::Page<store::StoredObject>> IntelService::Objects(const identity::Principal& p,
                                                               const std::string& collection_id,
                                                               store::ObjectQuery query) {
  QX_ASSIGN_OR_RETURN(CollectionView view, Collection(p, collection_id));
  if (!view.access.read) return MakeError(ErrorCode::kPermissionDenied, "this collection cannot be read");
  query.collection_id = collection_id;
  query.viewer_org = p.org.id;
  query.limit = std::min(query.limit, options_.max_page);
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.intel().QueryObjects(query); });
}

Status IntelService::Ingest(const std::string& status_id, const std::string& collection_id,
                            domain::OrgId producer, bool producer_reads,
                            std::int64_t request_us, std::vector<json::value> objects) {
  json::array successes, failures;
  auto status = db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    // The store may run this again after a serialisation failure: start from nothing.
    successes.clear();
    failures.clear();
    QX_ASSIGN_OR_RETURN(std::int64_t last_added, tx.intel().LastDateAdded());
    // Each object's outcome, in the order they came; valid ones go to the store in one batch.
    std::vector<json::object> outcomes(objects.size());
    std::vector<bool> succeeded(objects.size(), false);
    std::vector<store::StoredObject> batch;
    std::vector<size_t> batch_index;
    for (size_t i = 0; i < objects.size(); ++i) {
      const json::value& object = objects[i];
      const auto* id = object.is_object() ? object.as_object().if_contains("id") : nullptr;
      const std::string id_text = id && id->is_string() ? std::string(id->as_string()) : "";
      auto prepared = PrepareObject(object, collection_id, producer);
      if (!prepared) {
        // status-details requires a version even here (TAXII 2.1 4.3.1).
        outcomes[i] = {{"id", id_text},
                       {"version", ReportedVersion(object, request_us)},
                       {"message", prepared.error().message}};
        continue;
      }
      // date_added is strictly increasing, so added_after never skips a sibling of equal time.
      prepared->date_added_us = std::max(clock_.Now() * 1000, last_added + 1);
      last_added = prepared->date_added_us;
      if (prepared->version_us == 0) prepared->version_us = prepared->date_added_us;
      if (prepared->version.empty()) prepared->version = taxii::FormatTimestamp(prepared->version_us);
      outcomes[i] = {{"id", id_text}, {"version", prepared->version}};
      batch.push_back(std::move(*prepared));
      batch_index.push_back(i);
    }
    // STIX versioning (STIX 2.0 Part 1 section 3.4, carried into STIX 2.1 section 3.6): "Only
    // the object creator is permitted to create new versions of a STIX Object. Producers other
    // than the object creator MUST NOT create new versions of that object." Without this check
    // any organisation that may write the collection could post a later `modified` of another's
    // object (change or revoke its indicator) and match[version]=last would serve that to all.
    // The creator is the organisation that produced the earliest stored version, looked up for
    // the whole batch in one query inside this write transaction (so no ingest can slip a first
    // version in between). Only this collection counts: each collection keeps its own versions,
    // and looking at others would tell the poster about ids in collections it cannot even see.
    std::vector<std::string> ids;
    std::vector<bool> versioned(batch.size());
    ids.reserve(batch.size());
    for (size_t k = 0; k < batch.size(); ++k) {
      versioned[k] = IsVersioned(objects[batch_index[k]]);
      if (versioned[k]) ids.push_back(batch[k].object_id);
    }
    QX_ASSIGN_OR_RETURN(auto creators, tx.intel().CreatorsOf(collection_id, ids));
    std::vector<store::StoredObject> accepted;
    std::vector<size_t> accepted_index;
    accepted.reserve(batch.size());
    for (size_t k = 0; k < batch.size(); ++k) {
      const size_t i = batch_index[k];
      const auto creator = versioned[k] ? creators.find(batch[k].object_id) : creators.end();
      if (creator == creators.end() || creator->second == producer) {
        accepted.push_back(std::move(batch[k]));
        accepted_index.push_back(i);
        continue;
      }
      // Where the poster cannot read any stored version (a write-only collection such as the
      // CERT inbox, or every version hidden from it by TLP), any answer other than the one for a
      // fresh object would tell it that the id exists (and that another organisation reported
      // it). So it gets exactly that answer, a success with id and version, and what it sent is
      // discarded: the object keeps only its producer's versions. In a collection the poster
      // cannot read, the discard is invisible to it; under TLP the residual is that the poster
      // does not find its post when it reads the collection later (docs/api.md says so).
      bool reads_a_version = false;
      if (producer_reads) {
        QX_ASSIGN_OR_RETURN(reads_a_version, ReadsAnyVersion(tx, collection_id, batch[k].object_id, producer));
      }
      if (!reads_a_version) {
        succeeded[i] = true;
        continue;
      }
      // The poster reads a version, so it knows the object exists and who may version it is no
      // news. An exact copy of a version it may read changes nothing and tells it nothing it
      // cannot GET, so it stays a success (a relay re-posting a shared feed is idempotent).
      // Anything else is refused, whatever the version and whether or not the content matches:
      // compared with a version hidden from the poster by TLP, a success for equal content would
      // let it confirm a guess of what another organisation reported. The refusal names neither
      // the producer nor versions nor content; the poster has to give its own object a new id, as
      // STIX says, and nothing it sent is stored.
      bool same = false;
      QX_ASSIGN_OR_RETURN(same, IsStoredExactly(tx, batch[k], objects[i], producer));
      if (same) {
        succeeded[i] = true;
      } else {
        outcomes[i]["message"] = kNotTheProducer;
      }
    }
    batch = std::move(accepted);
    batch_index = std::move(accepted_index);
    QX_ASSIGN_OR_RETURN(auto seqs, tx.intel().InsertObjects(batch));
    if (seqs.size() != batch.size()) return MakeError(ErrorCode::kInternal, "store lost a batch");
    for (size_t k = 0; k < batch.size(); ++k) {
      const size_t i = batch_index[k];
      if (seqs[k] == 0) {
        // This id and version are stored already. An exact duplicate is no error (TAXII 2.1
        // 5.5); the same version with other content is. Compared with what the producer may
        // read, so the answer tells nothing about objects hidden from it.
        QX_ASSIGN_OR_RETURN(bool same, IsStoredExactly(tx, batch[k], objects[i], producer));
        if (!same) {
          outcomes[i]["message"] = "this version of the object is already in the collection with other content";
          continue;
        }
        succeeded[i] = true;
        continue;
      }
      succeeded[i] = true;
      if (auto sighting = SightingOf(objects[i], batch[k])) {
        QX_RETURN_IF_ERROR(tx.intel().UpsertSighting(*sighting));
      }
    }
    for (size_t i = 0; i < objects.size(); ++i) {
      (succeeded[i] ? successes : failures).push_back(std::move(outcomes[i]));
    }
    store::StatusRecord record;
    QX_ASSIGN_OR_RETURN(record, tx.intel().GetStatus(status_id));
    record.status = "complete";
    record.detail_json = json::serialize(StatusDetail(successes, failures, {}));
    return tx.intel().PutStatus(record);
  });
  if (status) return Ok();
  spdlog::error("ingest of status {} failed: {}", status_id, status.error().message);
  // Nothing was stored; say so in the status rather than leave it pending for ever.
  json::array failed;
  for (const auto& o : objects) {
    const auto* id = o.is_object() ? o.as_object().if_contains("id") : nullptr;
    failed.push_back(json::object{{"id", id && id->is_string() ? id->as_string() : ""},
                                  {"version", ReportedVersion(o, request_us)},
                                  {"message", "the server could not store the objects; send them again later"}});
  }
  auto marked = db_.Run(TxMode::kWrite, [&](Tx& tx) -> Status {
    QX_ASSIGN_OR_RETURN(auto record, tx.intel().GetStatus(status_id));
    record.status = "complete";
    record.detail_json = json::serialize(StatusDetail({}, failed, {}));
    return tx.intel().PutStatus(record);
  });
  if (!marked) {
    spdlog::error("cannot mark status {} failed: {}", status_id, marked.error().message);
    return marked;
  }
  return status;
}

Result<store::StatusRecord> IntelService::Add(const identity::Principal& p,
                                              const std::string& collection_id,
                                              std::vector<json::value> objects) {
  QX_ASSIGN_OR_RETURN(CollectionView view, Collection(p, collection_id));
  if (!view.access.write) return MakeError(ErrorCode::kPermissionDenied, "this collection cannot be written");
  const bool background = objects.size() > options_.async_threshold;
  if (background) {
    std::lock_guard<std::mutex> lock(mu_);
    if (queued_objects_ > 0 && queued_objects_ + objects.size() > options_.max_queued_objects) {
      return MakeError(ErrorCode::kTooManyRequests,
                       "the server is still processing earlier objects; send these again later");
    }
    queued_objects_ += objects.size();  // reserved before the status is written
  }
  store::StatusRecord record;
  record.id = crypto::RandomUuid();
  record.collection_id = collection_id;
  record.owner_org = p.org.id;
  record.status = "pending";
  record.request_us = clock_.Now() * 1000;
  record.total = static_cast<int>(objects.size());
  json::array pendings;
  for (const auto& o : objects) {
    const auto* id = o.is_object() ? o.as_object().if_contains("id") : nullptr;
    pendings.push_back(json::object{{"id", id && id->is_string() ? id->as_string() : ""},
                                    {"version", ReportedVersion(o, record.request_us)}});
  }
  record.detail_json = json::serialize(StatusDetail({}, {}, pendings));
  auto written = db_.Run(TxMode::kWrite, [&](Tx& tx) { return tx.intel().PutStatus(record); });
  if (background) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!written) {
      queued_objects_ -= objects.size();
      return tl::unexpected(written.error());
    }
    const std::size_t count = objects.size();
    queue_.push_back({count, [this, id = record.id, collection_id, org = p.org.id, reads = view.access.read,
                              request_us = record.request_us, objects = std::move(objects)]() mutable {
                        (void)Ingest(id, collection_id, org, reads, request_us, std::move(objects));
                      }});
    cv_.notify_one();
    return record;
  }
  QX_RETURN_IF_ERROR(written);
  // A failed ingest is recorded in the status (every object failed) when the store allows; when
  // it does not even allow that, the request fails rather than answer a status pending for ever.
  auto ingested = Ingest(record.id, collection_id, p.org.id, view.access.read, record.request_us,
                         std::move(objects));
  auto stored = GetStatus(p, record.id);
  if (!ingested && (!stored || stored->status != "complete")) return tl::unexpected(ingested.error());
  return stored;
}

Result<store::StatusRecord> IntelService::GetStatus(const identity::Principal& p,
                                                 const std::string& status_id) {
  QX_ASSIGN_OR_RETURN(auto record, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.intel().GetStatus(status_id);
                      }));
  if (record.owner_org != p.org.id) return MakeError(ErrorCode::kNotFound, "no such status");
  return record;
}

Result<int> IntelService::Delete(const identity::Principal& p, const std::string& collection_id,
                                 const std::string& object_id, const store::VersionMatch& versions) {
  QX_ASSIGN_OR_RETURN(CollectionView view, Collection(p, collection_id));
  if (!domain::MayDelete(view.access)) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "objects are deleted only from a collection one may both read and write");
  }
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<int> {
    store::ObjectQuery q;
    q.collection_id = collection_id;
    q.viewer_org = p.org.id;
    q.ids = {object_id};
    q.versions = versions;
    q.limit = 1000;
    QX_ASSIGN_OR_RETURN(auto page, tx.intel().QueryObjects(q));
    if (page.items.empty()) return MakeError(ErrorCode::kNotFound, "no such object");
    for (const auto& o : page.items) {
      if (o.producer_org != p.org.id) {
        return MakeError(ErrorCode::kPermissionDenied, "only the producing organisation deletes an object");
      }
    }
    return tx.intel().DeleteObject(collection_id, object_id, versions);
  });
}

Result<store::Page<store::StoredObject>> IntelService::Search(const identity::Principal& p,
                                                              const std::string& collection_id,
                                                              const std::string& text,
                                                              const std::string& type,
                                                              const store::PageRequest& page) {
  QX_ASSIGN_OR_RETURN(CollectionView view, Collection(p, collection_id));
  if (!view.access.read) return MakeError(ErrorCode::kPermissionDenied, "this collection cannot be read");
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
    return tx.intel().SearchObjects(collection_id, p.org.id, text, type, page);
  });
}

Result<std::vector<IndicatorSightings>> IntelService::Sightings(const identity::Principal& p,
                                                                const std::string& indicator_ref) {
  const bool cert = p.org.kind == domain::OrgKind::kCert;
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<std::vector<IndicatorSightings>> {
    // Only sightings posted to collections the viewer may read count (TAXII can_read), then TLP
    // decides which it is told about: one sent to the CERT inbox or to a private collection is
    // not counted for those who cannot read there.
    QX_ASSIGN_OR_RETURN(auto collections, tx.intel().ListCollections());
    std::vector<std::string> readable;
    for (const auto& c : collections) {
      if (domain::AccessTo(p.subject, p.org.sector, c).read) readable.push_back(c.id);
    }
    QX_ASSIGN_OR_RETURN(auto totals, tx.intel().SightingTotalsFor(indicator_ref, readable, p.org.id));
    // Which indicators the viewer produced: their sightings are counted for it in full. The
    // producer is whoever's copy arrived first, in any collection: a copy of another
    // organisation's indicator id posted later (to a private collection, say) makes no producer.
    std::vector<std::string> produced;
    if (!cert && !totals.empty()) {
      std::vector<std::string> ids;
      for (const auto& t : totals) {
        if (ids.empty() || ids.back() != t.indicator_ref) ids.push_back(t.indicator_ref);
      }
      QX_ASSIGN_OR_RETURN(auto producers, tx.intel().FirstProducersOf(ids));
      for (const auto& [id, org] : producers) {
        if (org == p.org.id) produced.push_back(id);
      }
    }
    const auto full = [&](const std::string& ref) {
      return cert || std::find(produced.begin(), produced.end(), ref) != produced.end();
    };
    std::vector<IndicatorSightings> out;
    for (const auto& t : totals) {
      if (!full(t.indicator_ref) && !t.visible) continue;
      if (out.empty() || out.back().indicator_ref != t.indicator_ref) out.push_back({t.indicator_ref});
      IndicatorSightings& agg = out.back();
      ++agg.organisations;
      agg.sightings += t.sightings;
      agg.count += t.count;
      if (t.first_seen_ms && (!agg.first_seen_ms || *t.first_seen_ms < *agg.first_seen_ms)) agg.first_seen_ms = t.first_seen_ms;
      if (t.last_seen_ms && (!agg.last_seen_ms || *t.last_seen_ms > *agg.last_seen_ms)) agg.last_seen_ms = t.last_seen_ms;
      if (t.visible) {
        agg.by_organisation.push_back(t);
      } else {
        ++agg.anonymous_organisations;
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.organisations > b.organisations;
    });
    if (!indicator_ref.empty() && !out.empty()) {
      QX_ASSIGN_OR_RETURN(auto days, tx.intel().SightingDaysFor(indicator_ref, readable, p.org.id));
      auto& series = out.front().per_day;
      for (const auto& d : days) {
        if (!full(indicator_ref) && !d.visible) continue;
        if (series.empty() || series.back().day != d.day) series.push_back({d.day});
        series.back().sightings += d.sightings;
        series.back().count += d.count;
      }
    }
    return out;
  });
}

}  // namespace qx::intel
