// Roles x organisations x endpoints over real HTTP: nobody reads or changes another
// organisation's data unless their role allows it. The expectations below are written out
// independently of the policy code, so a change to either shows here.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <map>

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
  std::function<std::string(int call)> body;  // empty for GET
  int ok_status;
  std::function<bool(const Subject&, std::int64_t target_org)> allowed;
};

std::vector<Endpoint> Endpoints() {
  auto org_path = [](std::string suffix) {
    return [suffix](std::int64_t org) { return fmt::format("/api/v1/orgs/{}{}", org, suffix); };
  };
  auto no_body = [](int) { return std::string(); };
  return {
      {"read organisation", "GET", org_path(""), no_body, 200,
       [](const Subject& s, std::int64_t org) {
         return org == s.org || (s.role != "machine" && (s.kind == kRegulator || s.kind == kCert));
       }},
      {"list users", "GET", org_path("/users"), no_body, 200,
       [](const Subject& s, std::int64_t org) {
         return ReadsPeople(s.role) && (org == s.org || s.kind == kRegulator);
       }},
      {"add user", "POST", org_path("/users"),
       [](int call) {
         return json::serialize(json::object{{"username", fmt::format("matrix.user{}", call)},
                                             {"display_name", "Matrix User"},
                                             {"role", "staff"},
                                             {"password", "matrix-password-1"}});
       },
       201,
       [](const Subject& s, std::int64_t org) {
         return s.role == "admin" && (org == s.org || s.kind == kRegulator);
       }},
      {"list tokens", "GET", org_path("/tokens"), no_body, 200,
       [](const Subject& s, std::int64_t org) {
         return s.role == "admin" && (org == s.org || s.kind == kRegulator);
       }},
      {"create token", "POST", org_path("/tokens"),
       [](int) { return std::string(R"({"name":"matrix","role":"machine"})"); }, 201,
       [](const Subject& s, std::int64_t org) {
         return s.role == "admin" && (org == s.org || s.kind == kRegulator);
       }},
      {"read audit trail", "GET", [](std::int64_t org) { return fmt::format("/api/v1/audit?org={}", org); },
       no_body, 200,
       [](const Subject& s, std::int64_t) {
         return s.kind == kRegulator && ReadsPeople(s.role);
       }},
      {"register organisation", "POST", [](std::int64_t) { return std::string("/api/v1/orgs"); },
       [](int call) {
         return json::serialize(json::object{{"name", fmt::format("Matrix Org {}", call)},
                                             {"kind", "provider"}});
       },
       201,
       [](const Subject& s, std::int64_t) { return s.kind == kRegulator && s.role == "admin"; }},
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
  }

  TestServer server_;
  std::vector<std::pair<std::string, std::string>> admin_headers_;
  std::vector<Subject> subjects_;
};

TEST_F(AuthzMatrixTest, EveryRoleOfEveryOrganisationOnEveryEndpoint) {
  int call = 0;
  int checked = 0;
  std::map<std::int64_t, int> users_added;  // per target organisation
  for (const Endpoint& e : Endpoints()) {
    for (const Subject& s : subjects_) {
      for (std::int64_t target : {s.org, kOtherOperator}) {
        const std::string body = e.body(++call);
        const auto r = server_.Request(e.method, e.path(target), body,
                                       {{"Authorization", "Bearer " + s.token}});
        const bool allowed = e.allowed(s, target);
        EXPECT_EQ(r.status, allowed ? e.ok_status : 403)
            << e.name << " on org " << target << " by " << s.role << " of org " << s.org << ": "
            << r.body;
        if (allowed && e.name == "add user") ++users_added[target];
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 7 * 24 * 2);

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
  for (const Endpoint& e : Endpoints()) {
    const auto r = server_.Request(e.method, e.path(kOrgOf[kOperator]), e.body(9999));
    EXPECT_EQ(r.status, 401) << e.name;
    EXPECT_EQ(r.Json().at("error").at("code").as_string(), "unauthenticated");
  }
}

}  // namespace
}  // namespace qx::testing
