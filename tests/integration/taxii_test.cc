// TAXII 2.1 over real HTTP: negotiation, authentication, collections per audience, envelopes,
// paging, filters, versions, manifest, delete, status, and TLP 2.0 on every read.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <tuple>

#include <unistd.h>

#include "qx/crypto/signing.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kTaxii[] = "application/taxii+json;version=2.1";
constexpr char kAmberStrict[] = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
constexpr char kRed[] = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
constexpr char kGreen[] = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
constexpr char kAmber[] = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";

Headers Basic(const std::string& user) {
  return {{"Authorization", "Basic " + crypto::Base64Encode(user + ":" + kBootstrapPassword)},
          {"Accept", kTaxii}};
}

std::string Uuid(int n) { return fmt::format("6ba7b810-9dad-41d1-80b4-{:012d}", n); }

json::object Indicator(int n, const std::string& ip, const std::string& modified = "2026-11-01T00:00:00.000Z") {
  return {{"type", "indicator"},
          {"spec_version", "2.1"},
          {"id", "indicator--" + Uuid(n)},
          {"created", "2026-11-01T00:00:00.000Z"},
          {"modified", modified},
          {"name", fmt::format("C2 server {}", n)},
          {"pattern", fmt::format("[ipv4-addr:value = '{}']", ip)},
          {"pattern_type", "stix"},
          {"valid_from", "2026-11-01T00:00:00Z"},
          {"object_marking_refs", json::array{kGreen}}};  // shared with the community
}

// The id of the collection titled `title`, as `user` lists them.
std::string CollectionId(const TestServer& server, const std::string& user, const std::string& title) {
  const auto list = server.Request("GET", "/taxii2/qalxan/collections/", "", Basic(user)).Json();
  for (const auto& c : list.at("collections").as_array()) {
    if (c.at("title").as_string() == title) return std::string(c.at("id").as_string());
  }
  ADD_FAILURE() << "no collection " << title;
  return "";
}

class TaxiiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto collections = Get("/taxii2/qalxan/collections/", "operator.admin").Json();
    for (const auto& c : collections.at("collections").as_array()) {
      ids_[std::string(c.at("title").as_string())] = std::string(c.at("id").as_string());
    }
    national_ = "/taxii2/qalxan/collections/" + ids_.at("National") + "/";
  }
  HttpResult Get(const std::string& path, const std::string& user) {
    return server_.Request("GET", path, "", Basic(user));
  }
  HttpResult Post(const std::string& path, const std::string& user, const json::array& objects) {
    Headers h = Basic(user);
    h.emplace_back("Content-Type", kTaxii);
    return server_.Request("POST", path, json::serialize(json::object{{"objects", objects}}), h);
  }
  std::vector<std::string> ObjectIds(const std::string& user, const std::string& query = "") {
    const auto r = Get(national_ + "objects/" + query, user);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const auto body = r.Json();
    if (const auto* objects = body.as_object().if_contains("objects")) {
      for (const auto& o : objects->as_array()) out.emplace_back(o.at("id").as_string());
    }
    return out;
  }

  TestServer server_;
  std::map<std::string, std::string> ids_;
  std::string national_;
};

TEST_F(TaxiiTest, DiscoveryNegotiatesAndAuthenticates) {
  const auto discovery = Get("/taxii2/", "cert.admin");
  ASSERT_EQ(discovery.status, 200) << discovery.body;
  EXPECT_EQ(discovery.Header("Content-Type"), kTaxii);
  EXPECT_EQ(discovery.Json().at("api_roots").as_array()[0].as_string(), "/taxii2/qalxan/");
  const auto root = Get("/taxii2/qalxan/", "cert.admin").Json();
  EXPECT_EQ(root.at("versions").as_array()[0].as_string(), kTaxii);

  const auto anonymous = server_.Request("GET", "/taxii2/", "", {{"Accept", kTaxii}});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.Header("Content-Type"), kTaxii);
  EXPECT_NE(anonymous.Header("WWW-Authenticate").find("Basic"), std::string::npos);
  EXPECT_EQ(anonymous.Json().at("http_status").as_string(), "401");

  Headers xml = Basic("cert.admin");
  xml[1].second = "application/xml";
  EXPECT_EQ(server_.Request("GET", "/taxii2/", "", xml).status, 406);
  Headers wrong = Basic("cert.admin");
  wrong[0].second = "Basic " + crypto::Base64Encode("cert.admin:wrong-password");
  EXPECT_EQ(server_.Request("GET", "/taxii2/", "", wrong).status, 401);
}

TEST_F(TaxiiTest, CollectionsFollowTheAudience) {
  const auto op = Get("/taxii2/qalxan/collections", "operator.admin").Json();
  std::map<std::string, std::pair<bool, bool>> access;
  for (const auto& c : op.at("collections").as_array()) {
    access[std::string(c.at("title").as_string())] = {c.at("can_read").as_bool(), c.at("can_write").as_bool()};
  }
  EXPECT_EQ(access.at("National"), std::make_pair(true, true));
  EXPECT_EQ(access.at("Sector: oil_and_gas"), std::make_pair(true, true));
  EXPECT_EQ(access.at("CERT inbox"), std::make_pair(false, true));
  EXPECT_FALSE(access.count("Sector: finance"));
  EXPECT_EQ(access.at("Private: Demo Oil & Gas Operator"), std::make_pair(true, true));

  const std::string inbox = "/taxii2/qalxan/collections/" + ids_.at("CERT inbox") + "/objects/";
  EXPECT_EQ(Get(inbox, "operator.admin").status, 403);
  EXPECT_EQ(Get(inbox, "cert.admin").status, 200);
  EXPECT_EQ(Get("/taxii2/qalxan/collections/" + Uuid(999) + "/", "operator.admin").status, 404);
}

TEST_F(TaxiiTest, PostValidatesEachObjectAndReportsStatus) {
  json::object broken = Indicator(3, "10.0.0.3");
  broken["pattern"] = "[ipv4-addr:value = ";
  const auto r = Post(national_ + "objects/", "operator.admin",
                      {Indicator(1, "10.0.0.1"), Indicator(2, "10.0.0.2"), broken});
  ASSERT_EQ(r.status, 202) << r.body;
  const auto status = r.Json();
  EXPECT_EQ(status.at("status").as_string(), "complete");
  EXPECT_EQ(status.at("success_count").as_int64(), 2);
  EXPECT_EQ(status.at("failure_count").as_int64(), 1);
  EXPECT_EQ(status.at("failures").as_array()[0].at("id").as_string(), "indicator--" + Uuid(3));
  const auto again = Get("/taxii2/qalxan/status/" + std::string(status.at("id").as_string()) + "/", "operator.admin");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(Get("/taxii2/qalxan/status/" + std::string(status.at("id").as_string()), "cert.admin").status, 404);

  Headers json_type = Basic("operator.admin");
  json_type.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(server_.Request("POST", national_ + "objects/", "{\"objects\":[]}", json_type).status, 415);
  EXPECT_EQ(Post(national_ + "objects/", "operator.admin", {}).status, 202);
  Headers taxii = Basic("operator.admin");
  taxii.emplace_back("Content-Type", kTaxii);
  // TAXII 2.1 5.5: a malformed body is 422 Unprocessable Entity, in the TAXII error shape.
  const auto malformed = server_.Request("POST", national_ + "objects/", "{not json", taxii);
  EXPECT_EQ(malformed.status, 422);
  EXPECT_EQ(malformed.Header("Content-Type"), kTaxii);
  EXPECT_EQ(server_.Request("POST", national_ + "objects/", "{\"envelope\": 1}", taxii).status, 422);
}

// TAXII 2.1 4.3.1: every status-details entry has id and version (modified, else created);
// 5.5: an exact duplicate is not an error.
TEST_F(TaxiiTest, StatusDetailsCarryVersionsAndExactDuplicatesSucceed) {
  json::object broken = Indicator(82, "10.0.8.2", "2026-11-03T00:00:00.000Z");
  broken["pattern"] = "[ipv4-addr:value = ";
  json::object unversioned{{"type", "indicator"}, {"id", "indicator--" + Uuid(83)}};  // fails validation
  const auto r = Post(national_ + "objects/", "operator.admin", {Indicator(81, "10.0.8.1"), broken, unversioned});
  ASSERT_EQ(r.status, 202) << r.body;
  const auto status = r.Json();
  ASSERT_EQ(status.at("success_count").as_int64(), 1) << r.body;
  ASSERT_EQ(status.at("failure_count").as_int64(), 2) << r.body;
  EXPECT_EQ(status.at("successes").as_array()[0].at("version").as_string(), "2026-11-01T00:00:00.000Z");
  const auto& failures = status.at("failures").as_array();
  ASSERT_NE(failures[0].as_object().if_contains("version"), nullptr) << r.body;
  EXPECT_EQ(failures[0].at("version").as_string(), "2026-11-03T00:00:00.000Z");
  // No timestamp at all: the request time stands in.
  ASSERT_NE(failures[1].as_object().if_contains("version"), nullptr) << r.body;
  EXPECT_EQ(failures[1].at("version"), status.at("request_timestamp"));

  // The same object again is a success; the same version with other content is not.
  const auto again = Post(national_ + "objects/", "operator.admin", {Indicator(81, "10.0.8.1")}).Json();
  EXPECT_EQ(again.at("success_count").as_int64(), 1) << json::serialize(again);
  EXPECT_EQ(again.at("failure_count").as_int64(), 0) << json::serialize(again);
  EXPECT_EQ(again.at("successes").as_array()[0].at("version").as_string(), "2026-11-01T00:00:00.000Z");
  const auto changed = Post(national_ + "objects/", "operator.admin", {Indicator(81, "10.0.8.99")}).Json();
  EXPECT_EQ(changed.at("failure_count").as_int64(), 1) << json::serialize(changed);
  EXPECT_EQ(ObjectIds("cert.admin", "?match[id]=indicator--" + Uuid(81) + "&match[version]=all").size(), 1u);

  // Pending entries carry their version too (a POST large enough to go to the background).
  json::array many;
  for (int i = 0; i < 501; ++i) many.push_back(Indicator(3000 + i, fmt::format("10.8.{}.{}", i / 250, i % 250)));
  const auto pending = Post(national_ + "objects/", "operator.admin", many).Json();
  ASSERT_EQ(pending.at("status").as_string(), "pending") << json::serialize(pending).substr(0, 300);
  for (const auto& p : pending.at("pendings").as_array()) {
    ASSERT_EQ(p.at("version").as_string(), "2026-11-01T00:00:00.000Z");
  }
}

// STIX versioning: only the object's creator may version it. Another organisation that may write
// the collection can neither change nor revoke it (a later `modified`, or the same one with other
// content); readers keep being served the producer's last version.
TEST_F(TaxiiTest, OnlyTheProducerMayVersionAnObject) {
  const std::string objects = national_ + "objects/";
  const std::string id = "indicator--" + Uuid(91);
  ASSERT_EQ(Post(objects, "operator.admin", {Indicator(91, "10.0.9.1")}).Json().at("success_count").as_int64(), 1);

  json::object revoked = Indicator(91, "10.0.9.1", "2026-11-05T00:00:00.000Z");
  revoked["revoked"] = true;
  const auto impostor =
      Post(objects, "provider.admin", {revoked, Indicator(91, "10.0.9.66"), Indicator(92, "10.0.9.2")}).Json();
  ASSERT_EQ(impostor.at("success_count").as_int64(), 1) << json::serialize(impostor);  // its own object
  EXPECT_EQ(impostor.at("successes").as_array()[0].at("id").as_string(), "indicator--" + Uuid(92));
  ASSERT_EQ(impostor.at("failure_count").as_int64(), 2) << json::serialize(impostor);
  for (const auto& f : impostor.at("failures").as_array()) {
    EXPECT_EQ(f.at("id").as_string(), id);
    EXPECT_NE(std::string(f.at("message").as_string()).find("only its producer may version it"), std::string::npos)
        << json::serialize(f);
  }
  // An exact copy of what the poster may read changes nothing: still a success.
  const auto copy = Post(objects, "provider.admin", {Indicator(91, "10.0.9.1")}).Json();
  EXPECT_EQ(copy.at("success_count").as_int64(), 1) << json::serialize(copy);

  // The producer's own new version is accepted, and is what every reader gets as the last.
  const auto own = Post(objects, "operator.admin", {Indicator(91, "10.0.9.3", "2026-11-04T00:00:00.000Z")}).Json();
  EXPECT_EQ(own.at("success_count").as_int64(), 1) << json::serialize(own);
  for (const std::string reader : {"cert.admin", "provider.admin", "operator.admin"}) {
    const auto last = Get(objects + id + "/", reader).Json();
    ASSERT_EQ(last.at("objects").as_array().size(), 1u) << reader;
    const auto& o = last.at("objects").as_array()[0].as_object();
    EXPECT_EQ(o.at("modified").as_string(), "2026-11-04T00:00:00.000Z") << reader;
    EXPECT_EQ(o.at("pattern").as_string(), "[ipv4-addr:value = '10.0.9.3']") << reader;
    EXPECT_EQ(o.if_contains("revoked"), nullptr) << reader;
  }
  EXPECT_EQ(json::serialize(Get(objects + id + "/versions/", "cert.admin").Json().at("versions")),
            R"(["2026-11-01T00:00:00.000Z","2026-11-04T00:00:00.000Z"])");

  // Each collection keeps its own versions: the same id in the poster's own collection is its
  // object there (and the answer says nothing about collections it cannot see).
  std::string private_collection;
  const auto listed = Get("/taxii2/qalxan/collections/", "provider.admin").Json();
  for (const auto& c : listed.at("collections").as_array()) {
    if (c.at("title").as_string().starts_with("Private: ")) private_collection = std::string(c.at("id").as_string());
  }
  ASSERT_FALSE(private_collection.empty());
  const auto elsewhere =
      Post("/taxii2/qalxan/collections/" + private_collection + "/objects/", "provider.admin", {revoked}).Json();
  EXPECT_EQ(elsewhere.at("success_count").as_int64(), 1) << json::serialize(elsewhere);
  EXPECT_EQ(Get(objects + id + "/", "cert.admin").Json().at("objects").as_array()[0].at("modified").as_string(),
            "2026-11-04T00:00:00.000Z");
}

// The CERT inbox is write-only for everyone but the CERT. Another organisation posting an id
// used there gets the answer a fresh object gets (a success with id and version), whatever it
// sent (an exact copy, other content, a later revoking version): anything else would tell it that
// the id exists and another organisation reported it. What it sent is discarded: the CERT still
// reads only the producer's versions.
TEST_F(TaxiiTest, TheCertInboxAnswersAnotherOrganisationAsForAFreshObject) {
  const std::string inbox = "/taxii2/qalxan/collections/" + ids_.at("CERT inbox") + "/objects/";
  const std::string id = "indicator--" + Uuid(95);
  ASSERT_EQ(Post(inbox, "operator.admin", {Indicator(95, "10.0.9.5")}).Json().at("success_count").as_int64(), 1);

  json::object later = Indicator(95, "10.0.9.5", "2026-11-06T00:00:00.000Z");
  later["revoked"] = true;
  const auto r = Post(inbox, "provider.admin", {Indicator(95, "10.0.9.5"), Indicator(95, "10.0.9.77"), later}).Json();
  EXPECT_EQ(r.at("failure_count").as_int64(), 0) << json::serialize(r);
  ASSERT_EQ(r.at("success_count").as_int64(), 3) << json::serialize(r);
  const auto& successes = r.at("successes").as_array();
  const std::vector<std::string> versions{"2026-11-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z",
                                          "2026-11-06T00:00:00.000Z"};
  for (size_t k = 0; k < successes.size(); ++k) {
    EXPECT_EQ(successes[k].at("id").as_string(), id);
    EXPECT_EQ(successes[k].at("version").as_string(), versions[k]);
    EXPECT_EQ(successes[k].as_object().size(), 2u) << json::serialize(successes[k]);  // id, version
  }
  // The very shape a fresh object gets.
  const auto fresh = Post(inbox, "provider.admin", {Indicator(96, "10.0.9.7")}).Json();
  ASSERT_EQ(fresh.at("success_count").as_int64(), 1) << json::serialize(fresh);
  EXPECT_EQ(fresh.at("successes").as_array()[0].as_object().size(), 2u);

  // The producer still versions its own report; the CERT reads only the producer's versions
  // (not the other organisation's revocation, though it is the latest `modified`).
  EXPECT_EQ(Post(inbox, "operator.admin", {Indicator(95, "10.0.9.6", "2026-11-03T00:00:00.000Z")})
                .Json().at("success_count").as_int64(), 1);
  const std::string object = "/taxii2/qalxan/collections/" + ids_.at("CERT inbox") + "/objects/" + id + "/";
  const auto last = Get(object, "cert.admin").Json();
  ASSERT_EQ(last.at("objects").as_array().size(), 1u);
  EXPECT_EQ(last.at("objects").as_array()[0].at("pattern").as_string(), "[ipv4-addr:value = '10.0.9.6']");
  EXPECT_EQ(last.at("objects").as_array()[0].as_object().if_contains("revoked"), nullptr);
  EXPECT_EQ(json::serialize(Get(object + "versions/", "cert.admin").Json().at("versions")),
            R"(["2026-11-01T00:00:00.000Z","2026-11-03T00:00:00.000Z"])");
  // The other organisation's fresh object is stored as usual.
  EXPECT_EQ(Get(inbox + "indicator--" + Uuid(96) + "/", "cert.admin").status, 200);
}

// Where TLP hides every stored version from the poster, the answer is that of a fresh object too,
// and nothing is stored: the producer's object stays as it was.
TEST_F(TaxiiTest, AnObjectHiddenByTlpIsAnsweredAsIfFresh) {
  const std::string objects = national_ + "objects/";
  const std::string id = "indicator--" + Uuid(97);
  json::object red = Indicator(97, "10.0.9.8");
  red["object_marking_refs"] = json::array{kRed};  // no recipients: the provider cannot read it
  ASSERT_EQ(Post(objects, "operator.admin", {red}).Json().at("success_count").as_int64(), 1);
  ASSERT_EQ(Get(objects + id + "/", "provider.admin").status, 404);

  json::object later = Indicator(97, "10.0.9.8", "2026-11-07T00:00:00.000Z");
  later["revoked"] = true;
  const auto r = Post(objects, "provider.admin", {later, Indicator(97, "10.0.9.99")}).Json();
  EXPECT_EQ(r.at("failure_count").as_int64(), 0) << json::serialize(r);
  ASSERT_EQ(r.at("success_count").as_int64(), 2) << json::serialize(r);
  EXPECT_EQ(r.at("successes").as_array()[0].at("version").as_string(), "2026-11-07T00:00:00.000Z");
  EXPECT_EQ(r.at("successes").as_array()[0].as_object().size(), 2u);

  // Discarded: the producer reads only its own version, and the poster does not see its post.
  EXPECT_EQ(json::serialize(Get(objects + id + "/versions/", "operator.admin").Json().at("versions")),
            R"(["2026-11-01T00:00:00.000Z"])");
  EXPECT_EQ(Get(objects + id + "/", "provider.admin").status, 404);
}

// Cyber-observables have no `modified` and are not versioned (STIX 2.1 section 3.6); their ids
// are deterministic (UUIDv5 of the value), so two organisations reporting the same address post
// the same id. Both are stored, in a collection they read and in the CERT inbox alike.
TEST_F(TaxiiTest, TwoOrganisationsMayPostTheSameObservable) {
  // UUIDv5 in the STIX namespace of {"value":"10.1.2.3"}.
  const json::object address{{"type", "ipv4-addr"},
                             {"spec_version", "2.1"},
                             {"id", "ipv4-addr--3bd0640e-45ad-5019-a7eb-d3a6da393f89"},
                             {"value", "10.1.2.3"},
                             {"object_marking_refs", json::array{kGreen}}};
  const std::string id(address.at("id").as_string());
  for (const std::string collection : {"National", "CERT inbox"}) {
    const std::string objects = "/taxii2/qalxan/collections/" + ids_.at(collection) + "/objects/";
    for (const std::string poster : {"operator.admin", "provider.admin"}) {
      const auto r = Post(objects, poster, {address}).Json();
      EXPECT_EQ(r.at("success_count").as_int64(), 1) << collection << " " << poster << " " << json::serialize(r);
      EXPECT_EQ(r.at("failure_count").as_int64(), 0) << collection << " " << poster << " " << json::serialize(r);
    }
    // Stored as before producers were checked: each post is a version (of its date_added).
    const auto versions = Get(objects + id + "/versions/", "cert.admin");
    ASSERT_EQ(versions.status, 200) << collection << " " << versions.body;
    EXPECT_EQ(versions.Json().at("versions").as_array().size(), 2u) << collection << " " << versions.body;
  }
}

// TAXII 2.1 3.4: a parameter twice, `all` with other versions, a version keyword twice: 400.
TEST_F(TaxiiTest, MalformedQueriesAre400) {
  for (const std::string query : {"?added_after=2026-01-01T00:00:00Z&added_after=2026-01-02T00:00:00Z",
                                  "?match[type]=indicator&match[type]=malware", "?match[version]=all,last",
                                  "?match[version]=last,last", "?limit=1&limit=2"}) {
    const auto r = Get(national_ + "objects/" + query, "cert.admin");
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(r.Header("Content-Type"), kTaxii) << query;
  }
  EXPECT_EQ(Get(national_ + "manifest/?match[version]=first&match[version]=last", "cert.admin").status, 400);
}

// TAXII 2.1 5.6/5.8: an object that exists, with filters that exclude every version, is an empty
// envelope (200), not 404; 3.2: every 200 of objects, object, versions and manifest carries
// X-TAXII-Date-Added-First/Last, an empty page too (see docs/api.md for the values then).
TEST_F(TaxiiTest, EmptyAnswersAreEnvelopesWithDateHeaders) {
  ASSERT_EQ(Post(national_ + "objects/", "operator.admin", {Indicator(71, "10.0.7.1")}).status, 202);
  const std::string object = national_ + "objects/indicator--" + Uuid(71) + "/";
  for (const std::string path : {object + "?match[version]=2026-10-01T00:00:00.000Z",
                                 object + "?added_after=2030-01-01T00:00:00Z",
                                 object + "versions/?added_after=2030-01-01T00:00:00Z",
                                 object + "versions/?match[spec_version]=2.0"}) {
    const auto r = Get(path, "cert.admin");
    ASSERT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_EQ(r.Header("Content-Type"), kTaxii);
    const auto body = r.Json();
    EXPECT_FALSE(body.at("more").as_bool());
    EXPECT_EQ(body.as_object().if_contains("objects"), nullptr) << path;
    EXPECT_EQ(body.as_object().if_contains("versions"), nullptr) << path;
    EXPECT_FALSE(r.Header("X-TAXII-Date-Added-First").empty()) << path;
    EXPECT_FALSE(r.Header("X-TAXII-Date-Added-Last").empty()) << path;
  }
  EXPECT_EQ(Get(national_ + "objects/indicator--" + Uuid(72) + "/", "cert.admin").status, 404);
  EXPECT_EQ(Get(national_ + "objects/indicator--" + Uuid(72) + "/versions/", "cert.admin").status, 404);

  // Empty pages: added_after echoed; without it, the Unix epoch (the start of the window).
  for (const std::string path : {national_ + "objects/?added_after=2030-01-01T00:00:00Z",
                                 national_ + "manifest/?added_after=2030-01-01T00:00:00Z"}) {
    const auto r = Get(path, "cert.admin");
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("X-TAXII-Date-Added-First"), "2030-01-01T00:00:00.000000Z") << path;
    EXPECT_EQ(r.Header("X-TAXII-Date-Added-Last"), "2030-01-01T00:00:00.000000Z") << path;
  }
  const std::string empty = "/taxii2/qalxan/collections/" + ids_.at("Sector: oil_and_gas") + "/";
  for (const std::string path : {empty + "objects/", empty + "manifest/"}) {
    const auto r = Get(path, "operator.admin");
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("X-TAXII-Date-Added-First"), "1970-01-01T00:00:00.000000Z") << path;
    EXPECT_EQ(r.Header("X-TAXII-Date-Added-Last"), "1970-01-01T00:00:00.000000Z") << path;
  }
}

// RFC 7235 3.1: a 401 carries a challenge; for the dashboard's session cookie one browsers do not
// prompt for (Bearer), never Basic.
TEST_F(TaxiiTest, ASessionCookie401HasABearerChallenge) {
  const auto r = server_.Request("GET", "/taxii2/qalxan/collections/", "",
                                 {{"Cookie", "qx_session=expired-or-forged"}, {"Accept", kTaxii}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Header("Content-Type"), kTaxii);
  EXPECT_NE(r.Header("WWW-Authenticate").find("Bearer"), std::string::npos) << r.Header("WWW-Authenticate");
  EXPECT_EQ(r.Header("WWW-Authenticate").find("Basic"), std::string::npos);
}

TEST_F(TaxiiTest, PagesCarryMoreNextAndDateHeaders) {
  json::array objects;
  for (int i = 1; i <= 5; ++i) objects.push_back(Indicator(i, fmt::format("10.0.0.{}", i)));
  ASSERT_EQ(Post(national_ + "objects/", "operator.admin", objects).status, 202);
  std::vector<std::string> seen;
  std::string query = "?limit=2";
  for (int pages = 0; pages < 5; ++pages) {
    const auto r = Get(national_ + "objects/" + query, "provider.admin");
    ASSERT_EQ(r.status, 200);
    EXPECT_FALSE(r.Header("X-TAXII-Date-Added-First").empty());
    EXPECT_FALSE(r.Header("X-TAXII-Date-Added-Last").empty());
    const auto body = r.Json();
    for (const auto& o : body.at("objects").as_array()) seen.emplace_back(o.at("id").as_string());
    if (!body.at("more").as_bool()) break;
    query = "?limit=2&next=" + std::string(body.at("next").as_string());
  }
  EXPECT_EQ(seen.size(), 5u);
  // added_after the last page's newest object finds nothing new; before it, the rest.
  const auto all = Get(national_ + "objects/?limit=2", "provider.admin");
  const std::string last = all.Header("X-TAXII-Date-Added-Last");
  EXPECT_EQ(ObjectIds("provider.admin", "?added_after=" + last).size(), 3u);
  EXPECT_EQ(Get(national_ + "objects/?next=bogus", "provider.admin").status, 400);
  EXPECT_EQ(Get(national_ + "objects/?added_after=yesterday", "provider.admin").status, 400);
}

TEST_F(TaxiiTest, VersionsManifestFiltersAndDelete) {
  ASSERT_EQ(Post(national_ + "objects/", "operator.admin", {Indicator(7, "10.0.0.7")}).status, 202);
  ASSERT_EQ(Post(national_ + "objects/", "operator.admin",
                 {Indicator(7, "10.0.0.7", "2026-11-02T00:00:00.000Z")}).status, 202);
  const std::string object = national_ + "objects/indicator--" + Uuid(7) + "/";
  const auto latest = Get(object, "cert.admin").Json();
  ASSERT_EQ(latest.at("objects").as_array().size(), 1u);
  EXPECT_EQ(latest.at("objects").as_array()[0].at("modified").as_string(), "2026-11-02T00:00:00.000Z");
  EXPECT_EQ(Get(object + "?match[version]=all", "cert.admin").Json().at("objects").as_array().size(), 2u);
  EXPECT_EQ(Get(object + "?match[version]=first", "cert.admin").Json().at("objects").as_array()[0]
                .at("modified").as_string(), "2026-11-01T00:00:00.000Z");
  const auto versions = Get(object + "versions/", "cert.admin").Json();
  EXPECT_EQ(json::serialize(versions.at("versions")),
            R"(["2026-11-01T00:00:00.000Z","2026-11-02T00:00:00.000Z"])");
  const auto manifest = Get(national_ + "manifest/", "cert.admin").Json();
  EXPECT_EQ(manifest.at("objects").as_array()[0].at("media_type").as_string(), "application/stix+json;version=2.1");

  EXPECT_EQ(ObjectIds("cert.admin", "?match[type]=malware,indicator").size(), 1u);
  EXPECT_TRUE(ObjectIds("cert.admin", "?match[type]=malware").empty());
  EXPECT_EQ(ObjectIds("cert.admin", "?match[id]=indicator--" + Uuid(7)).size(), 1u);

  EXPECT_EQ(server_.Request("DELETE", object, "", Basic("cert.admin")).status, 403);
  EXPECT_EQ(server_.Request("DELETE", object, "", Basic("operator.admin")).status, 200);
  EXPECT_EQ(Get(object, "cert.admin").status, 404);
}

TEST_F(TaxiiTest, TlpDecidesEveryRead) {
  json::object strict = Indicator(11, "10.1.1.1");
  strict["object_marking_refs"] = json::array{kAmberStrict};
  json::object red = Indicator(12, "10.1.1.2");
  red["object_marking_refs"] = json::array{kRed};
  red["x_qalxan_recipients"] = json::array{4};  // the demo provider
  ASSERT_EQ(Post(national_ + "objects/", "operator.admin", {strict, red, Indicator(13, "10.1.1.3")}).status, 202);

  EXPECT_EQ(ObjectIds("operator.admin").size(), 3u);  // the producer sees all
  EXPECT_EQ(ObjectIds("provider.admin"), (std::vector<std::string>{"indicator--" + Uuid(12), "indicator--" + Uuid(13)}));
  EXPECT_EQ(ObjectIds("cert.admin"), (std::vector<std::string>{"indicator--" + Uuid(13)}));
  // The hidden object is hidden on every path: object, versions, manifest, and in `more`.
  EXPECT_EQ(Get(national_ + "objects/indicator--" + Uuid(11) + "/", "cert.admin").status, 404);
  EXPECT_EQ(Get(national_ + "objects/indicator--" + Uuid(11) + "/versions/", "cert.admin").status, 404);
  const auto manifest = Get(national_ + "manifest/?limit=1", "cert.admin").Json();
  EXPECT_FALSE(manifest.at("more").as_bool());
}

TEST_F(TaxiiTest, AGranularTlpMarkingRestrictsTheWholeObject) {
  // STIX 2.1 section 7.2.3: a granular marking_ref to TLP:RED on the pattern makes the object
  // RED to whoever it is served, whatever its object-level marking says.
  json::object granular = Indicator(14, "10.1.1.4");
  granular["granular_markings"] =
      json::array{json::object{{"marking_ref", kRed}, {"selectors", json::array{"pattern"}}}};
  json::object amber_part = Indicator(15, "10.1.1.5");
  amber_part["granular_markings"] = json::array{
      json::object{{"marking_ref", kAmber}, {"selectors", json::array{"name"}}},
      json::object{{"lang", "en"}, {"selectors", json::array{"name"}}}};
  json::object named = Indicator(16, "10.1.1.6");
  named["granular_markings"] =
      json::array{json::object{{"marking_ref", kRed}, {"selectors", json::array{"pattern"}}}};
  named["x_qalxan_recipients"] = json::array{4};  // RED for the demo provider
  const auto r = Post(national_ + "objects/", "operator.admin", {granular, amber_part, named});
  ASSERT_EQ(r.status, 202) << r.body;
  ASSERT_EQ(r.Json().at("success_count").as_int64(), 3) << r.body;

  EXPECT_EQ(ObjectIds("operator.admin").size(), 3u);  // the producer sees all
  EXPECT_TRUE(ObjectIds("cert.admin").empty());
  EXPECT_EQ(ObjectIds("provider.admin"), (std::vector<std::string>{"indicator--" + Uuid(16)}));
  EXPECT_EQ(Get(national_ + "objects/indicator--" + Uuid(14) + "/", "regulator.admin").status, 404);
  // The dashboard's search tells the level it decided.
  auto [cookie, csrf] = server_.Login("operator.admin");
  const auto found = server_.Request("GET", "/api/v1/intel/search?collection=" + ids_.at("National") + "&q=10.1.1.",
                                     "", {{"Cookie", cookie}}).Json();
  std::map<std::string, std::string> tlp;
  for (const auto& item : found.at("items").as_array()) {
    tlp[std::string(item.at("object").at("id").as_string())] = std::string(item.at("tlp").as_string());
  }
  EXPECT_EQ(tlp["indicator--" + Uuid(14)], "red");
  EXPECT_EQ(tlp["indicator--" + Uuid(15)], "amber");
  EXPECT_EQ(tlp["indicator--" + Uuid(16)], "red");
}

TEST_F(TaxiiTest, AnObjectWithoutATlpMarkingIsAmber) {
  json::object unmarked = Indicator(17, "10.1.1.7");
  unmarked.erase("object_marking_refs");
  json::object statement_only = Indicator(18, "10.1.1.8");
  // A marking that is not TLP (a statement) leaves the object unmarked as far as TLP goes.
  statement_only["object_marking_refs"] = json::array{"marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"};
  json::object named = Indicator(19, "10.1.1.9");
  named.erase("object_marking_refs");
  named["x_qalxan_recipients"] = json::array{4};
  ASSERT_EQ(Post(national_ + "objects/", "operator.admin", {unmarked, statement_only, named}).status, 202);
  EXPECT_EQ(ObjectIds("operator.admin").size(), 3u);
  EXPECT_TRUE(ObjectIds("cert.admin").empty());
  EXPECT_EQ(ObjectIds("provider.admin"), (std::vector<std::string>{"indicator--" + Uuid(19)}));
}

TEST_F(TaxiiTest, DeleteNeedsReadAndWriteAccessToTheCollection) {
  // TAXII 2.1 section 5.7: the CERT inbox is write-only for an operator, so even the object's
  // producer may not DELETE there (403), while the CERT, which reads and writes it, may.
  const std::string inbox = "/taxii2/qalxan/collections/" + ids_.at("CERT inbox") + "/objects/";
  ASSERT_EQ(Post(inbox, "operator.admin", {Indicator(21, "10.1.2.1")}).Json().at("success_count").as_int64(), 1);
  ASSERT_EQ(Post(inbox, "cert.admin", {Indicator(22, "10.1.2.2")}).Json().at("success_count").as_int64(), 1);
  const auto refused = server_.Request("DELETE", inbox + "indicator--" + Uuid(21) + "/", "", Basic("operator.admin"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(Get(inbox + "indicator--" + Uuid(21) + "/", "cert.admin").status, 200);  // still there
  EXPECT_EQ(server_.Request("DELETE", inbox + "indicator--" + Uuid(22) + "/", "", Basic("cert.admin")).status, 200);
  EXPECT_EQ(Get(inbox + "indicator--" + Uuid(22) + "/", "cert.admin").status, 404);
}

TEST_F(TaxiiTest, ALargePostCompletesInTheBackground) {
  json::array objects;
  for (int i = 0; i < 600; ++i) objects.push_back(Indicator(1000 + i, fmt::format("10.2.{}.{}", i / 250, i % 250)));
  const auto r = Post(national_ + "objects/", "operator.admin", objects);
  ASSERT_EQ(r.status, 202);
  const std::string status_url = "/taxii2/qalxan/status/" + std::string(r.Json().at("id").as_string());
  json::value status;
  for (int i = 0; i < 200; ++i) {
    status = Get(status_url, "operator.admin").Json();
    if (status.at("status").as_string() == "complete") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status.at("status").as_string(), "complete");
  EXPECT_EQ(status.at("success_count").as_int64(), 600);
  EXPECT_EQ(status.at("pending_count").as_int64(), 0);
}

TEST_F(TaxiiTest, BearerTokensWorkToo) {
  auto token = server_.Cli("token create --org 3 --role machine");
  ASSERT_EQ(token.first, 0);
  std::string secret = token.second;
  secret.erase(secret.find_last_not_of("\n") + 1);
  const auto r = server_.Request("GET", national_ + "objects/", "",
                                 {{"Authorization", "Bearer " + secret}, {"Accept", kTaxii}});
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

TEST(TaxiiLimitsTest, BodiesAboveMaxContentLengthAre413InTheTaxiiShape) {
  TestServer server(64 * 1024);
  const auto root = server.Request("GET", "/taxii2/qalxan/", "", Basic("operator.admin")).Json();
  EXPECT_EQ(root.at("max_content_length").as_int64(), 64 * 1024);
  Headers h = Basic("operator.admin");
  h.emplace_back("Content-Type", kTaxii);
  const auto r = server.Request("POST", "/taxii2/qalxan/collections/x/objects/",
                                "{\"objects\":[\"" + std::string(100 * 1024, 'x') + "\"]}", h);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Header("Content-Type"), kTaxii);
  EXPECT_EQ(r.Json().at("http_status").as_string(), "413");
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

TEST(TaxiiValidityTest, ConsumersCanAskForWhatIsValidNow) {
  TestServer server;
  const std::string national = CollectionId(server, "operator.admin", "National");
  json::object expired = Indicator(21, "10.3.0.1");
  expired["valid_until"] = "2026-01-02T00:00:00Z";
  expired["valid_from"] = "2026-01-01T00:00:00Z";
  json::object revoked = Indicator(22, "10.3.0.2", "2026-11-03T00:00:00.000Z");
  revoked["revoked"] = true;
  Headers h = Basic("operator.admin");
  h.emplace_back("Content-Type", kTaxii);
  const std::string objects = "/taxii2/qalxan/collections/" + national + "/objects/";
  ASSERT_EQ(server.Request("POST", objects, json::serialize(json::object{{"objects", json::array{expired, revoked, Indicator(23, "10.3.0.3")}}}), h).status, 202);
  auto count = [&](const std::string& query) {
    const auto body = server.Request("GET", objects + query, "", Basic("cert.admin")).Json();
    const auto* o = body.as_object().if_contains("objects");
    return o ? o->as_array().size() : 0u;
  };
  EXPECT_EQ(count(""), 3u);
  EXPECT_EQ(count("?valid_now=true"), 1u);
  EXPECT_EQ(server.Request("GET", objects + "?valid_now=maybe", "", Basic("cert.admin")).status, 400);
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

json::object Sighting(int n, const std::string& of, int count, const std::string& marking = "",
                      const std::string& last_seen = "2026-11-06T00:00:00Z") {
  json::object s{{"type", "sighting"},
                 {"spec_version", "2.1"},
                 {"id", "sighting--" + Uuid(n)},
                 {"created", "2026-11-05T00:00:00.000Z"},
                 {"modified", "2026-11-05T00:00:00.000Z"},
                 {"sighting_of_ref", of},
                 {"count", count},
                 {"first_seen", fmt::format("2026-11-0{}T00:00:00Z", n % 5 + 1)},
                 {"last_seen", last_seen}};
  s["object_marking_refs"] = json::array{marking.empty() ? std::string(kGreen) : marking};
  return s;
}

// POSTs one object as user and expects it stored.
void PostOne(const TestServer& server, const std::string& objects, const std::string& user, const json::object& o) {
  Headers h = Basic(user);
  h.emplace_back("Content-Type", kTaxii);
  const auto r = server.Request("POST", objects, json::serialize(json::object{{"objects", json::array{o}}}), h);
  EXPECT_EQ(r.Json().at("success_count").as_int64(), 1) << r.body;
}

TEST(SightingsTest, TheCertAndTheProducerCountAllButNamesFollowTlp) {
  TestServer server;
  const std::string national = CollectionId(server, "operator.admin", "National");
  const std::string objects = "/taxii2/qalxan/collections/" + national + "/objects/";
  auto post = [&](const std::string& user, const json::object& o) { PostOne(server, objects, user, o); };
  const std::string indicator = "indicator--" + Uuid(31);
  post("operator.admin", Indicator(31, "10.9.9.9"));
  post("provider.admin", Sighting(41, indicator, 5));
  post("cert.admin", Sighting(42, indicator, 2, kAmberStrict));

  auto view = [&](const std::string& user) {
    auto [cookie, csrf] = server.Login(user);
    const auto r = server.Request("GET", "/api/v1/intel/sightings?indicator=" + indicator, "", {{"Cookie", cookie}});
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.Json();
    return body.at("items").as_array().empty() ? json::value() : body.at("items").as_array()[0];
  };
  const auto cert = view("cert.admin");
  EXPECT_EQ(cert.at("organisations").as_int64(), 2);
  EXPECT_EQ(cert.at("count").as_int64(), 7);
  EXPECT_EQ(cert.at("anonymous_organisations").as_int64(), 0);
  EXPECT_EQ(cert.at("last_seen").as_string(), "2026-11-06T00:00:00.000Z");

  const auto producer = view("operator.admin");
  EXPECT_EQ(producer.at("organisations").as_int64(), 2);
  EXPECT_EQ(producer.at("count").as_int64(), 7);
  EXPECT_EQ(producer.at("anonymous_organisations").as_int64(), 1);  // the CERT's AMBER+STRICT one
  ASSERT_EQ(producer.at("by_organisation").as_array().size(), 1u);
  EXPECT_EQ(producer.at("by_organisation").as_array()[0].at("org_id").as_int64(), 4);

  const auto other = view("regulator.admin");
  EXPECT_EQ(other.at("organisations").as_int64(), 1);
  EXPECT_EQ(other.at("count").as_int64(), 5);
}

// The producer whose indicator's sightings are counted in full is the organisation whose copy
// arrived first: another organisation posting the same indicator id later, to a collection of its
// own, is not told about sightings TLP hides from it.
TEST(SightingsTest, ACopyOfAnotherOrganisationsIndicatorMakesNoProducer) {
  TestServer server;
  auto objects_of = [&](const std::string& user, const std::string& title) {
    return "/taxii2/qalxan/collections/" + CollectionId(server, user, title) + "/objects/";
  };
  const std::string national = objects_of("operator.admin", "National");
  const std::string indicator = "indicator--" + Uuid(34);
  PostOne(server, national, "operator.admin", Indicator(34, "10.9.9.6"));
  PostOne(server, national, "provider.admin", Sighting(71, indicator, 5));
  PostOne(server, national, "cert.admin", Sighting(72, indicator, 2, kAmberStrict));
  // The provider copies the operator's indicator into its private collection (its own object there).
  std::string mine;
  auto [cookie, csrf] = server.Login("provider.admin");
  const json::value listed = server.Request("GET", "/taxii2/qalxan/collections/", "", Basic("provider.admin")).Json();
  for (const auto& c : listed.at("collections").as_array()) {
    if (c.at("title").as_string().starts_with("Private: ")) mine = std::string(c.at("id").as_string());
  }
  ASSERT_FALSE(mine.empty());
  PostOne(server, "/taxii2/qalxan/collections/" + mine + "/objects/", "provider.admin",
          Indicator(34, "10.9.9.6"));

  const auto r = server.Request("GET", "/api/v1/intel/sightings?indicator=" + indicator, "", {{"Cookie", cookie}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto item = r.Json().at("items").as_array().at(0);
  EXPECT_EQ(item.at("organisations").as_int64(), 1) << r.body;  // not the CERT's AMBER+STRICT one
  EXPECT_EQ(item.at("count").as_int64(), 5);
  EXPECT_EQ(item.at("anonymous_organisations").as_int64(), 0);
}

TEST(SightingsTest, OnlyCollectionsTheViewerReadsAreCounted) {
  TestServer server;
  auto objects_of = [&](const std::string& title) {
    return "/taxii2/qalxan/collections/" + CollectionId(server, "operator.admin", title) + "/objects/";
  };
  const std::string national = objects_of("National");
  const std::string inbox = objects_of("CERT inbox");  // everyone writes, only the CERT reads
  const std::string sector = objects_of("Sector: oil_and_gas");
  const std::string mine = objects_of("Private: Demo Oil & Gas Operator");
  const std::string indicator = "indicator--" + Uuid(33);
  PostOne(server, national, "operator.admin", Indicator(33, "10.9.9.7"));
  PostOne(server, national, "provider.admin", Sighting(61, indicator, 5, "", "2026-11-06T00:00:00Z"));
  PostOne(server, inbox, "provider.admin", Sighting(62, indicator, 3, "", "2026-11-07T00:00:00Z"));
  PostOne(server, mine, "operator.admin", Sighting(63, indicator, 2, "", "2026-11-08T00:00:00Z"));
  // One sighting shared into two collections counts once for who reads both.
  PostOne(server, national, "regulator.admin", Sighting(64, indicator, 1, "", "2026-11-09T00:00:00Z"));
  PostOne(server, sector, "regulator.admin", Sighting(64, indicator, 1, "", "2026-11-09T00:00:00Z"));

  struct Seen {
    std::int64_t organisations = 0, sightings = 0, count = 0, per_day = 0;
    std::string last_seen;
  };
  auto view = [&](const std::string& user) {
    auto [cookie, csrf] = server.Login(user);
    Seen seen;
    const auto one = server.Request("GET", "/api/v1/intel/sightings?indicator=" + indicator, "", {{"Cookie", cookie}});
    EXPECT_EQ(one.status, 200) << one.body;
    const auto body = one.Json();
    if (body.at("items").as_array().empty()) return seen;
    const auto& item = body.at("items").as_array()[0];
    seen = {item.at("organisations").as_int64(), item.at("sightings").as_int64(), item.at("count").as_int64(), 0,
            std::string(item.at("last_seen").as_string())};
    for (const auto& d : item.at("per_day").as_array()) seen.per_day += d.at("sightings").as_int64();
    // The list of all indicators counts the same.
    const auto all = server.Request("GET", "/api/v1/intel/sightings", "", {{"Cookie", cookie}}).Json();
    EXPECT_EQ(all.at("items").as_array().at(0).at("count").as_int64(), seen.count) << user;
    return seen;
  };
  const Seen regulator = view("regulator.admin");  // National only
  EXPECT_EQ(regulator.organisations, 2);
  EXPECT_EQ(regulator.sightings, 2);
  EXPECT_EQ(regulator.count, 6);
  EXPECT_EQ(regulator.per_day, 2);
  EXPECT_EQ(regulator.last_seen, "2026-11-09T00:00:00.000Z");
  const Seen provider = view("provider.admin");  // National; not the inbox it wrote to
  EXPECT_EQ(provider.count, 6);
  const Seen cert = view("cert.admin");  // National, the inbox and the sector; not the private one
  EXPECT_EQ(cert.organisations, 2);
  EXPECT_EQ(cert.sightings, 3);
  EXPECT_EQ(cert.count, 9);
  EXPECT_EQ(cert.per_day, 3);
  const Seen producer = view("operator.admin");  // National, the sector and its own
  EXPECT_EQ(producer.organisations, 3);
  EXPECT_EQ(producer.sightings, 3);
  EXPECT_EQ(producer.count, 8);
  EXPECT_EQ(producer.per_day, 3);
  EXPECT_EQ(producer.last_seen, "2026-11-09T00:00:00.000Z");

  // A sighting deleted by its producer stops counting.
  const auto gone = server.Request("DELETE", national + "sighting--" + Uuid(61) + "/", "", Basic("provider.admin"));
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(view("regulator.admin").count, 1);
}

TEST(SightingsTest, OneIndicatorHasItsSightingsPerDayUnderTheSameRule) {
  TestServer server;
  const std::string national = CollectionId(server, "operator.admin", "National");
  const std::string objects = "/taxii2/qalxan/collections/" + national + "/objects/";
  auto post = [&](const std::string& user, const json::object& o) { PostOne(server, objects, user, o); };
  const std::string indicator = "indicator--" + Uuid(32);
  post("operator.admin", Indicator(32, "10.9.9.8"));
  post("provider.admin", Sighting(51, indicator, 5, "", "2026-11-06T10:00:00Z"));
  post("provider.admin", Sighting(52, indicator, 1, "", "2026-11-08T23:59:59Z"));
  post("cert.admin", Sighting(53, indicator, 2, kAmberStrict, "2026-11-06T01:00:00Z"));

  auto series = [&](const std::string& user) {
    auto [cookie, csrf] = server.Login(user);
    const auto r = server.Request("GET", "/api/v1/intel/sightings?indicator=" + indicator, "", {{"Cookie", cookie}});
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value body = r.Json();
    std::string out;
    for (const auto& d : body.at("items").as_array().at(0).at("per_day").as_array()) {
      out += fmt::format("{}:{}/{} ", std::string(d.at("date").as_string()), d.at("sightings").as_int64(),
                         d.at("count").as_int64());
    }
    return out;
  };
  EXPECT_EQ(series("cert.admin"), "2026-11-06:2/7 2026-11-08:1/1 ");
  EXPECT_EQ(series("operator.admin"), "2026-11-06:2/7 2026-11-08:1/1 ");  // the producer
  EXPECT_EQ(series("regulator.admin"), "2026-11-06:1/5 2026-11-08:1/1 ");  // not the AMBER+STRICT one

  auto [cookie, csrf] = server.Login("cert.admin");
  const auto all = server.Request("GET", "/api/v1/intel/sightings", "", {{"Cookie", cookie}}).Json();
  EXPECT_TRUE(all.at("items").as_array().at(0).at("per_day").as_array().empty());  // only for one
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

TEST(IntelSearchTest, TheDashboardSearchesByValueAndTypeUnderTlp) {
  TestServer server;
  auto [cookie, csrf] = server.Login("operator.admin");
  const Headers session = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Accept", kTaxii}};
  // The dashboard reaches TAXII with its session cookie.
  const auto collections = server.Request("GET", "/taxii2/qalxan/collections/", "", session).Json();
  std::string national;
  for (const auto& c : collections.at("collections").as_array()) {
    if (c.at("title").as_string() == "National") national = std::string(c.at("id").as_string());
  }
  json::object strict = Indicator(52, "192.0.2.52");
  strict["object_marking_refs"] = json::array{kAmberStrict};
  Headers post = session;
  post.emplace_back("Content-Type", kTaxii);
  const auto r = server.Request("POST", "/taxii2/qalxan/collections/" + national + "/objects/",
                                json::serialize(json::object{{"objects", json::array{Indicator(51, "192.0.2.51"), strict}}}), post);
  ASSERT_EQ(r.status, 202) << r.body;
  Headers no_csrf = {session[0], session[2], {"Content-Type", kTaxii}};
  EXPECT_EQ(server.Request("POST", "/taxii2/qalxan/collections/" + national + "/objects/", "{\"objects\":[]}", no_csrf).status, 403);

  auto search = [&](const std::string& user, const std::string& query) {
    auto [c, x] = server.Login(user);
    const auto body = server.Request("GET", "/api/v1/intel/search?collection=" + national + query, "", {{"Cookie", c}}).Json();
    return body.at("items").as_array().size();
  };
  EXPECT_EQ(search("operator.admin", "&q=192.0.2.5"), 2u);
  EXPECT_EQ(search("operator.admin", "&q=192.0.2.51&type=indicator"), 1u);
  EXPECT_EQ(search("operator.admin", "&q=192.0.2.51&type=malware"), 0u);
  EXPECT_EQ(search("cert.admin", "&q=192.0.2.5"), 1u);  // the AMBER+STRICT one stays hidden
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

// An ingest whose transaction fails leaves no status pending for ever: every object is failed.
TEST(TaxiiIngestTest, AFailedIngestCompletesTheStatusWithFailures) {
  TestServer server;
  const std::string national = CollectionId(server, "operator.admin", "National");
  // The store fails every insert of an object (not as a duplicate would).
  if (server.backend() == "postgresql") {
    server.Sql("CREATE FUNCTION qx_test_fail() RETURNS trigger LANGUAGE plpgsql AS "
               "$$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$; "
               "CREATE TRIGGER qx_test_fail BEFORE INSERT ON stix_objects FOR EACH ROW EXECUTE FUNCTION qx_test_fail();");
  } else {
    server.Sql("CREATE TRIGGER qx_test_fail BEFORE INSERT ON stix_objects BEGIN "
               "INSERT INTO qx_no_such_table VALUES (1); END;");
  }
  Headers h = Basic("operator.admin");
  h.emplace_back("Content-Type", kTaxii);
  const auto r = server.Request("POST", "/taxii2/qalxan/collections/" + national + "/objects/",
                                json::serialize(json::object{{"objects", json::array{Indicator(91, "10.9.1.1")}}}), h);
  ASSERT_EQ(r.status, 202) << r.body;
  const auto status = r.Json();
  EXPECT_EQ(status.at("status").as_string(), "complete") << r.body;
  EXPECT_EQ(status.at("failure_count").as_int64(), 1) << r.body;
  EXPECT_EQ(status.at("failures").as_array()[0].at("version").as_string(), "2026-11-01T00:00:00.000Z");
  const auto again = server.Request("GET", "/taxii2/qalxan/status/" + std::string(status.at("id").as_string()) + "/", "",
                                    Basic("operator.admin")).Json();
  EXPECT_EQ(again.at("status").as_string(), "complete");
}

// TAXII 2.1 3.1: every answer under /taxii2 has the TAXII media type, unknown paths and wrong
// methods too, even with a dashboard whose index.html answers every other unknown path.
TEST(TaxiiPathsTest, UnknownTaxiiPathsAnswerInTheTaxiiShape) {
  const auto web = std::filesystem::temp_directory_path() / ("qx-taxii-web-" + std::to_string(::getpid()));
  std::filesystem::create_directories(web);
  { std::ofstream(web / "index.html") << "<!doctype html><title>dashboard</title>"; }
  TestServer server(1 << 20, "", [&](app::Config& c) { c.web_root = web.string(); });
  ASSERT_EQ(server.Request("GET", "/assessments/7", "", {}).status, 200);  // the dashboard's fallback
  for (const auto& [method, path, status] :
       std::vector<std::tuple<std::string, std::string, int>>{{"GET", "/taxii2/qalxan/nope/", 404},
                                                              {"GET", "/taxii2/other-root/collections/", 404},
                                                              {"POST", "/taxii2/qalxan/nope/", 404},
                                                              {"GET", "/taxii2/qalxan/collections/x/objects/y/z/w/", 404},
                                                              {"PUT", "/taxii2/qalxan/collections/", 405},
                                                              {"DELETE", "/taxii2/", 405}}) {
    const auto r = server.Request(method, path, "", Basic("operator.admin"));
    EXPECT_EQ(r.status, status) << method << " " << path << " " << r.body;
    EXPECT_EQ(r.Header("Content-Type"), kTaxii) << method << " " << path;
    EXPECT_EQ(r.Json().at("http_status").as_string(), std::to_string(status)) << method << " " << path;
  }
  std::filesystem::remove_all(web);
}

TEST(TaxiiLimitsTest, TheServerMaximumPageIsConfigurable) {
  TestServer server(1 << 20, "", [](app::Config& c) { c.taxii_max_page = 2; });
  const std::string national = CollectionId(server, "operator.admin", "National");
  Headers h = Basic("operator.admin");
  h.emplace_back("Content-Type", kTaxii);
  const std::string objects = "/taxii2/qalxan/collections/" + national + "/objects/";
  json::array three{Indicator(61, "10.6.0.1"), Indicator(62, "10.6.0.2"), Indicator(63, "10.6.0.3")};
  ASSERT_EQ(server.Request("POST", objects, json::serialize(json::object{{"objects", three}}), h).status, 202);
  const auto page = server.Request("GET", objects + "?limit=50", "", Basic("operator.admin")).Json();
  EXPECT_EQ(page.at("objects").as_array().size(), 2u);
  EXPECT_TRUE(page.at("more").as_bool());
}

}  // namespace
}  // namespace qx::testing
