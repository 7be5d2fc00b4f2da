// Roles x organisations x endpoints over real HTTP: nobody reads or changes another
// organisation's data unless their role allows it. The expectations below are written out
// independently of the policy code, so a change to either shows here.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;

enum Kind { kRegulator, kCert, kOperator, kProvider };
constexpr std::int64_t kOrgOf[] = {1, 2, 3, 4};  // seeded in this order
constexpr std::int64_t kOtherOperator = 5;        // created by the test
const char* const kRoles[] = {"admin", "officer", "analyst", "staff", "auditor", "machine"};

struct Subject {
  Kind kind;
  std::string role;
  std::int64_t org;
  std::string token;
};

bool ReadsPeople(const std::string& role) {
  return role == "admin" || role == "officer" || role == "auditor";
}

struct Endpoint {
  std::string name;
  std::string method;
  std::function<std::string(std::int64_t target_org)> path;
  std::function<std::string(int call, std::int64_t target_org)> body;  // empty: no body
  std::vector<int> ok_statuses;  // any of these means the call got past authorisation
  std::function<bool(const Subject&, std::int64_t target_org)> allowed;
};

const std::string& MiniCatalog() {
  static const std::string text = [] {
    std::ifstream in(QALXAN_FIXTURES "/catalogs-mini/mini.catalog.json");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

// The registry and assessments of the two operators, made in SetUp.
struct OperatorData {
  std::map<std::int64_t, std::int64_t> object_of;      // operator org -> a CII object
  std::map<std::int64_t, std::int64_t> assessment_of;  // operator org -> an assessment of it
  std::map<std::int64_t, std::int64_t> evidence_of;    // operator org -> an evidence file
  std::map<std::int64_t, std::int64_t> campaign_of;    // operator org -> a campaign of its object
  std::int64_t profile = 0;
};

// Objects belong to operators: a target organisation that is not one stands for the demo
// operator, so that every subject is also tried on an operator that is not its own.
std::int64_t OperatorFor(std::int64_t target) {
  return target == kOtherOperator ? kOtherOperator : kOrgOf[kOperator];
}

bool Manages(const std::string& role) { return role == "admin" || role == "officer"; }

// Reads of an operator's registry, assessments and evidence: its own people and machines, and
// the regulator's people.
bool ReadsOperator(const Subject& s, std::int64_t target) {
  return OperatorFor(target) == s.org || (s.role != "machine" && s.kind == kRegulator);
}

// special_catalog_of[org]: the id of a special-requirements catalog filed for that organisation.
// course_of[org]: the id of a training course of that organisation.
std::vector<Endpoint> Endpoints(const std::map<std::int64_t, std::int64_t>& special_catalog_of,
                                const std::map<std::int64_t, std::int64_t>& course_of,
                                const OperatorData& ops) {
  auto special = [&special_catalog_of](std::string suffix) {
    return [&special_catalog_of, suffix](std::int64_t org) {
      return fmt::format("/api/v1/catalogs/{}{}", special_catalog_of.at(org), suffix);
    };
  };
  auto org_path = [](std::string suffix) {
    return [suffix](std::int64_t org) { return fmt::format("/api/v1/orgs/{}{}", org, suffix); };
  };
  auto no_body = [](int, std::int64_t) { return std::string(); };
  return {
      {"read organisation", "GET", org_path(""), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return org == s.org || (s.role != "machine" && (s.kind == kRegulator || s.kind == kCert));
       }},
      {"list users", "GET", org_path("/users"), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return ReadsPeople(s.role) && (org == s.org || s.kind == kRegulator);
       }},
      {"add user", "POST", org_path("/users"),
       [](int call, std::int64_t) {
         return json::serialize(json::object{{"username", fmt::format("matrix.user{}", call)},
                                             {"display_name", "Matrix User"},
                                             {"role", "staff"},
                                             {"password", "matrix-password-1"}});
       },
       {201},
       [](const Subject& s, std::int64_t org) {
         return s.role == "admin" && (org == s.org || s.kind == kRegulator);
       }},
      {"list tokens", "GET", org_path("/tokens"), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return s.role == "admin" && (org == s.org || s.kind == kRegulator);
       }},
      {"create token", "POST", org_path("/tokens"),
       [](int, std::int64_t) { return std::string(R"({"name":"matrix","role":"machine"})"); }, {201},
       [](const Subject& s, std::int64_t org) {
         return s.role == "admin" && (org == s.org || s.kind == kRegulator);
       }},
      {"read audit trail", "GET", [](std::int64_t org) { return fmt::format("/api/v1/audit?org={}", org); },
       no_body, {200},
       [](const Subject& s, std::int64_t) {
         return s.kind == kRegulator && ReadsPeople(s.role);
       }},
      {"register organisation", "POST", [](std::int64_t) { return std::string("/api/v1/orgs"); },
       [](int call, std::int64_t) {
         return json::serialize(json::object{{"name", fmt::format("Matrix Org {}", call)},
                                             {"kind", "provider"}});
       },
       {201},
       [](const Subject& s, std::int64_t) { return s.kind == kRegulator && s.role == "admin"; }},
      {"read special requirements", "GET", special(""), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return org == s.org || (s.role != "machine" && s.kind == kRegulator);
       }},
      {"browse special requirements", "GET", special("/versions/latest/requirements"), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return org == s.org || (s.role != "machine" && s.kind == kRegulator);
       }},
      {"file special requirements", "POST", [](std::int64_t) { return std::string("/api/v1/catalogs"); },
       [](int call, std::int64_t org) {
         return json::serialize(json::object{{"name", fmt::format("matrix-special-{}", call)},
                                             {"scope", "special"},
                                             {"owner_org", org},
                                             {"document", json::parse(MiniCatalog())}});
       },
       {201},
       [](const Subject& s, std::int64_t org) {
         return (s.role == "admin" || s.role == "officer") && (org == s.org || s.kind == kRegulator);
       }},
      {"publish requirements", "POST", special("/publish"), no_body,
       {200, 409},  // 409: already published by an earlier allowed call
       [](const Subject& s, std::int64_t org) {
         const bool reads = org == s.org || (s.role != "machine" && s.kind == kRegulator);
         return reads && s.kind == kRegulator && (s.role == "admin" || s.role == "officer");
       }},
      {"list training courses", "GET", org_path("/training/courses"), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return ReadsPeople(s.role) && (org == s.org || s.kind == kRegulator);
       }},
      {"list training staff", "GET", org_path("/training/staff"), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return ReadsPeople(s.role) && (org == s.org || s.kind == kRegulator);
       }},
      {"training rule results", "GET", org_path("/training/rules"), no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return ReadsPeople(s.role) && (org == s.org || s.kind == kRegulator);
       }},
      {"add training course", "POST", org_path("/training/courses"),
       [](int call, std::int64_t) { return fmt::format(R"({{"title":"Matrix course {}"}})", call); }, {201},
       [](const Subject& s, std::int64_t org) {
         return org == s.org && (s.role == "admin" || s.role == "officer");
       }},
      {"add training staff", "POST", org_path("/training/staff"),
       [](int call, std::int64_t) { return fmt::format(R"({{"staff_ref":"M{}","name":"Matrix Person"}})", call); },
       {201},
       [](const Subject& s, std::int64_t org) {
         return org == s.org && (s.role == "admin" || s.role == "officer");
       }},
      {"change training course", "PUT",
       [&course_of](std::int64_t org) { return fmt::format("/api/v1/training/courses/{}", course_of.at(org)); },
       [](int, std::int64_t org) { return fmt::format(R"({{"title":"Course of {}","recurrence_months":12}})", org); },
       {200},
       [](const Subject& s, std::int64_t org) {
         return org == s.org && (s.role == "admin" || s.role == "officer");
       }},
      {"read CII object", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/objects/{}", ops.object_of.at(OperatorFor(org))); },
       no_body, {200}, ReadsOperator},
      {"list CII objects", "GET",
       [](std::int64_t org) { return fmt::format("/api/v1/objects?org={}", OperatorFor(org)); },
       no_body, {200}, ReadsOperator},
      {"register CII object", "POST", [](std::int64_t) { return std::string("/api/v1/objects"); },
       [](int call, std::int64_t org) {
         return json::serialize(json::object{{"name", fmt::format("Matrix object {}", call)},
                                             {"sector", "energy"},
                                             {"owner_org", OperatorFor(org)}});
       },
       {201},
       [](const Subject& s, std::int64_t org) {
         return Manages(s.role) && (OperatorFor(org) == s.org || s.kind == kRegulator);
       }},
      {"categorise CII object", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/objects/{}/categorisations", ops.object_of.at(OperatorFor(org)));
       },
       [](int, std::int64_t) {
         return std::string(R"({"answers":{"people":10,"economy":0,"environment":0,"defence":0,)"
                            R"("state_administration":0,"dependent_cii":0}})");
       },
       {201},
       [](const Subject& s, std::int64_t org) {
         return Manages(s.role) && (OperatorFor(org) == s.org || s.kind == kRegulator);
       }},
      {"read assessment", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/assessments/{}", ops.assessment_of.at(OperatorFor(org))); },
       no_body, {200}, ReadsOperator},
      {"export assessment as OSCAL", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/assessments/{}/export.oscal.json", ops.assessment_of.at(OperatorFor(org)));
       },
       no_body, {200}, ReadsOperator},
      {"export assessment as CSV", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/assessments/{}/export.csv", ops.assessment_of.at(OperatorFor(org)));
       },
       no_body, {200}, ReadsOperator},
      {"list assessments", "GET",
       [](std::int64_t org) { return fmt::format("/api/v1/assessments?org={}", OperatorFor(org)); },
       no_body, {200}, ReadsOperator},
      {"answer assessment", "PUT",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/assessments/{}/items/{}/pol-1", ops.assessment_of.at(OperatorFor(org)),
                            ops.profile);
       },
       [](int, std::int64_t) { return std::string(R"({"result":"compliant"})"); }, {200},
       [](const Subject& s, std::int64_t org) {
         return OperatorFor(org) == s.org && (Manages(s.role) || s.role == "analyst");
       }},
      {"upload evidence", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/assessments/{}/items/{}/pol-1/evidence?filename=m.txt",
                            ops.assessment_of.at(OperatorFor(org)), ops.profile);
       },
       [](int call, std::int64_t) { return fmt::format("evidence {}", call); }, {201},
       [](const Subject& s, std::int64_t org) {
         return OperatorFor(org) == s.org && (Manages(s.role) || s.role == "analyst");
       }},
      {"read evidence", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/evidence/{}", ops.evidence_of.at(OperatorFor(org))); },
       no_body, {200}, ReadsOperator},
      {"download evidence", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/evidence/{}/content", ops.evidence_of.at(OperatorFor(org)));
       },
       no_body, {200}, ReadsOperator},
      {"open assessment", "POST", [](std::int64_t) { return std::string("/api/v1/assessments"); },
       [&ops](int, std::int64_t org) {
         return json::serialize(json::object{{"subject_id", ops.object_of.at(OperatorFor(org))}});
       },
       {201, 409},  // 409: the subject already has an open assessment (made in SetUp)
       [](const Subject& s, std::int64_t org) {
         return Manages(s.role) && (OperatorFor(org) == s.org || s.kind == kRegulator);
       }},
      {"submit assessment", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/assessments/{}/submit", ops.assessment_of.at(OperatorFor(org)));
       },
       no_body, {409},  // 409: not every requirement is answered
       [](const Subject& s, std::int64_t org) {
         return OperatorFor(org) == s.org && (Manages(s.role) || s.role == "analyst");
       }},
      {"start review", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/assessments/{}/start_review", ops.assessment_of.at(OperatorFor(org)));
       },
       no_body, {409},  // 409: still a draft
       [](const Subject& s, std::int64_t org) {
         return ReadsOperator(s, org) && s.kind == kRegulator && Manages(s.role);
       }},
      {"read organisation posture", "GET",
       [](std::int64_t org) { return fmt::format("/api/v1/orgs/{}/posture", OperatorFor(org)); },
       no_body, {200}, ReadsOperator},
      {"create campaign", "POST", [](std::int64_t) { return std::string("/api/v1/campaigns"); },
       [&ops](int, std::int64_t org) {
         return json::serialize(json::object{
             {"name", "Matrix campaign"},
             {"profile_id", ops.profile},
             {"due_at", "2099-01-01T00:00:00Z"},
             {"subjects", json::array{json::object{{"subject_id", ops.object_of.at(OperatorFor(org))}}}}});
       },
       {201},
       [](const Subject& s, std::int64_t) { return s.kind == kRegulator && Manages(s.role); }},
      // Campaign reads: the regulator's people; an organisation's people for a campaign that names
      // one of its subjects (its own rows only).
      {"list campaigns", "GET", [](std::int64_t) { return std::string("/api/v1/campaigns"); }, no_body, {200},
       [](const Subject& s, std::int64_t) { return s.role != "machine"; }},
      {"read campaign", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/campaigns/{}", ops.campaign_of.at(OperatorFor(org))); },
       no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return s.role != "machine" && (s.kind == kRegulator || OperatorFor(org) == s.org);
       }},
      {"read campaign board", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/campaigns/{}/board?limit=10", ops.campaign_of.at(OperatorFor(org)));
       },
       no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return s.role != "machine" && (s.kind == kRegulator || OperatorFor(org) == s.org);
       }},
      {"read national posture", "GET", [](std::int64_t) { return std::string("/api/v1/posture/nation"); },
       no_body, {200},
       [](const Subject& s, std::int64_t) { return s.role != "machine" && s.kind == kRegulator; }},
      {"set score weights", "PUT", [](std::int64_t) { return std::string("/api/v1/scoring/weights"); },
       [](int, std::int64_t) { return std::string(R"({"weights":{"partial":0.5}})"); }, {200},
       [](const Subject& s, std::int64_t) { return s.kind == kRegulator && Manages(s.role); }},
      {"post observation", "POST", [](std::int64_t) { return std::string("/api/v1/observations"); },
       [&ops](int, std::int64_t org) {
         return json::serialize(json::object{{"subject_kind", "object"},
                                             {"subject_id", ops.object_of.at(OperatorFor(org))},
                                             {"control_id", "acc-1"},
                                             {"source", "agent:matrix"},
                                             {"result", "pass"},
                                             {"observed_at", "2026-11-20T10:00:00Z"}});
       },
       {201},
       [](const Subject& s, std::int64_t org) {
         return OperatorFor(org) == s.org &&
                (s.role == "machine" || Manages(s.role) || s.role == "analyst");
       }},
  };
}

class AuthzMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto [cookie, csrf] = server_.Login("regulator.admin");
    admin_headers_ = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
    auto other = server_.Request("POST", "/api/v1/orgs",
                                 R"({"name":"Second Operator","kind":"operator","sector":"energy"})",
                                 admin_headers_);
    ASSERT_EQ(other.status, 201) << other.body;
    ASSERT_EQ(other.Json().at("id").as_int64(), kOtherOperator);
    for (Kind kind : {kRegulator, kCert, kOperator, kProvider}) {
      for (const char* role : kRoles) {
        auto r = server_.Request(
            "POST", fmt::format("/api/v1/orgs/{}/tokens", kOrgOf[kind]),
            json::serialize(json::object{{"name", "matrix"}, {"role", role}}), admin_headers_);
        ASSERT_EQ(r.status, 201) << r.body;
        subjects_.push_back({kind, role, kOrgOf[kind], std::string(r.Json().at("secret").as_string())});
      }
    }
    // A draft of special requirements for every organisation, filed by the regulator.
    for (std::int64_t org : {1, 2, 3, 4, 5}) {
      const json::object body{{"name", fmt::format("special-of-{}", org)},
                              {"scope", "special"},
                              {"owner_org", org},
                              {"document", json::parse(MiniCatalog())}};
      auto r = server_.Request("POST", "/api/v1/catalogs", json::serialize(body), admin_headers_);
      ASSERT_EQ(r.status, 201) << r.body;
      special_catalog_of_[org] = r.Json().at("catalog").at("id").as_int64();
    }
    // A training course for every organisation, added by its own admin.
    for (std::int64_t org : {1, 2, 3, 4, 5}) {
      auto token = server_.Request("POST", fmt::format("/api/v1/orgs/{}/tokens", org),
                                   R"({"name":"course","role":"admin"})", admin_headers_);
      ASSERT_EQ(token.status, 201) << token.body;
      const std::string bearer = "Bearer " + std::string(token.Json().at("secret").as_string());
      auto r = server_.Request("POST", fmt::format("/api/v1/orgs/{}/training/courses", org),
                               R"({"title":"Induction"})",
                               {{"Authorization", bearer}, {"Content-Type", "application/json"}});
      ASSERT_EQ(r.status, 201) << r.body;
      course_of_[org] = r.Json().at("id").as_int64();
    }
    // A published general profile; an object, an assessment and an evidence file per operator.
    auto profile = server_.Request("POST", "/api/v1/catalogs",
                                   json::serialize(json::object{{"name", "matrix-profile"},
                                                                {"document", json::parse(MiniCatalog())}}),
                                   admin_headers_);
    ASSERT_EQ(profile.status, 201) << profile.body;
    ops_.profile = profile.Json().at("catalog").at("id").as_int64();
    ASSERT_EQ(server_.Request("POST", fmt::format("/api/v1/catalogs/{}/publish", ops_.profile), "",
                              admin_headers_).status, 200);
    for (std::int64_t org : {kOrgOf[kOperator], kOtherOperator}) {
      auto object = server_.Request("POST", "/api/v1/objects",
                                    json::serialize(json::object{{"name", "Matrix SCADA"}, {"owner_org", org}}),
                                    admin_headers_);
      ASSERT_EQ(object.status, 201) << object.body;
      ops_.object_of[org] = object.Json().at("id").as_int64();
      auto a = server_.Request("POST", "/api/v1/assessments",
                               json::serialize(json::object{{"subject_id", ops_.object_of[org]},
                                                            {"profile_id", ops_.profile}}),
                               admin_headers_);
      ASSERT_EQ(a.status, 201) << a.body;
      ops_.assessment_of[org] = a.Json().at("id").as_int64();
      // Only the operator's own people attach evidence: an admin token of that operator.
      auto token = server_.Request("POST", fmt::format("/api/v1/orgs/{}/tokens", org),
                                   R"({"name":"evidence","role":"admin"})", admin_headers_);
      ASSERT_EQ(token.status, 201);
      auto e = server_.Request(
          "POST",
          fmt::format("/api/v1/assessments/{}/items/{}/pol-1/evidence?filename=policy.pdf",
                      ops_.assessment_of[org], ops_.profile),
          "the policy", {{"Authorization", "Bearer " + std::string(token.Json().at("secret").as_string())},
                         {"Content-Type", "application/octet-stream"}});
      ASSERT_EQ(e.status, 201) << e.body;
      ops_.evidence_of[org] = e.Json().at("id").as_int64();
      // A campaign naming the object: its open assessment (same profile version) is linked.
      auto c = server_.Request("POST", "/api/v1/campaigns",
                               json::serialize(json::object{
                                   {"name", fmt::format("Campaign of {}", org)},
                                   {"profile_id", ops_.profile},
                                   {"due_at", "2099-01-01T00:00:00Z"},
                                   {"subjects", json::array{json::object{{"subject_id", ops_.object_of[org]}}}}}),
                               admin_headers_);
      ASSERT_EQ(c.status, 201) << c.body;
      ASSERT_EQ(c.Json().at("linked").as_int64(), 1) << c.body;
      ops_.campaign_of[org] = c.Json().at("id").as_int64();
    }
  }

  TestServer server_;
  std::vector<std::pair<std::string, std::string>> admin_headers_;
  std::vector<Subject> subjects_;
  std::map<std::int64_t, std::int64_t> special_catalog_of_;
  std::map<std::int64_t, std::int64_t> course_of_;
  OperatorData ops_;
};

TEST_F(AuthzMatrixTest, EveryRoleOfEveryOrganisationOnEveryEndpoint) {
  int call = 0;
  int checked = 0;
  std::map<std::int64_t, int> users_added;  // per target organisation
  const auto endpoints = Endpoints(special_catalog_of_, course_of_, ops_);
  for (const Endpoint& e : endpoints) {
    for (const Subject& s : subjects_) {
      for (std::int64_t target : {s.org, kOtherOperator}) {
        const std::string body = e.body(++call, target);
        const auto r = server_.Request(e.method, e.path(target), body,
                                       {{"Authorization", "Bearer " + s.token}});
        const bool allowed = e.allowed(s, target);
        const auto& ok = e.ok_statuses;
        const bool as_expected =
            allowed ? std::find(ok.begin(), ok.end(), r.status) != ok.end() : r.status == 403;
        EXPECT_TRUE(as_expected) << "status " << r.status << ", expected "
                                 << (allowed ? "success" : "403")
            << e.name << " on org " << target << " by " << s.role << " of org " << s.org << ": "
            << r.body;
        if (allowed && e.name == "add user") ++users_added[target];
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(endpoints.size()) * 24 * 2);

  // Nothing denied changed anything: the other operator has exactly the users allowed calls made.
  auto users = server_.Request("GET", fmt::format("/api/v1/orgs/{}/users", kOtherOperator), "",
                               admin_headers_);
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(static_cast<int>(users.Json().at("items").as_array().size()),
            users_added[kOtherOperator]);
  EXPECT_EQ(users_added[kOtherOperator], 1);  // only the regulator's admin
}

TEST_F(AuthzMatrixTest, OrganisationListsAreScopedToWhatOneMaySee) {
  for (const Subject& s : subjects_) {
    const auto r = server_.Request("GET", "/api/v1/orgs", "", {{"Authorization", "Bearer " + s.token}});
    ASSERT_EQ(r.status, 200);
    const auto body = r.Json();
    const auto& items = body.at("items").as_array();
    const bool sees_all = s.role != "machine" && (s.kind == kRegulator || s.kind == kCert);
    if (sees_all) {
      EXPECT_EQ(items.size(), 5u) << s.role << " of " << s.org;
    } else {
      ASSERT_EQ(items.size(), 1u) << s.role << " of " << s.org;
      EXPECT_EQ(items[0].at("id").as_int64(), s.org);
    }
  }
}

TEST_F(AuthzMatrixTest, WithoutCredentialsEveryEndpointIs401) {
  for (const Endpoint& e : Endpoints(special_catalog_of_, course_of_, ops_)) {
    const auto r = server_.Request(e.method, e.path(kOrgOf[kOperator]), e.body(9999, kOrgOf[kOperator]));
    EXPECT_EQ(r.status, 401) << e.name;
    EXPECT_EQ(r.Json().at("error").at("code").as_string(), "unauthenticated");
  }
}

}  // namespace
}  // namespace qx::testing
