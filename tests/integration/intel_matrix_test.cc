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
  for (Kind kind : {kRegulator, kCert, kOperator, kProvider}) {
    for (const char* role : kRoles) {
      const auto t = server.Request("POST", fmt::format("/api/v1/orgs/{}/tokens", kind + 1),
                                    json::serialize(json::object{{"name", "matrix"}, {"role", role}}), admin);
      ASSERT_EQ(t.status, 201) << t.body;
      const std::string bearer = "Bearer " + std::string(t.Json().at("secret").as_string());
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
        checked += 2;
      }
    }
  }
  EXPECT_EQ(checked, 4 * 6 * 5 * 2);
}

}  // namespace
}  // namespace qx::testing
