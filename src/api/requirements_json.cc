#include "requirements_json.h"

#include "qx/core/clock.h"

namespace qx::api {
namespace json = boost::json;

json::object ToJson(const domain::CatalogRecord& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"kind", domain::Name(c.kind)},
          {"scope", domain::Name(c.scope)},
          {"owner_org", c.owner_org},
          {"title", c.title},
          {"created_at", FormatRfc3339(c.created_at)}};
}

json::object ToJson(const domain::CatalogVersion& v) {
  json::object o{{"seq", v.seq},
                 {"version", v.version},
                 {"status", domain::Name(v.status)},
                 {"created_at", FormatRfc3339(v.created_at)},
                 {"created_by", v.created_by}};
  if (v.published_at) {
    o["published_at"] = FormatRfc3339(*v.published_at);
    o["published_by"] = v.published_by;
    o["digest"] = v.digest;
    o["signature"] = json::object{{"alg", "Ed25519"}, {"key_id", v.key_id}, {"value", v.signature}};
  }
  return o;
}

json::object ToJson(const domain::RequirementRow& r) {
  json::object o{{"id", r.control_id},
                 {"title", r.title},
                 {"group_path", r.group_path},
                 {"parent", r.parent_control},
                 {"sectors", json::value_from(r.sectors)},
                 {"categories", json::value_from(r.categories)},
                 {"machine_checks", json::value_from(r.machine_checks)}};
  o["min_security_level"] = r.min_security_level ? json::value(*r.min_security_level) : nullptr;
  return o;
}

json::object ToJson(const oscal::CatalogDiff& d) {
  json::array changed;
  for (const auto& c : d.changed) {
    changed.push_back(json::object{{"id", c.id}, {"fields", json::value_from(c.fields)}});
  }
  return {{"added", json::value_from(d.added)},
          {"removed", json::value_from(d.removed)},
          {"changed", std::move(changed)}};
}

json::object ToJson(const requirements::VersionView& v) {
  json::object o = ToJson(v.version);
  o["catalog"] = ToJson(v.catalog);
  o["languages"] = json::value_from(v.languages);
  return o;
}

}  // namespace qx::api
