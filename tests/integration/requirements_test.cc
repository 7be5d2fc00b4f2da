// Requirements over real HTTP: the seeded catalog and profile, browsing and filters, languages,
// import and diff, publication rules, offline verification, and bad OSCAL changing nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string kFixtures = QALXAN_FIXTURES "/catalogs-mini";

json::value ReadJsonFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

class RequirementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto [cookie, csrf] = server_.Login("regulator.admin");
    regulator_ = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
    auto [ocookie, ocsrf] = server_.Login("operator.admin");
    operator_ = {{"Cookie", ocookie}, {"X-CSRF-Token", ocsrf}};
    const auto list = server_.Request("GET", "/api/v1/catalogs", "", regulator_).Json();
    for (const auto& c : list.at("items").as_array()) {
      ids_[std::string(c.at("name").as_string())] = c.at("id").as_int64();
    }
  }
  std::string CatalogPath(const std::string& name, const std::string& rest = "") {
    return "/api/v1/catalogs/" + std::to_string(ids_.at(name)) + rest;
  }
  json::value Catalog() { return ReadJsonFile(kFixtures + "/mini.catalog.json"); }
  std::size_t CatalogCount() {
    return server_.Request("GET", "/api/v1/catalogs", "", regulator_).Json().at("items").as_array().size();
  }

  TestServer server_{16 << 20, kFixtures};
  Headers regulator_, operator_;
  std::map<std::string, std::int64_t> ids_;
};

TEST_F(RequirementsTest, TheShippedContentIsPublishedAtFirstStart) {
  ASSERT_EQ(ids_.size(), 2u);
  const auto catalog = server_.Request("GET", CatalogPath("mini"), "", operator_).Json();
  EXPECT_EQ(catalog.at("kind").as_string(), "catalog");
  EXPECT_EQ(catalog.at("versions").as_array()[0].at("status").as_string(), "published");
  const auto keys = server_.Request("GET", "/api/v1/keys").Json();
  EXPECT_EQ(keys.at("keys").as_array()[0].at("key_id").as_string(),
            catalog.at("versions").as_array()[0].at("signature").at("key_id").as_string());
}

TEST_F(RequirementsTest, RequirementsFilterBySectorCategoryTextAndCheck) {
  auto ids = [&](const std::string& query) {
    std::vector<std::string> out;
    const auto page = server_.Request("GET", CatalogPath("mini", "/versions/latest/requirements" + query), "", operator_).Json();
    for (const auto& r : page.at("items").as_array()) out.emplace_back(r.at("id").as_string());
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{"pol-1", "pol-1.1", "pol-2", "acc-1"}));
  EXPECT_EQ(ids("?sector=finance"), (std::vector<std::string>{"pol-1", "pol-1.1", "acc-1"}));
  EXPECT_EQ(ids("?category=3&sector=oil_and_gas"), (std::vector<std::string>{"pol-1", "pol-1.1", "acc-1"}));
  EXPECT_EQ(ids("?q=PIPELINES"), (std::vector<std::string>{"pol-2"}));
  EXPECT_EQ(ids("?q=t%C9%99hl%C3%BCk%C9%99sizlik"), (std::vector<std::string>{"pol-1"}));  // az text
  EXPECT_EQ(ids("?check=*"), (std::vector<std::string>{"acc-1"}));
  EXPECT_EQ(ids("?limit=2").size(), 2u);
  EXPECT_EQ(server_.Request("GET", CatalogPath("mini", "/versions/latest/requirements?category=7"), "", operator_).status, 400);
}

TEST_F(RequirementsTest, ARevisionCannotReuseThePublishedMetadataVersion) {
  // Other content under metadata.version 1.0.0, which published version 1 already carries.
  json::value doc = Catalog();
  doc.at("catalog").at("groups").as_array()[0].at("controls").as_array()[1].as_object()["title"] =
      "Risk analysis and treatment";
  const json::object body{{"name", "mini"}, {"document", doc}};
  ASSERT_EQ(server_.Request("POST", "/api/v1/catalogs", json::serialize(body), regulator_).status, 201);
  const auto refused = server_.Request("POST", CatalogPath("mini", "/publish"), "", regulator_);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("metadata.version '1.0.0' is already the version of published version 1"),
            std::string::npos)
      << refused.body;
  auto versions = server_.Request("GET", CatalogPath("mini"), "", regulator_).Json().at("versions");
  ASSERT_EQ(versions.as_array().size(), 2u);
  EXPECT_EQ(versions.as_array()[0].at("status").as_string(), "published");
  EXPECT_EQ(versions.as_array()[1].at("status").as_string(), "draft");

  // The same content re-imported (members in another order) is the same version: it may be published.
  json::object reordered;
  const json::value original = Catalog();
  const json::object& catalog = original.at("catalog").as_object();
  for (auto it = catalog.end(); it != catalog.begin();) {
    --it;
    reordered[it->key()] = it->value();
  }
  const json::object same{{"name", "mini"}, {"document", json::object{{"catalog", reordered}}}};
  ASSERT_EQ(server_.Request("POST", "/api/v1/catalogs", json::serialize(same), regulator_).status, 201);
  const auto republished = server_.Request("POST", CatalogPath("mini", "/publish"), "", regulator_);
  EXPECT_EQ(republished.status, 200) << republished.body;

  // A new metadata.version publishes the revision.
  doc.at("catalog").at("metadata").as_object()["version"] = "1.0.1";
  const json::object bumped{{"name", "mini"}, {"document", doc}};
  ASSERT_EQ(server_.Request("POST", "/api/v1/catalogs", json::serialize(bumped), regulator_).status, 201);
  EXPECT_EQ(server_.Request("POST", CatalogPath("mini", "/publish"), "", regulator_).status, 200);
}

// A profile's resolved catalog carries the time of the import that resolved it: the same profile
// imported again later is still the same content, and publishing it is no reuse of its version.
TEST_F(RequirementsTest, AnUnchangedProfileImportedAgainLaterMayBePublished) {
  const json::value profile = ReadJsonFile(kFixtures + "/profiles/mini-ops.profile.json");
  const json::object body{{"name", "mini-ops"}, {"document", profile}};
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a last-modified of its own
  ASSERT_EQ(server_.Request("POST", "/api/v1/catalogs", json::serialize(body), regulator_).status, 201);
  const auto published = server_.Request("POST", CatalogPath("mini-ops", "/publish"), "", regulator_);
  EXPECT_EQ(published.status, 200) << published.body;
}

TEST_F(RequirementsTest, ARequirementReadsInTheChosenLanguageWithFallback) {
  const auto az = server_.Request("GET", CatalogPath("mini", "/versions/1/requirements/pol-1?lang=az"), "", operator_).Json();
  EXPECT_EQ(az.at("control").at("title").as_string(), "Təhlükəsizlik siyasəti");
  const auto en = server_.Request("GET", CatalogPath("mini", "/versions/1/requirements/pol-1?lang=ru"), "", operator_).Json();
  EXPECT_EQ(en.at("control").at("title").as_string(), "Security policy");
  const auto untranslated = server_.Request("GET", CatalogPath("mini", "/versions/1/requirements/acc-1?lang=az"), "", operator_).Json();
  EXPECT_EQ(untranslated.at("control").at("title").as_string(), "SSH root login");
  EXPECT_EQ(server_.Request("GET", CatalogPath("mini", "/versions/1/requirements/zz-9"), "", operator_).status, 404);
}

TEST_F(RequirementsTest, TheProfileIsResolvedWithItsParameters) {
  const auto resolved = server_.Request("GET", CatalogPath("mini-ops", "/versions/latest/oscal"), "", operator_);
  ASSERT_EQ(resolved.status, 200);
  EXPECT_NE(resolved.body.find("\"pol-1\""), std::string::npos);
  EXPECT_EQ(resolved.body.find("\"pol-2\""), std::string::npos);
  EXPECT_NE(resolved.body.find("yearly"), std::string::npos);
}

TEST_F(RequirementsTest, ANewVersionDiffsAgainstThePublishedOne) {
  json::value doc = Catalog();
  auto& groups = doc.at("catalog").at("groups").as_array();
  groups[0].at("controls").as_array()[1].as_object()["title"] = "Risk analysis and treatment";  // pol-2
  groups[1].at("controls").as_array().clear();                                                    // acc-1 gone
  groups[1].at("controls").as_array().push_back(json::parse(
      R"({"id":"acc-2","title":"MFA","parts":[{"id":"acc-2_smt","name":"statement","prose":"MFA."}]})"));
  doc.at("catalog").at("metadata").as_object()["version"] = "1.1.0";
  const json::object body{{"name", "mini"}, {"document", doc}};
  const auto imported = server_.Request("POST", "/api/v1/catalogs", json::serialize(body), regulator_);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.Json().at("version").at("seq").as_int64(), 2);
  EXPECT_EQ(imported.Json().at("version").at("status").as_string(), "draft");

  const auto diff = server_.Request("GET", CatalogPath("mini", "/diff?from=1&to=2"), "", operator_).Json();
  EXPECT_EQ(json::serialize(diff.at("added")), R"(["acc-2"])");
  EXPECT_EQ(json::serialize(diff.at("removed")), R"(["acc-1"])");
  ASSERT_EQ(diff.at("changed").as_array().size(), 1u);
  EXPECT_EQ(diff.at("changed").as_array()[0].at("id").as_string(), "pol-2");
  EXPECT_EQ(json::serialize(diff.at("changed").as_array()[0].at("fields")), R"(["title"])");

  // Only the regulator publishes; the published version 1 stays as it was.
  EXPECT_EQ(server_.Request("POST", CatalogPath("mini", "/publish"), "", operator_).status, 403);
  const auto published = server_.Request("POST", CatalogPath("mini", "/publish"), "", regulator_);
  ASSERT_EQ(published.status, 200) << published.body;
  const auto versions = server_.Request("GET", CatalogPath("mini"), "", regulator_).Json().at("versions");
  EXPECT_EQ(versions.as_array()[0].at("status").as_string(), "superseded");
  EXPECT_EQ(versions.as_array()[1].at("status").as_string(), "published");
  EXPECT_EQ(server_.Request("POST", CatalogPath("mini", "/publish"), "", regulator_).status, 409);
  const auto v1 = server_.Request("GET", CatalogPath("mini", "/versions/1/requirements"), "", operator_).Json();
  EXPECT_EQ(v1.at("items").as_array().size(), 4u);
}

TEST_F(RequirementsTest, BadOscalIsRejectedWithItsPathAndNothingIsImported) {
  const std::size_t before = CatalogCount();
  auto post = [&](const json::value& document, const std::string& name = "broken") {
    const json::object body{{"name", name}, {"document", document}};
    return server_.Request("POST", "/api/v1/catalogs", json::serialize(body), regulator_);
  };
  json::value dup = Catalog();
  dup.at("catalog").at("groups").as_array()[1].at("controls").as_array()[0].as_object()["id"] = "pol-1";
  auto r = post(dup);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("$.catalog.groups[1].controls[0]"), std::string::npos) << r.body;

  json::value no_title = Catalog();
  no_title.at("catalog").at("metadata").as_object().erase("title");
  EXPECT_EQ(post(no_title).status, 400);

  json::value dangling = ReadJsonFile(kFixtures + "/profiles/mini-ops.profile.json");
  dangling.at("profile").at("imports").as_array()[0].at("include-controls").as_array()[0]
      .at("with-ids").as_array().push_back("nope-9");
  r = post(dangling, "broken-profile");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("nope-9"), std::string::npos) << r.body;

  EXPECT_EQ(post(json::parse(R"({"neither": {}})")).status, 400);
  EXPECT_EQ(post(Catalog(), "Bad Name!").status, 400);
  EXPECT_EQ(CatalogCount(), before);
}

// A directive the OSCAL profile resolution specification makes inoperative does not fail the
// import: the profile resolves, and the import and publish answers list what was ignored.
TEST_F(RequirementsTest, ProfileResolutionWarningsAreInTheImportAndPublishAnswers) {
  json::value profile = ReadJsonFile(kFixtures + "/profiles/mini-ops.profile.json");
  profile.at("profile").at("modify").at("set-parameters").as_array().push_back(
      json::object{{"param-id", "nope-prm"}, {"values", json::array{"x"}}});
  // A revision of the published profile: a version of its own (publishing refuses a reused one).
  profile.at("profile").at("metadata").as_object()["version"] = "1.0.1";
  const json::object body{{"name", "mini-ops"}, {"document", profile}};
  const auto imported = server_.Request("POST", "/api/v1/catalogs", json::serialize(body), regulator_);
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(imported.Json().at("requirements").as_int64(), 2);
  const std::string expected =
      R"(["$.profile.modify.set-parameters[1].param-id: no included param 'nope-prm'; )"
      R"(the set-parameter is ignored"])";
  EXPECT_EQ(json::serialize(imported.Json().at("warnings")), expected);
  const auto published = server_.Request("POST", CatalogPath("mini-ops", "/publish"), "", regulator_);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.Json().at("status").as_string(), "published");
  EXPECT_EQ(json::serialize(published.Json().at("warnings")), expected);
  // A catalog has none.
  const json::object catalog{{"name", "mini"}, {"document", Catalog()}};
  const auto plain = server_.Request("POST", "/api/v1/catalogs", json::serialize(catalog), regulator_);
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(json::serialize(plain.Json().at("warnings")), "[]");
}

TEST_F(RequirementsTest, OnlyTheRegulatorWritesGeneralRequirements) {
  const json::object body{{"name", "operator-own"}, {"document", Catalog()}};
  EXPECT_EQ(server_.Request("POST", "/api/v1/catalogs", json::serialize(body), operator_).status, 403);
}

TEST_F(RequirementsTest, SpecialRequirementsAreVisibleToTheirOperatorAndTheRegulatorOnly) {
  const json::object body{{"name", "demo-special"}, {"scope", "special"}, {"document", Catalog()}};
  const auto filed = server_.Request("POST", "/api/v1/catalogs", json::serialize(body), operator_);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto id = filed.Json().at("catalog").at("id").as_int64();
  EXPECT_EQ(filed.Json().at("catalog").at("owner_org").as_int64(), 3);
  const std::string path = "/api/v1/catalogs/" + std::to_string(id);
  EXPECT_EQ(server_.Request("GET", path, "", operator_).status, 200);
  EXPECT_EQ(server_.Request("GET", path, "", regulator_).status, 200);
  auto [pcookie, pcsrf] = server_.Login("provider.admin");
  const Headers provider = {{"Cookie", pcookie}, {"X-CSRF-Token", pcsrf}};
  EXPECT_EQ(server_.Request("GET", path, "", provider).status, 403);
  const auto list = server_.Request("GET", "/api/v1/catalogs", "", provider).Json();
  EXPECT_EQ(list.at("items").as_array().size(), 2u);  // the general ones only
}

TEST_F(RequirementsTest, APublishedVersionVerifiesOfflineAndATamperedOneDoesNot) {
  const auto signed_file = server_.Request("GET", CatalogPath("mini", "/versions/1/signed"), "", operator_);
  ASSERT_EQ(signed_file.status, 200);
  const std::string key(server_.Request("GET", "/api/v1/keys").Json().at("keys").as_array()[0]
                            .at("public_key").as_string());
  const std::string path = server_.data_dir() + "/publication.json";
  std::ofstream(path) << signed_file.body;
  auto [ok_code, ok_out] = server_.Cli("catalog verify " + path + " --public-key " + key);
  EXPECT_EQ(ok_code, 0) << ok_out;
  EXPECT_NE(ok_out.find("valid: \"catalog\" \"mini\""), std::string::npos) << ok_out;

  std::string tampered = signed_file.body;
  tampered.replace(tampered.find("Security policy"), 15, "Security polish");
  std::ofstream(path, std::ios::trunc) << tampered;
  auto [bad_code, bad_out] = server_.Cli("catalog verify " + path + " --public-key " + key);
  EXPECT_EQ(bad_code, 1);
  EXPECT_NE(bad_out.find("digest does not match"), std::string::npos) << bad_out;

  // The right content under another key is refused too.
  std::ofstream(path, std::ios::trunc) << signed_file.body;
  auto [other_code, other_out] = server_.Cli(
      "catalog verify " + path + " --public-key " + std::string(64, 'a'));
  EXPECT_EQ(other_code, 1) << other_out;
}

TEST_F(RequirementsTest, OscalRoundTripsThroughExportAndImport) {
  const auto exported = server_.Request("GET", CatalogPath("mini", "/versions/1/source"), "", regulator_);
  ASSERT_EQ(exported.status, 200);
  const json::object body{{"name", "mini-copy"}, {"document", json::parse(exported.body)}};
  const auto imported = server_.Request("POST", "/api/v1/catalogs", json::serialize(body), regulator_);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const auto id = imported.Json().at("catalog").at("id").as_int64();
  const auto again = server_.Request("GET", "/api/v1/catalogs/" + std::to_string(id) + "/versions/1/source", "", regulator_);
  EXPECT_EQ(json::parse(again.body), json::parse(exported.body));
  EXPECT_EQ(json::parse(exported.body), Catalog());
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

// NIST SP 800-53 as NIST publishes it (an excerpt: AC-1 to AC-3 with enhancements, params with
// select/choice, back-matter): import, export, import again, nothing lost.
TEST(NistRoundTripTest, ImportExportImportKeepsEveryControlParamAndPart) {
  TestServer server(16 << 20);
  auto [cookie, csrf] = server.Login("regulator.admin");
  const std::vector<std::pair<std::string, std::string>> h = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  const json::value original = ReadJsonFile(QALXAN_FIXTURES "/oscal/nist-800-53-excerpt.catalog.json");
  auto first = server.Request("POST", "/api/v1/catalogs",
                              json::serialize(json::object{{"name", "nist-800-53-excerpt"}, {"document", original}}), h);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json().at("requirements").as_int64(), 31);
  const std::string id = std::to_string(first.Json().at("catalog").at("id").as_int64());
  const auto exported = server.Request("GET", "/api/v1/catalogs/" + id + "/versions/1/source", "", h);
  EXPECT_EQ(json::parse(exported.body), original);
  auto second = server.Request("POST", "/api/v1/catalogs",
                               json::serialize(json::object{{"name", "nist-copy"}, {"document", json::parse(exported.body)}}), h);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.Json().at("requirements").as_int64(), 31);

  // The NIST profile resolves against it: two controls, the parameter set.
  const json::value profile = ReadJsonFile(QALXAN_FIXTURES "/oscal/nist-excerpt.profile.json");
  auto resolved = server.Request("POST", "/api/v1/catalogs",
                                 json::serialize(json::object{{"name", "nist-excerpt"}, {"document", profile}}), h);
  ASSERT_EQ(resolved.status, 201) << resolved.body;
  EXPECT_EQ(resolved.Json().at("requirements").as_int64(), 2);
  const std::string pid = std::to_string(resolved.Json().at("catalog").at("id").as_int64());
  const auto rows = server.Request("GET", "/api/v1/catalogs/" + pid + "/versions/latest/requirements", "", h).Json();
  ASSERT_EQ(rows.at("items").as_array().size(), 2u);
  EXPECT_EQ(rows.at("items").as_array()[0].at("id").as_string(), "ac-1");
  EXPECT_EQ(rows.at("items").as_array()[1].at("id").as_string(), "ac-2");
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

TEST(CatalogListTest, ListsCarryTheirLatestVersionAndFilterByKind) {
  TestServer server(16 << 20, QALXAN_FIXTURES "/catalogs-mini");
  auto [cookie, csrf] = server.Login("operator.admin");
  const std::vector<std::pair<std::string, std::string>> h = {{"Cookie", cookie}};
  const auto profiles = server.Request("GET", "/api/v1/catalogs?kind=profile", "", h).Json();
  ASSERT_EQ(profiles.at("items").as_array().size(), 1u);
  const auto& item = profiles.at("items").as_array()[0];
  EXPECT_EQ(item.at("name").as_string(), "mini-ops");
  EXPECT_EQ(item.at("latest").at("status").as_string(), "published");
  EXPECT_EQ(server.Request("GET", "/api/v1/catalogs?kind=everything", "", h).status, 400);
}

TEST(CatalogListTest, SearchFoldsAzerbaijaniCase) {
  TestServer server(16 << 20, QALXAN_FIXTURES "/catalogs-mini");
  auto [cookie, csrf] = server.Login("operator.admin");
  const std::vector<std::pair<std::string, std::string>> h = {{"Cookie", cookie}};
  // "TƏHLÜKƏSİZLİK" in capitals finds "Təhlükəsizlik siyasəti".
  const auto rows = server.Request("GET", "/api/v1/catalogs/1/versions/latest/requirements?q=T%C6%8FHL%C3%9CK%C6%8FS%C4%B0ZL%C4%B0K", "", h).Json();
  ASSERT_EQ(rows.at("items").as_array().size(), 1u);
  EXPECT_EQ(rows.at("items").as_array()[0].at("id").as_string(), "pol-1");
}

}  // namespace
}  // namespace qx::testing
