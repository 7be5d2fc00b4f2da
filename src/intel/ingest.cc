#include "ingest.h"

#include <boost/json.hpp>

#include "qx/stix/object.h"
#include "qx/stix/tlp.h"
#include "qx/taxii/protocol.h"

namespace qx::intel {
namespace json = boost::json;
namespace {

// The names the store's visibility rule knows.
std::string StoreName(stix::Tlp tlp) {
  switch (tlp) {
    case stix::Tlp::kClear: return "clear";
    case stix::Tlp::kGreen: return "green";
    case stix::Tlp::kAmber: return "amber";
    case stix::Tlp::kAmberStrict: return "amber+strict";
    case stix::Tlp::kRed: return "red";
  }
  return "red";
}

}  // namespace

Result<store::StoredObject> PrepareObject(const json::value& object,
                                          const std::string& collection_id,
                                          domain::OrgId producer) {
  QX_ASSIGN_OR_RETURN(stix::ObjectSummary summary, stix::ValidateObject(object));
  store::StoredObject o;
  o.collection_id = collection_id;
  o.object_id = summary.id;
  o.type = summary.type;
  o.spec_version = summary.spec_version.empty() ? "2.1" : summary.spec_version;
  // The TAXII version is `modified`, else `created`; objects without either have one version.
  const auto& fields = object.as_object();
  for (const char* key : {"modified", "created"}) {
    if (const auto* v = fields.if_contains(key); v && v->is_string()) {
      o.version = std::string(v->as_string());
      QX_ASSIGN_OR_RETURN(o.version_us, taxii::ParseTimestamp(o.version));
      break;
    }
  }
  o.producer_org = producer;
  // The most restrictive TLP of the object-level and granular markings (a part marked RED makes
  // the whole object RED: objects are served whole). An object without a TLP marking is AMBER,
  // as stix::EffectiveTlp explains: forgetting a marking must not widen who sees it.
  o.tlp = StoreName(stix::ObjectTlp(summary.object_marking_refs, summary.granular_marking_refs,
                                    stix::Tlp::kAmber));
  if (const auto* r = fields.if_contains("x_qalxan_recipients")) {
    if (!r->is_array()) {
      return MakeError(ErrorCode::kInvalidArgument, o.object_id + ": x_qalxan_recipients must be a list of organisation ids");
    }
    for (const auto& id : r->as_array()) {
      if (!id.is_int64() || id.as_int64() <= 0) {
        return MakeError(ErrorCode::kInvalidArgument, o.object_id + ": x_qalxan_recipients must be a list of organisation ids");
      }
      o.recipients.push_back(id.as_int64());
    }
  }
  o.revoked = summary.revoked;
  if (summary.valid_until) o.valid_until_ms = *summary.valid_until;
  o.json = json::serialize(object);
  return o;
}

std::string ReportedVersion(const json::value& object, std::int64_t fallback_us) {
  if (object.is_object()) {
    for (const char* key : {"modified", "created"}) {
      const auto* v = object.as_object().if_contains(key);
      if (v && v->is_string() && taxii::ParseTimestamp(v->as_string())) return std::string(v->as_string());
    }
  }
  return taxii::FormatTimestamp(fallback_us);
}

std::optional<store::SightingRecord> SightingOf(const json::value& object,
                                                const store::StoredObject& stored) {
  if (stored.type != "sighting" || !object.is_object()) return std::nullopt;
  const auto& o = object.as_object();
  const auto* ref = o.if_contains("sighting_of_ref");
  if (!ref || !ref->is_string()) return std::nullopt;  // validation requires it; be safe anyway
  store::SightingRecord r;
  r.collection_id = stored.collection_id;
  r.sighting_id = stored.object_id;
  r.version_us = stored.version_us;
  r.indicator_ref = std::string(ref->as_string());
  r.producer_org = stored.producer_org;
  r.tlp = stored.tlp;
  r.recipients = stored.recipients;
  if (const auto* c = o.if_contains("count"); c && c->is_int64()) r.count = c->as_int64();
  auto millis = [&](const char* key) -> std::optional<std::int64_t> {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    auto us = taxii::ParseTimestamp(std::string_view(v->as_string()));
    return us ? std::optional(*us / 1000) : std::nullopt;
  };
  r.first_seen_ms = millis("first_seen");
  r.last_seen_ms = millis("last_seen");
  return r;
}

}  // namespace qx::intel
