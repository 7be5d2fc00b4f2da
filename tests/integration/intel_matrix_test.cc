// Roles x organisations x collections over TAXII: who reads and who writes each collection,
// written out independently of the access rule it checks.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <map>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
constexpr char kTaxii[] = "application/taxii+json;version=2.1";

enum Kind { kRegulator, kCert, kOperator, kProvider };  // orgs 1..4; the operator is oil_and_gas
const char* const kRoles[] = {"admin", "officer", "analyst", "staff", "auditor", "machine"};

bool Writes(const std::string& role) {
  return role == "admin" || role == "officer" || role == "analyst" || role == "machine";
}

struct Expectation {
  bool read;
  bool write;
};

Expectation Expected(const std::string& title, Kind kind, const std::string& role) {
  if (title == "National") return {true, Writes(role)};
  if (title == "CERT inbox") return {kind == kCert, Writes(role)};
  if (title == "Sector: oil_and_gas") {
    const bool in = kind == kOperator || kind == kRegulator || kind == kCert;
    return {in, in && Writes(role)};
  }
  if (title == "Sector: finance") {
    const bool in = kind == kRegulator || kind == kCert;
    return {in, in && Writes(role)};
  }
  if (title == "Private: Demo Oil & Gas Operator") {
    return {kind == kOperator, kind == kOperator && Writes(role)};
  }
  ADD_FAILURE() << "no expectation for " << title;
  return {false, false};
}

// "Bearer <secret>" of a new API token with this role in the organisation of this kind (ids 1-4 in
// Kind order), made by the regulator's admin; empty (and a failure) when it is refused.
std::string BearerFor(const TestServer& server, const std::vector<std::pair<std::string, std::string>>& admin,
                      Kind kind, const std::string& role) {
  const auto t = server.Request("POST", fmt::format("/api/v1/orgs/{}/tokens", kind + 1),
                                json::serialize(json::object{{"name", "matrix"}, {"role", role}}), admin);
  EXPECT_EQ(t.status, 201) << t.body;
  if (t.status != 201) return "";
  return "Bearer " + std::string(t.Json().at("secret").as_string());
}

TEST(IntelMatrixTest, EveryRoleOfEveryOrganisationOnEveryCollection) {
  TestServer server;
  auto [cookie, csrf] = server.Login("regulator.admin");
  const std::vector<std::pair<std::string, std::string>> admin = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};

  // The collections by title, including the operator's private one (made on its first listing).
  auto [ocookie, ocsrf] = server.Login("operator.admin");
  std::map<std::string, std::string> ids;
  for (const auto& who : {admin, std::vector<std::pair<std::string, std::string>>{{"Cookie", ocookie}}}) {
    auto h = who;
    h.emplace_back("Accept", kTaxii);
    const auto list = server.Request("GET", "/taxii2/qalxan/collections/", "", h).Json();
    for (const auto& c : list.at("collections").as_array()) {
      ids[std::string(c.at("title").as_string())] = std::string(c.at("id").as_string());
    }
  }
  const std::vector<std::string> titles = {"National", "CERT inbox", "Sector: oil_and_gas",
                                           "Sector: finance", "Private: Demo Oil & Gas Operator"};
  int checked = 0;
  int objects = 0;
  for (Kind kind : {kRegulator, kCert, kOperator, kProvider}) {
    for (const char* role : kRoles) {
      const std::string bearer = BearerFor(server, admin, kind, role);
      ASSERT_FALSE(bearer.empty());
      for (const auto& title : titles) {
        const Expectation e = Expected(title, kind, role);
        const std::string base = "/taxii2/qalxan/collections/" + ids.at(title) + "/objects/";
        const auto get = server.Request("GET", base, "", {{"Authorization", bearer}, {"Accept", kTaxii}});
        const int want_get = e.read ? 200 : (e.write ? 403 : 404);
        EXPECT_EQ(get.status, want_get) << "read " << title << " as " << role << " of org " << kind + 1;
        const auto post = server.Request("POST", base, "{\"objects\":[]}",
                                         {{"Authorization", bearer}, {"Accept", kTaxii}, {"Content-Type", kTaxii}});
        const int want_post = e.write ? 202 : ((e.read) ? 403 : 404);
        EXPECT_EQ(post.status, want_post) << "write " << title << " as " << role << " of org " << kind + 1;

        // DELETE of an object this subject produced (where it may write one), else of any id.
        // TAXII 2.1 section 5.7: only where both can_read and can_write are true; write-only
        // (the CERT inbox for all but the CERT) is 403 even for the producer.
        const std::string object_id = fmt::format("indicator--00000000-0000-4000-8000-{:012}", ++objects);
        if (e.write) {
          const json::object indicator{{"type", "indicator"}, {"spec_version", "2.1"}, {"id", object_id},
                                       {"created", "2026-01-01T00:00:00.000Z"},
                                       {"modified", "2026-01-01T00:00:00.000Z"},
                                       {"pattern", "[ipv4-addr:value = '198.51.100.1']"},
                                       {"pattern_type", "stix"}, {"valid_from", "2026-01-01T00:00:00Z"}};
          const auto added = server.Request(
              "POST", base, json::serialize(json::object{{"objects", json::array{indicator}}}),
              {{"Authorization", bearer}, {"Accept", kTaxii}, {"Content-Type", kTaxii}});
          ASSERT_EQ(added.status, 202) << added.body;
          ASSERT_EQ(added.Json().at("success_count").as_int64(), 1) << added.body;
        }
        const auto del = server.Request("DELETE", base + object_id + "/", "",
                                        {{"Authorization", bearer}, {"Accept", kTaxii}});
        const int want_delete = e.read && e.write ? 200 : ((e.read || e.write) ? 403 : 404);
        EXPECT_EQ(del.status, want_delete) << "delete in " << title << " as " << role << " of org " << kind + 1;
        checked += 3;
      }
    }
  }
  EXPECT_EQ(checked, 4 * 6 * 5 * 3);
}

TEST(IntelMatrixTest, SightingsCountOnlyInCollectionsEachRoleOfEachOrganisationReads) {
  TestServer server;
  auto [cookie, csrf] = server.Login("regulator.admin");
  const std::vector<std::pair<std::string, std::string>> admin = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  // One TLP:GREEN sighting of the same indicator in each collection, with a count that names it.
  const std::map<std::string, std::pair<std::string, int>> posted = {
      {"National", {"cert.admin", 1}},
      {"CERT inbox", {"operator.admin", 2}},
      {"Sector: oil_and_gas", {"operator.admin", 4}},
      {"Sector: finance", {"cert.admin", 8}},
      {"Private: Demo Oil & Gas Operator", {"operator.admin", 16}}};
  const std::string indicator = "indicator--00000000-0000-4000-8000-000000000777";
  int n = 0;
  for (const auto& [title, who] : posted) {
    const auto& [user, count] = who;
    auto [c, x] = server.Login(user);
    const std::vector<std::pair<std::string, std::string>> h = {
        {"Cookie", c}, {"X-CSRF-Token", x}, {"Accept", kTaxii}, {"Content-Type", kTaxii}};
    std::string id;
    const auto list = server.Request("GET", "/taxii2/qalxan/collections/", "", h).Json();
    for (const auto& col : list.at("collections").as_array()) {
      if (col.at("title").as_string() == title) id = std::string(col.at("id").as_string());
    }
    ASSERT_FALSE(id.empty()) << title;
    const json::object sighting{
        {"type", "sighting"}, {"spec_version", "2.1"},
        {"id", fmt::format("sighting--00000000-0000-4000-8000-{:012}", ++n)},
        {"created", "2026-01-01T00:00:00.000Z"}, {"modified", "2026-01-01T00:00:00.000Z"},
        {"sighting_of_ref", indicator}, {"count", count},
        {"object_marking_refs", json::array{"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"}}};
    const auto r = server.Request("POST", "/taxii2/qalxan/collections/" + id + "/objects/",
                                  json::serialize(json::object{{"objects", json::array{sighting}}}), h);
    ASSERT_EQ(r.status, 202) << r.body;
    ASSERT_EQ(r.Json().at("success_count").as_int64(), 1) << title << ": " << r.body;
  }
  int checked = 0;
  for (Kind kind : {kRegulator, kCert, kOperator, kProvider}) {
    for (const char* role : kRoles) {
      const std::string bearer = BearerFor(server, admin, kind, role);
      ASSERT_FALSE(bearer.empty());
      std::int64_t want = 0;
      for (const auto& [title, who] : posted) {
        if (Expected(title, kind, role).read) want += who.second;
      }
      const auto r = server.Request("GET", "/api/v1/intel/sightings?indicator=" + indicator, "",
                                    {{"Authorization", bearer}});
      ASSERT_EQ(r.status, 200) << r.body;
      const auto body = r.Json();
      const auto& items = body.at("items").as_array();
      const std::int64_t got = items.empty() ? 0 : items[0].at("count").as_int64();
      EXPECT_EQ(got, want) << role << " of org " << kind + 1;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4 * 6);
}

}  // namespace
}  // namespace qx::testing
