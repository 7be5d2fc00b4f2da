// Roles x organisations x endpoints over real HTTP: nobody reads or changes another
// organisation's data unless their role allows it. The expectations below are written out
// independently of the policy code, so a change to either shows here.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "qx/crypto/signing.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

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
  std::string content_type = "";  // empty: application/json when there is a body
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
  std::map<std::int64_t, std::int64_t> incident_of;    // operator org -> an incident it reported
  std::map<std::int64_t, std::int64_t> rfi_of;         // operator org -> a CERT question on it
  std::map<std::int64_t, std::int64_t> attachment_of;  // operator org -> a file attached to it
  std::string national_collection;
  std::map<std::int64_t, std::int64_t> campaign_of;    // operator org -> a campaign of its object
  std::map<std::int64_t, std::int64_t> agent_of;       // operator org -> an agent enrolled on its object
  std::int64_t profile = 0;
};

// Objects belong to operators: a target organisation that is not one stands for the demo
// operator, so that every subject is also tried on an operator that is not its own.
std::int64_t OperatorFor(std::int64_t target) {
  return target == kOtherOperator ? kOtherOperator : kOrgOf[kOperator];
}

bool Manages(const std::string& role) { return role == "admin" || role == "officer"; }

// Incidents: the reporting operator's people, and every person of the CERT and the regulator.
bool ReadsIncident(const Subject& s, std::int64_t target) {
  return s.role != "machine" && (OperatorFor(target) == s.org || s.kind == kRegulator || s.kind == kCert);
}
// The reporting operator's admins, officers and analysts.
bool ReportsIncident(const Subject& s, std::int64_t target) {
  return OperatorFor(target) == s.org && (Manages(s.role) || s.role == "analyst");
}
bool TriagesIncident(const Subject& s) { return s.kind == kCert && (Manages(s.role) || s.role == "analyst"); }

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
      {"import training completions", "POST", org_path("/training/completions/import"),
       [&course_of](int, std::int64_t org) {
         // The staff member M0 of every organisation is made in SetUp; a repeated import only
         // counts duplicates, so every allowed call answers 201.
         return fmt::format("staff_ref,course_id,completed_on\nM0,{},2026-01-05\n", course_of.at(org));
       },
       {201},
       [](const Subject& s, std::int64_t org) {
         return org == s.org && (s.role == "admin" || s.role == "officer");
       },
       "text/csv"},
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
      // Agents: the object's owner (its admins and officers) enrols them; its people and the
      // regulator's see them and their results; the regulator publishes their policies.
      {"create agent enrolment", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/objects/{}/agent-enrolments", ops.object_of.at(OperatorFor(org)));
       },
       [](int, std::int64_t) { return std::string("{}"); }, {201},
       [](const Subject& s, std::int64_t org) { return OperatorFor(org) == s.org && Manages(s.role); }},
      // An air-gapped host's request file: the same people as the enrolment token, a fresh key each call.
      {"enrol air-gapped agent", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/objects/{}/agents", ops.object_of.at(OperatorFor(org)));
       },
       [](int call, std::int64_t) {
         return json::serialize(json::object{{"public_key", crypto::SigningKey::Generate().PublicKeyHex()},
                                             {"hostname", fmt::format("matrix-air-{}", call)},
                                             {"machine_id", ""}});
       },
       {201},
       [](const Subject& s, std::int64_t org) { return OperatorFor(org) == s.org && Manages(s.role); }},
      {"list agents", "GET",
       [](std::int64_t org) { return fmt::format("/api/v1/agents?org={}", OperatorFor(org)); }, no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return s.role != "machine" && (OperatorFor(org) == s.org || s.kind == kRegulator);
       }},
      {"list every agent", "GET", [](std::int64_t) { return std::string("/api/v1/agents?all=1"); }, no_body, {200},
       [](const Subject& s, std::int64_t) { return s.role != "machine" && s.kind == kRegulator; }},
      {"read agent results", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/agents/{}/results", ops.agent_of.at(OperatorFor(org))); },
       no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return s.role != "machine" && (OperatorFor(org) == s.org || s.kind == kRegulator);
       }},
      {"revoke agent", "POST",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/agents/{}/revoke", ops.agent_of.at(OperatorFor(org))); },
       [](int, std::int64_t) { return std::string("{}"); }, {200},
       [](const Subject& s, std::int64_t org) { return OperatorFor(org) == s.org && Manages(s.role); }},
      {"publish agent policy", "POST", [](std::int64_t) { return std::string("/api/v1/agent-policies"); },
       [](int call, std::int64_t) {
         return json::serialize(json::object{{"name", fmt::format("matrix-{}", call)},
                                             {"kind", "native"},
                                             {"document", "policy: matrix\nrules:\n  - id: banner\n    requirements: [pol-1]\n"
                                                          "    check:\n      file: {path: /etc/issue}\n"}});
       },
       {201}, [](const Subject& s, std::int64_t) { return s.kind == kRegulator && Manages(s.role); }},
      {"list agent policies", "GET", [](std::int64_t) { return std::string("/api/v1/agent-policies"); }, no_body,
       {200}, [](const Subject& s, std::int64_t) { return s.role != "machine" && s.kind == kRegulator; }},
      // The policy an object's agents are served, for an air-gapped host: the owner's people and
      // the regulator's (who published it); nobody else's, and no machine token.
      {"download object's agent policy", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/objects/{}/agent-policy", ops.object_of.at(OperatorFor(org)));
       },
       no_body, {200},
       [](const Subject& s, std::int64_t org) {
         return s.role != "machine" && (OperatorFor(org) == s.org || s.kind == kRegulator);
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
      {"list incident regimes", "GET", [](std::int64_t) { return std::string("/api/v1/incident-regimes"); },
       no_body, {200}, [](const Subject&, std::int64_t) { return true; }},
      {"set national regime", "PUT", [](std::int64_t) { return std::string("/api/v1/incident-regimes/national"); },
       [](int, std::int64_t) {
         return std::string(R"({"id":"national","name":"National","stages":[{"key":"early_warning",)"
                            R"("name":"Early warning","anchor":"awareness","within":"PT24H"}]})");
       },
       {200}, [](const Subject& s, std::int64_t) { return s.kind == kRegulator && Manages(s.role); }},
      {"set regime mapping", "PUT", [](std::int64_t) { return std::string("/api/v1/incident-regimes/mapping"); },
       [](int, std::int64_t) { return std::string(R"({"mapping":{"finance":"dora"}})"); }, {200},
       [](const Subject& s, std::int64_t) { return s.kind == kRegulator && Manages(s.role); }},
      {"list incidents", "GET",
       [](std::int64_t org) { return fmt::format("/api/v1/incidents?org={}", OperatorFor(org)); },
       no_body, {200}, ReadsIncident},
      {"read incident", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/incidents/{}", ops.incident_of.at(OperatorFor(org))); },
       no_body, {200}, ReadsIncident},
      {"report incident", "POST", [](std::int64_t) { return std::string("/api/v1/incidents"); },
       [&ops](int, std::int64_t org) {
         return json::serialize(json::object{{"object_ids", json::array{ops.object_of.at(OperatorFor(org))}},
                                             {"title", "Matrix incident"},
                                             {"description", "d"},
                                             {"aware_at", "2026-01-01T00:00:00Z"}});
       },
       {201, 400},  // 400: the object belongs to another organisation than the reporter's
       [](const Subject& s, std::int64_t) {
         return (s.kind == kOperator || s.kind == kProvider) && (Manages(s.role) || s.role == "analyst");
       }},
      {"submit incident stage", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/stages/early_warning", ops.incident_of.at(OperatorFor(org)));
       },
       [](int, std::int64_t) {
         return std::string(R"({"fields":{"suspected_malicious":true,"cross_border_impact":"no"}})");
       },
       {201, 409},  // 409: submitted by an earlier allowed call
       ReportsIncident},
      {"request incident stage", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/stages/intermediate/request", ops.incident_of.at(OperatorFor(org)));
       },
       no_body, {200, 409},  // 409: requested by an earlier allowed call
       [](const Subject& s, std::int64_t) { return TriagesIncident(s); }},
      {"triage incident", "PATCH",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/incidents/{}", ops.incident_of.at(OperatorFor(org))); },
       [](int call, std::int64_t) { return fmt::format(R"({{"severity":"{}"}})", call % 2 ? "high" : "low"); },
       {200}, [](const Subject& s, std::int64_t) { return TriagesIncident(s); }},
      {"read incident timeline", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/timeline", ops.incident_of.at(OperatorFor(org)));
       },
       no_body, {200}, ReadsIncident},
      {"add incident note", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/timeline", ops.incident_of.at(OperatorFor(org)));
       },
       [](int, std::int64_t) { return std::string(R"({"text":"matrix note"})"); }, {201},
       [](const Subject& s, std::int64_t org) { return TriagesIncident(s) || ReportsIncident(s, org); }},
      {"list incident rfis", "GET",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/incidents/{}/rfis", ops.incident_of.at(OperatorFor(org))); },
       no_body, {200}, ReadsIncident},
      {"ask incident rfi", "POST",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/incidents/{}/rfis", ops.incident_of.at(OperatorFor(org))); },
       [](int, std::int64_t) { return std::string(R"({"question":"matrix question"})"); }, {201},
       [](const Subject& s, std::int64_t) { return TriagesIncident(s); }},
      {"answer incident rfi", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/rfis/{}/answer", ops.incident_of.at(OperatorFor(org)),
                            ops.rfi_of.at(OperatorFor(org)));
       },
       [](int, std::int64_t) { return std::string(R"({"answer":"matrix answer"})"); },
       {200, 409},  // 409: answered by an earlier allowed call
       ReportsIncident},
      // Attachments: the reporter adds (the CERT answers in notes and requests, not files);
      // whoever reads the incident lists and downloads.
      {"attach file to incident", "POST",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/attachments?filename=matrix.log", ops.incident_of.at(OperatorFor(org)));
       },
       [](int call, std::int64_t) { return fmt::format("log line {}", call); }, {201}, ReportsIncident},
      {"list incident attachments", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/attachments", ops.incident_of.at(OperatorFor(org)));
       },
       no_body, {200}, ReadsIncident},
      {"download incident attachment", "GET",
       [&ops](std::int64_t org) {
         return fmt::format("/api/v1/incidents/{}/attachments/{}/content", ops.incident_of.at(OperatorFor(org)),
                            ops.attachment_of.at(OperatorFor(org)));
       },
       no_body, {200}, ReadsIncident},
      {"share incident", "POST",
       [&ops](std::int64_t org) { return fmt::format("/api/v1/incidents/{}/share", ops.incident_of.at(OperatorFor(org))); },
       [&ops](int, std::int64_t) {
         return json::serialize(json::object{{"tlp", "green"}, {"collection_id", ops.national_collection}});
       },
       {201}, [](const Subject& s, std::int64_t) { return TriagesIncident(s); }},
      {"incident statistics", "GET", [](std::int64_t) { return std::string("/api/v1/incident-stats"); },
       no_body, {200},
       [](const Subject& s, std::int64_t) { return s.role != "machine" && (s.kind == kRegulator || s.kind == kCert); }},
      {"incident deliveries", "GET", [](std::int64_t) { return std::string("/api/v1/incident-deliveries"); },
       no_body, {200},
       [](const Subject& s, std::int64_t) { return s.role == "admin" && (s.kind == kRegulator || s.kind == kCert); }},
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
    // A training course and a staff member for every organisation, added by its own admin.
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
      auto staff = server_.Request("POST", fmt::format("/api/v1/orgs/{}/training/staff", org),
                                   R"({"staff_ref":"M0","name":"Matrix Trainee"})",
                                   {{"Authorization", bearer}, {"Content-Type", "application/json"}});
      ASSERT_EQ(staff.status, 201) << staff.body;
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
      // An agent on the object, enrolled with a one-time token of the operator's admin.
      auto enrolment = server_.Request(
          "POST", fmt::format("/api/v1/objects/{}/agent-enrolments", ops_.object_of[org]), "{}",
          {{"Authorization", "Bearer " + std::string(token.Json().at("secret").as_string())},
           {"Content-Type", "application/json"}});
      ASSERT_EQ(enrolment.status, 201) << enrolment.body;
      auto agent = server_.Request(
          "POST", "/api/v1/agent/enrol",
          json::serialize(json::object{{"token", enrolment.Json().at("token")},
                                       {"public_key", crypto::SigningKey::Generate().PublicKeyHex()},
                                       {"hostname", "matrix-host"}}));
      ASSERT_EQ(agent.status, 201) << agent.body;
      ops_.agent_of[org] = agent.Json().at("agent_id").as_int64();
      // A policy for the object alone, so that its download answers 200 to whoever may read it.
      auto policy = server_.Request(
          "POST", "/api/v1/agent-policies",
          json::serialize(json::object{{"name", fmt::format("Policy of {}", org)},
                                       {"kind", "native"},
                                       {"document", "policy: matrix-object\nrules:\n  - id: banner\n    requirements: [pol-1]\n"
                                                          "    check:\n      file: {path: /etc/issue}\n"},
                                       {"object_id", ops_.object_of[org]}}),
          admin_headers_);
      ASSERT_EQ(policy.status, 201) << policy.body;
      // A campaign naming the object: its open assessment (same profile version) is linked.
      auto campaign = server_.Request("POST", "/api/v1/campaigns",
                               json::serialize(json::object{
                                   {"name", fmt::format("Campaign of {}", org)},
                                   {"profile_id", ops_.profile},
                                   {"due_at", "2099-01-01T00:00:00Z"},
                                   {"subjects", json::array{json::object{{"subject_id", ops_.object_of[org]}}}}}),
                               admin_headers_);
      ASSERT_EQ(campaign.status, 201) << campaign.body;
      ASSERT_EQ(campaign.Json().at("linked").as_int64(), 1) << campaign.body;
      ops_.campaign_of[org] = campaign.Json().at("id").as_int64();
      auto incident = server_.Request(
          "POST", "/api/v1/incidents",
          json::serialize(json::object{{"object_ids", json::array{ops_.object_of[org]}},
                                       {"title", "Matrix ransomware"},
                                       {"description", "Historian encrypted"},
                                       {"aware_at", "2026-01-01T00:00:00Z"},
                                       {"indicators", json::array{json::object{{"type", "ipv4-addr"},
                                                                               {"value", "198.51.100.9"}}}}}),
          {{"Authorization", "Bearer " + std::string(token.Json().at("secret").as_string())},
           {"Content-Type", "application/json"}});
      ASSERT_EQ(incident.status, 201) << incident.body;
      ops_.incident_of[org] = incident.Json().at("id").as_int64();
      auto attachment = server_.Request(
          "POST", fmt::format("/api/v1/incidents/{}/attachments?filename=edr.log", ops_.incident_of[org]),
          "edr export", {{"Authorization", "Bearer " + std::string(token.Json().at("secret").as_string())},
                         {"Content-Type", "text/plain"}});
      ASSERT_EQ(attachment.status, 201) << attachment.body;
      ops_.attachment_of[org] = attachment.Json().at("id").as_int64();
    }
    // A CERT question on each incident, and the national TAXII collection to share into.
    auto cert = server_.Request("POST", fmt::format("/api/v1/orgs/{}/tokens", kOrgOf[kCert]),
                                R"({"name":"cert","role":"admin"})", admin_headers_);
    ASSERT_EQ(cert.status, 201) << cert.body;
    const Headers cert_headers{{"Authorization", "Bearer " + std::string(cert.Json().at("secret").as_string())},
                               {"Content-Type", "application/json"}};
    for (std::int64_t org : {kOrgOf[kOperator], kOtherOperator}) {
      auto rfi = server_.Request("POST", fmt::format("/api/v1/incidents/{}/rfis", ops_.incident_of[org]),
                                 R"({"question":"Which hosts?"})", cert_headers);
      ASSERT_EQ(rfi.status, 201) << rfi.body;
      ops_.rfi_of[org] = rfi.Json().at("id").as_int64();
    }
    auto collections = server_.Request("GET", "/taxii2/qalxan/collections/", "",
                                       {cert_headers[0], {"Accept", "application/taxii+json;version=2.1"}});
    ASSERT_EQ(collections.status, 200) << collections.body;
    const json::value listed = collections.Json();
    for (const auto& c : listed.at("collections").as_array()) {
      if (c.at("title") == "National") ops_.national_collection = std::string(c.at("id").as_string());
    }
    ASSERT_FALSE(ops_.national_collection.empty());
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
        Headers headers{{"Authorization", "Bearer " + s.token}};
        if (!e.content_type.empty()) headers.emplace_back("Content-Type", e.content_type);
        const auto r = server_.Request(e.method, e.path(target), body, headers);
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
    Headers headers;
    if (!e.content_type.empty()) headers.emplace_back("Content-Type", e.content_type);
    const auto r = server_.Request(e.method, e.path(kOrgOf[kOperator]), e.body(9999, kOrgOf[kOperator]), headers);
    EXPECT_EQ(r.status, 401) << e.name;
    EXPECT_EQ(r.Json().at("error").at("code").as_string(), "unauthenticated");
  }
}

}  // namespace
}  // namespace qx::testing
