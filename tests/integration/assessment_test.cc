// Self-assessment over HTTP: answers, evidence (content-addressed, size-limited, never served as a
// page), the review flow with comments and locking, remediation, score and posture, upgrade to a
// new profile version, automated observations, and the sweep after a crash mid-upload.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "qx/crypto/digest.h"
#include "qx/core/calendar.h"
#include "test_server.h"

namespace qx::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::int64_t kEvidenceLimit = 64 * 1024;

// A profile of the mini catalog: every control (v1 without pol-2 when `all` is false).
json::object MiniProfile(bool all, const std::string& interval) {
  json::object import{{"href", "mini.catalog.json"}};
  if (all) {
    import["include-all"] = json::object{};
  } else {
    import["include-controls"] = json::array{json::object{{"with-ids", json::array{"pol-1", "acc-1"}}}};
  }
  return {{"profile",
           json::object{{"uuid", "5b1f0a52-3c55-4a8e-9d1e-7f6c2b9a0d11"},
                        {"metadata", json::object{{"title", "Oil and gas"},
                                                  {"last-modified", "2026-11-01T00:00:00Z"},
                                                  {"version", all ? "2.0.0" : "1.0.0"},
                                                  {"oscal-version", "1.1.2"}}},
                        {"imports", json::array{import}},
                        {"modify", json::object{{"set-parameters",
                                                 json::array{json::object{{"param-id", "pol-1_prm_1"},
                                                                          {"values", json::array{interval}}}}}}}}}};
}

size_t FilesUnder(const fs::path& p) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(p, ec)) n += e.is_regular_file();
  return n;
}

class AssessmentTest : public ::testing::Test {
 protected:
  explicit AssessmentTest(const std::function<void(app::Config&)>& configure = {})
      : server_(1 << 20, QALXAN_FIXTURES "/catalogs-mini", [&](app::Config& c) {
          c.evidence_limit = kEvidenceLimit;
          if (configure) configure(c);
        }) {}

  void SetUp() override {
    auto [oc, os] = server_.Login("operator.admin");
    op_ = {{"Cookie", oc}, {"X-CSRF-Token", os}};
    auto [rc, rs] = server_.Login("regulator.admin");
    reg_ = {{"Cookie", rc}, {"X-CSRF-Token", rs}};
    PublishProfile(false, "yearly");
    object_ = Post("/api/v1/objects", json::object{{"name", "Pipeline SCADA"}, {"kind", "ot"}}, op_)
                  .Json().at("id").as_int64();
    // Category 1: every control of the mini catalog applies to an oil and gas object.
    const auto c = Post(fmt::format("/api/v1/objects/{}/categorisations", object_),
                        json::object{{"answers", json::object{{"people", 60000}, {"economy", 0}, {"environment", 0},
                                                              {"defence", 0}, {"state_administration", 0},
                                                              {"dependent_cii", 0}}}},
                        op_);
    ASSERT_EQ(c.Json().at("computed").as_int64(), 1) << c.body;
  }

  void PublishProfile(bool all, const std::string& interval) {
    auto r = Post("/api/v1/catalogs", json::object{{"name", "oil-and-gas"}, {"document", MiniProfile(all, interval)}}, reg_);
    ASSERT_EQ(r.status, 201) << r.body;
    profile_ = r.Json().at("catalog").at("id").as_int64();
    ASSERT_EQ(Post(fmt::format("/api/v1/catalogs/{}/publish", profile_), json::object{}, reg_).status, 200);
  }

  HttpResult Post(const std::string& path, const json::value& body, const Headers& h) {
    return server_.Request("POST", path, json::serialize(body), h);
  }
  HttpResult Put(const std::string& path, const json::value& body, const Headers& h) {
    return server_.Request("PUT", path, json::serialize(body), h);
  }
  HttpResult Get(const std::string& path, const Headers& h) { return server_.Request("GET", path, "", h); }
  std::string Item(std::int64_t a, const std::string& control, const std::string& suffix = "") {
    return fmt::format("/api/v1/assessments/{}/items/{}/{}{}", a, profile_, control, suffix);
  }
  HttpResult Answer(std::int64_t a, const std::string& control, const std::string& result,
                    const std::string& justification = "") {
    return Put(Item(a, control), json::object{{"result", result}, {"justification", justification}}, op_);
  }
  HttpResult Upload(std::int64_t a, const std::string& control, const std::string& bytes,
                    const std::string& query = "filename=report.html") {
    return server_.Request("POST", Item(a, control, "/evidence?" + query), bytes,
                           {op_[0], op_[1], {"Content-Type", "application/octet-stream"}});
  }
  std::int64_t NewAssessment() {
    auto r = Post("/api/v1/assessments", json::object{{"subject_kind", "object"}, {"subject_id", object_}}, op_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("id").as_int64();
  }
  fs::path EvidenceDir() const { return fs::path(server_.data_dir()) / "evidence"; }

  TestServer server_;
  Headers op_, reg_;
  std::int64_t profile_ = 0;
  std::int64_t object_ = 0;
};

TEST_F(AssessmentTest, FillInSubmitReviewAcceptAndSeeTheScore) {
  const auto a = NewAssessment();
  auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  EXPECT_EQ(view.at("status").as_string(), "draft");
  EXPECT_EQ(view.at("profile").at("catalog_id").as_int64(), profile_);
  std::vector<std::string> controls;
  for (const auto& i : view.at("items").as_array()) controls.emplace_back(i.at("control_id").as_string());
  EXPECT_EQ(controls, (std::vector<std::string>{"pol-1", "acc-1"}));
  EXPECT_EQ(view.at("progress").at("total").as_int64(), 2);
  // One open assessment per subject.
  EXPECT_EQ(Post("/api/v1/assessments", json::object{{"subject_id", object_}}, op_).status, 409);

  EXPECT_EQ(Answer(a, "acc-1", "not_applicable").status, 400);  // needs a justification
  EXPECT_EQ(Answer(a, "nope-9", "compliant").status, 404);
  ASSERT_EQ(Answer(a, "pol-1", "partial").status, 200);
  ASSERT_EQ(Answer(a, "acc-1", "compliant").status, 200);
  // Partial needs a remediation action before submission.
  auto refused = Post(fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, op_);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("pol-1"), std::string::npos);
  auto action = Post(Item(a, "pol-1", "/remediation"),
                     json::object{{"action", "Board approval of the policy"},
                                  {"owner", "CISO"},
                                  {"due_at", "2027-03-01T00:00:00Z"}},
                     op_);
  ASSERT_EQ(action.status, 201) << action.body;
  EXPECT_EQ(Post(Item(a, "acc-1", "/remediation"),
                 json::object{{"action", "x"}, {"owner", "y"}, {"due_at", "2027-03-01T00:00:00Z"}}, op_).status,
            409);  // acc-1 is compliant

  // Evidence: an HTML file is stored and handed back as an opaque download.
  const std::string html = "<html><script>alert('x')</script></html>";
  EXPECT_EQ(Upload(a, "acc-1", html, "filename=..%2Fevil.html").status, 400);  // refused, not repaired
  auto up = Upload(a, "acc-1", html, "filename=evil.html&expires=2099-01-01T00:00:00Z");
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.Json().at("sha256").as_string(), crypto::Sha256Hex(html));
  EXPECT_EQ(up.Json().at("filename").as_string(), "evil.html");
  const auto evidence_id = up.Json().at("id").as_int64();
  EXPECT_TRUE(fs::exists(EvidenceDir() / "objects" / crypto::Sha256Hex(html).substr(0, 2) / crypto::Sha256Hex(html)));
  auto content = Get(fmt::format("/api/v1/evidence/{}/content", evidence_id), op_);
  ASSERT_EQ(content.status, 200);
  EXPECT_EQ(content.body, html);
  EXPECT_EQ(content.Header("Content-Type"), "application/octet-stream");
  EXPECT_EQ(content.Header("Content-Disposition"), "attachment; filename=\"evil.html\"; filename*=UTF-8''evil.html");
  EXPECT_EQ(content.Header("X-Content-Type-Options"), "nosniff");

  auto submitted = Post(fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, op_);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.Json().at("status").as_string(), "submitted");
  // Locked for the operator.
  EXPECT_EQ(Answer(a, "pol-1", "compliant").status, 409);
  EXPECT_EQ(Upload(a, "pol-1", "more").status, 409);
  EXPECT_EQ(server_.Request("DELETE", fmt::format("/api/v1/evidence/{}", evidence_id), "", op_).status, 409);
  // The operator does not review its own; the regulator does not answer.
  EXPECT_EQ(Post(fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, op_).status, 403);
  EXPECT_EQ(Put(Item(a, "pol-1"), json::object{{"result", "compliant"}}, reg_).status, 403);

  ASSERT_EQ(Post(Item(a, "pol-1", "/comments"), json::object{{"body", "Show the board minutes"}}, reg_).status, 201);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, reg_).status, 200);
  auto changes = Post(fmt::format("/api/v1/assessments/{}/request_changes", a), json::object{}, reg_);
  ASSERT_EQ(changes.status, 200);
  EXPECT_EQ(changes.Json().at("status").as_string(), "changes_requested");
  EXPECT_EQ(Answer(a, "pol-1", "compliant").status, 409);  // reopen first
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/reopen", a), json::object{}, op_).status, 200);
  ASSERT_EQ(Answer(a, "pol-1", "compliant").status, 200);
  view = Get(fmt::format("/api/v1/assessments/{}", a), reg_).Json();
  EXPECT_EQ(view.at("items").as_array()[0].at("comments").as_array()[0].at("body").as_string(),
            "Show the board minutes");
  EXPECT_DOUBLE_EQ(view.at("live_score").at("value").as_double(), 1.0);
  ASSERT_EQ(Answer(a, "pol-1", "partial").status, 200);  // the action stays planned
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, op_).status, 200);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, reg_).status, 200);
  auto accepted = Post(fmt::format("/api/v1/assessments/{}/accept", a), json::object{}, reg_);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.Json().at("status").as_string(), "accepted");
  EXPECT_DOUBLE_EQ(accepted.Json().at("score").as_double(), 0.75);  // (0.5 + 1) / 2

  // Posture: the operator sees its own organisation; the nation and sectors are the regulator's.
  auto own = Get("/api/v1/orgs/3/posture", op_);
  ASSERT_EQ(own.status, 200);
  EXPECT_DOUBLE_EQ(own.Json().at("score").as_double(), 0.75);
  EXPECT_EQ(Get("/api/v1/posture/nation", op_).status, 403);
  EXPECT_EQ(Get("/api/v1/orgs/5/posture", op_).status, 403);
  auto nation = Get("/api/v1/posture/nation", reg_).Json();
  EXPECT_DOUBLE_EQ(nation.at("score").as_double(), 0.75);
  EXPECT_EQ(nation.at("subjects").as_int64(), 1);
  auto sectors = Get("/api/v1/posture/sectors", reg_).Json();
  EXPECT_EQ(sectors.at("items").as_array()[0].at("sector").as_string(), "oil_and_gas");
  auto series = Get("/api/v1/posture/series?scope=sector&key=oil_and_gas", reg_).Json();
  ASSERT_EQ(series.at("items").as_array().size(), 1u);
  EXPECT_EQ(Get("/api/v1/posture/series?scope=org&key=3", op_).Json().at("items").as_array().size(), 1u);

  // Remediation goes on after acceptance.
  const auto action_id = action.Json().at("id").as_int64();
  auto done = Put(fmt::format("/api/v1/remediation/{}", action_id),
                  json::object{{"action", "Board approval of the policy"}, {"owner", "CISO"},
                               {"due_at", "2027-03-01T00:00:00Z"}, {"status", "done"}},
                  op_);
  EXPECT_EQ(done.status, 200) << done.body;

  const auto audit = Get("/api/v1/audit?org=3&limit=1000", reg_).body;
  for (const char* a : {"assessment.create", "assessment.answer", "evidence.add", "remediation.add",
                        "assessment.submit", "assessment.comment", "assessment.request_changes",
                        "assessment.reopen", "assessment.accept", "remediation.update"}) {
    EXPECT_NE(audit.find(fmt::format("\"{}\"", a)), std::string::npos) << a;
  }
}

TEST_F(AssessmentTest, AnUploadOverTheLimitIs413AndLeavesNothingBehind) {
  const auto a = NewAssessment();
  ASSERT_EQ(Upload(a, "pol-1", "small").status, 201);
  const size_t files = FilesUnder(EvidenceDir());
  auto big = Upload(a, "pol-1", std::string(kEvidenceLimit + 1, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.Json().at("error").at("code").as_string(), "payload_too_large");
  EXPECT_EQ(FilesUnder(EvidenceDir()), files);
  EXPECT_EQ(FilesUnder(EvidenceDir() / "tmp"), 0u);
  const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  EXPECT_EQ(view.at("items").as_array()[0].at("evidence").as_array().size(), 1u);
  // Over the server's own body limit the transport answers 413 before any handler runs.
  EXPECT_EQ(Upload(a, "pol-1", std::string((1 << 20) + 1, 'x')).status, 413);
  EXPECT_EQ(FilesUnder(EvidenceDir()), files);
}

TEST_F(AssessmentTest, EvidenceIsSharedByContentAndExpiredEvidenceStopsCounting) {
  const auto a = NewAssessment();
  ASSERT_EQ(Answer(a, "pol-1", "compliant").status, 200);
  ASSERT_EQ(Answer(a, "acc-1", "compliant").status, 200);
  auto first = Upload(a, "pol-1", "minutes", "filename=a.pdf");
  auto second = Upload(a, "acc-1", "minutes", "filename=b.pdf");
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(FilesUnder(EvidenceDir() / "objects"), 1u);  // one blob for the same bytes
  ASSERT_EQ(server_.Request("DELETE", fmt::format("/api/v1/evidence/{}", first.Json().at("id").as_int64()), "", op_).status, 204);
  EXPECT_EQ(FilesUnder(EvidenceDir() / "objects"), 1u);  // still named by the other row
  ASSERT_EQ(server_.Request("DELETE", fmt::format("/api/v1/evidence/{}", second.Json().at("id").as_int64()), "", op_).status, 204);
  // Named by no row: gone, unless young with a shared directory (another replica may be about to
  // name the same bytes; the sweep takes them once older than its guard).
  EXPECT_EQ(FilesUnder(EvidenceDir() / "objects"), server_.backend() == "postgresql" ? 1u : 0u);

  EXPECT_EQ(Upload(a, "pol-1", "x", "effective=2025-01-01T00:00:00Z&expires=2024-01-01T00:00:00Z").status, 400);
  ASSERT_EQ(Upload(a, "pol-1", "old certificate", "filename=cert.pdf&effective=2024-01-01T00:00:00Z&expires=2025-01-01T00:00:00Z").status, 201);
  const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  const auto& pol = view.at("items").as_array()[0];
  EXPECT_FALSE(pol.at("evidence").as_array()[0].at("in_force").as_bool());
  EXPECT_EQ(pol.at("evidence_in_force").as_int64(), 0);
  EXPECT_DOUBLE_EQ(view.at("live_score").at("value").as_double(), 0.5);
  EXPECT_EQ(view.at("live_score").at("stale").as_int64(), 1);
}

TEST_F(AssessmentTest, UpgradeCarriesUnchangedAnswersAndFlagsChangedAndNewOnes) {
  const auto a = NewAssessment();
  ASSERT_EQ(Answer(a, "pol-1", "compliant").status, 200);
  ASSERT_EQ(Answer(a, "acc-1", "not_applicable", "no SSH on this system").status, 200);
  ASSERT_EQ(Upload(a, "acc-1", "config dump").status, 201);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, op_).status, 200);
  EXPECT_EQ(Post(fmt::format("/api/v1/assessments/{}/upgrade", a), json::object{}, op_).status, 409);  // in review
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, reg_).status, 200);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/accept", a), json::object{}, reg_).status, 200);
  EXPECT_EQ(Post(fmt::format("/api/v1/assessments/{}/upgrade", a), json::object{}, op_).status, 409);  // same version

  // Version 2 of the profile: pol-1's parameter changes, pol-2 (and pol-1.1) come in.
  PublishProfile(true, "every two years");
  auto up = Post(fmt::format("/api/v1/assessments/{}/upgrade", a), json::object{}, op_);
  ASSERT_EQ(up.status, 201) << up.body;
  const auto b = up.Json().at("id").as_int64();
  EXPECT_EQ(up.Json().at("previous_id").as_int64(), a);
  EXPECT_EQ(up.Json().at("profile").at("seq").as_int64(), 2);
  EXPECT_EQ(up.Json().at("status").as_string(), "draft");
  const auto view = Get(fmt::format("/api/v1/assessments/{}", b), op_).Json();
  std::map<std::string, json::object> items;
  for (const auto& i : view.at("items").as_array()) items[std::string(i.at("control_id").as_string())] = i.as_object();
  ASSERT_TRUE(items.count("pol-2"));
  EXPECT_EQ(items["pol-1"].at("flag").as_string(), "changed");
  EXPECT_EQ(items["pol-1"].at("result").as_string(), "unanswered");
  EXPECT_EQ(items["pol-1"].at("previous_result").as_string(), "compliant");
  EXPECT_EQ(items["acc-1"].at("flag").as_string(), "none");
  EXPECT_EQ(items["acc-1"].at("result").as_string(), "not_applicable");
  EXPECT_EQ(items["acc-1"].at("justification").as_string(), "no SSH on this system");
  EXPECT_EQ(items["acc-1"].at("evidence").as_array().size(), 1u);
  EXPECT_EQ(items["pol-2"].at("flag").as_string(), "new");
  // The old one stays on its version, accepted, and is superseded.
  const auto old = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  EXPECT_EQ(old.at("status").as_string(), "accepted");
  EXPECT_EQ(old.at("superseded_by").as_int64(), b);
  EXPECT_EQ(old.at("profile").at("seq").as_int64(), 1);
  EXPECT_EQ(Post(fmt::format("/api/v1/assessments/{}/upgrade", a), json::object{}, op_).status, 409);
}

TEST_F(AssessmentTest, AgentsPostObservationsThatShowInTheAssessment) {
  const auto a = NewAssessment();
  auto token = Post("/api/v1/orgs/3/tokens", json::object{{"name", "agent"}, {"role", "machine"}}, op_);
  ASSERT_EQ(token.status, 201);
  const Headers agent = {{"Authorization", "Bearer " + std::string(token.Json().at("secret").as_string())}};
  const json::object obs{{"subject_kind", "object"}, {"subject_id", object_}, {"control_id", "acc-1"},
                         {"source", "agent:hmi-01"}, {"result", "fail"},
                         {"detail", "PermitRootLogin yes"}, {"observed_at", "2026-11-20T10:00:00Z"}};
  ASSERT_EQ(Post("/api/v1/observations", obs, agent).status, 201);
  json::object newer = obs;
  newer["result"] = "pass";
  newer["observed_at"] = "2026-11-21T10:00:00Z";
  ASSERT_EQ(Post("/api/v1/observations", newer, agent).status, 201);
  EXPECT_EQ(Post("/api/v1/observations", obs, reg_).status, 403);
  const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  const auto& acc = view.at("items").as_array()[1];
  ASSERT_EQ(acc.at("observations").as_array().size(), 1u);  // the newest per source
  EXPECT_EQ(acc.at("observations").as_array()[0].at("result").as_string(), "pass");
}

TEST_F(AssessmentTest, TrainingRulesShowAsAutomatedResultsOfTheirRequirement) {
  const auto course = Post("/api/v1/orgs/3/training/courses", json::object{{"title", "Induction"}}, op_);
  ASSERT_EQ(course.status, 201) << course.body;
  const auto person = Post("/api/v1/orgs/3/training/staff", json::object{{"staff_ref", "E1"}, {"name", "Operator"}}, op_);
  const auto audience = Post("/api/v1/orgs/3/training/audiences",
                             json::object{{"name", "Control room"}, {"members", json::array{person.Json().at("id")}}}, op_);
  ASSERT_EQ(audience.status, 201) << audience.body;
  const auto rule = Post("/api/v1/orgs/3/training/rules",
                         json::object{{"requirement_id", "acc-1"}, {"course_id", course.Json().at("id")},
                                      {"audience_id", audience.Json().at("id")}, {"min_percent", 100}},
                         op_);
  ASSERT_EQ(rule.status, 201) << rule.body;
  const auto a = NewAssessment();
  auto training_results = [&] {
    const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
    std::vector<std::string> out;
    for (const auto& item : view.at("items").as_array()) {
      for (const auto& o : item.at("observations").as_array()) {
        out.push_back(std::string(item.at("control_id").as_string()) + " " + std::string(o.at("source").as_string()) +
                      " " + std::string(o.at("result").as_string()));
      }
    }
    return out;
  };
  EXPECT_EQ(training_results(), std::vector<std::string>{"acc-1 training:Induction fail"});
  const std::string today = FormatDate(DayOf(SystemClock().Now()));
  ASSERT_EQ(Post("/api/v1/orgs/3/training/completions",
                 json::object{{"completions", json::array{json::object{{"staff_id", person.Json().at("id")},
                                                                       {"course_id", course.Json().at("id")},
                                                                       {"completed_on", today}}}}},
                 op_).status,
            201);
  EXPECT_EQ(training_results(), std::vector<std::string>{"acc-1 training:Induction pass"});
}

TEST_F(AssessmentTest, WeightsAreTheRegulatorsAndChangeTheScore) {
  const auto a = NewAssessment();
  ASSERT_EQ(Answer(a, "pol-1", "partial").status, 200);
  ASSERT_EQ(Answer(a, "acc-1", "non_compliant").status, 200);
  const json::object weights{{"weights", json::object{{"partial", 1.0}, {"requirements", json::object{{"acc-1", 3}}}}}};
  EXPECT_EQ(Put("/api/v1/scoring/weights", weights, op_).status, 403);
  ASSERT_EQ(Put("/api/v1/scoring/weights", weights, reg_).status, 200);
  const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  EXPECT_DOUBLE_EQ(view.at("live_score").at("value").as_double(), 1.0 / 4);
  EXPECT_EQ(Put("/api/v1/scoring/weights", json::object{{"weights", json::object{{"partial", 2}}}}, reg_).status, 400);
}

// Evidence names follow the incident attachments' rule (domain::CheckFileName): a bad name is a 400
// naming the problem, and nothing is stored.
TEST_F(AssessmentTest, BadEvidenceNamesAreRefusedLikeAttachmentNames) {
  const auto a = NewAssessment();
  const size_t files = FilesUnder(EvidenceDir());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"description=x", "a file name is required"},
      {"filename=", "a file name is required"},
      {"filename=..%2Fetc%2Fpasswd", "must not start with a dot"},
      {"filename=logs%2Fa.txt", "must not hold a path"},
      {"filename=C%3A%5Ca.txt", "must not hold a path"},
      {"filename=a%0D%0ASet-Cookie%3A%20x.txt", "control characters"},
      {"filename=a%00b.txt", "NUL byte"},  // the transport refuses it before the route
      {"filename=invoice%E2%80%AEfdp.exe", "control characters"},
      {"filename=a%22.txt", "quotes"},
      {"filename=%C3(.txt", "not valid UTF-8"},
      {"filename=" + std::string(201, 'a'), "longer than 200 bytes"},
  };
  for (const auto& [query, says] : cases) {
    auto r = Upload(a, "pol-1", "bytes", query);
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << query << " " << r.body;
  }
  EXPECT_EQ(FilesUnder(EvidenceDir()), files);
  const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  for (const auto& item : view.at("items").as_array()) EXPECT_TRUE(item.at("evidence").as_array().empty());
  // The same rule accepts what a person would type, in any script.
  auto ok = Upload(a, "pol-1", "bytes", "filename=" + UrlEncode("Hesabat 2026 (son) — отчёт.pdf"));
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.Json().at("filename").as_string(), "Hesabat 2026 (son) — отчёт.pdf");
}

// A database failure after the bytes were stored leaves no row; the bytes go at once with SQLite,
// and with PostgreSQL (a directory replicas may share) stay until a sweep finds them older than
// its guard, as an upload in flight on another replica may be about to name the same bytes.
TEST_F(AssessmentTest, ADatabaseFailureAfterTheBytesLeavesNoRowAndTheBytesToTheSweep) {
  const auto a = NewAssessment();
  const bool pg = server_.backend() == "postgresql";
  server_.Sql(pg ? "CREATE FUNCTION qx_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;"
                   "CREATE TRIGGER evidence_refused BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION qx_refuse()"
                 : "CREATE TRIGGER evidence_refused BEFORE INSERT ON evidence BEGIN SELECT RAISE(ABORT, 'refused'); END");
  auto r = Upload(a, "pol-1", "orphan candidate", "filename=a.txt");
  server_.Sql(pg ? "DROP TRIGGER evidence_refused ON evidence" : "DROP TRIGGER evidence_refused");
  EXPECT_GE(r.status, 400) << r.body;  // SQLite calls the abort a conflict (409), PostgreSQL 500
  const auto view = Get(fmt::format("/api/v1/assessments/{}", a), op_).Json();
  for (const auto& item : view.at("items").as_array()) EXPECT_TRUE(item.at("evidence").as_array().empty());
  EXPECT_EQ(FilesUnder(EvidenceDir() / "tmp"), 0u);
  const std::string sha256 = crypto::Sha256Hex("orphan candidate");
  const fs::path blob = EvidenceDir() / "objects" / sha256.substr(0, 2) / sha256;
  EXPECT_EQ(fs::exists(blob), pg);
  if (pg) {
    auto young = app::ServerApp::Create(server_.config());  // a replica starting sweeps...
    ASSERT_TRUE(young) << young.error().message;
    EXPECT_TRUE(fs::exists(blob));  // ...but not what may be in flight
    fs::last_write_time(blob, fs::file_time_type::clock::now() - std::chrono::minutes(11));
    auto old = app::ServerApp::Create(server_.config());
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_FALSE(fs::exists(blob));
  }
  // And the same bytes upload fine afterwards.
  ASSERT_EQ(Upload(a, "pol-1", "orphan candidate", "filename=a.txt").status, 201);
  EXPECT_TRUE(fs::exists(blob));
}

// Whatever name an evidence row holds (rows written before names were checked included), the
// download's Content-Disposition is one RFC 6266 line: no quote, CR, LF or raw non-ASCII byte
// reaches the header, and filename* gives the name back.
TEST_F(AssessmentTest, EvidenceDownloadsServeHostileNamesAsOneSafeHeader) {
  const auto a = NewAssessment();
  const std::string az = "Kritik_infrastruktur_obyektinin_təhlükəsizlik_qiymətləndirilməsi_hesabatı_2026.pdf";
  const std::string ru = "Отчёт_об_оценке_защищённости_объекта_критической_инфраструктуры.pdf";
  for (const std::string& name : {az, ru}) {
    auto up = Upload(a, "pol-1", "report " + name, "filename=" + UrlEncode(name));
    ASSERT_EQ(up.status, 201) << up.body;
    auto got = Get(fmt::format("/api/v1/evidence/{}/content", up.Json().at("id").as_int64()), op_);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(DispositionName(got.Header("Content-Disposition")), name);
  }
  EXPECT_EQ(Get(fmt::format("/api/v1/evidence/{}/content", Upload(a, "pol-1", "x", "filename=" + UrlEncode("ə.pdf"))
                                                               .Json().at("id").as_int64()), op_)
                .Header("Content-Disposition"),
            "attachment; filename=\"_.pdf\"; filename*=UTF-8''%C9%99.pdf");

  auto up = Upload(a, "pol-1", "legacy bytes", "filename=legacy.txt");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto id = up.Json().at("id").as_int64();
  std::vector<HostileName> cases = HostileStoredNames(server_.backend());
  cases.push_back({ru, ru});
  for (const auto& c : cases) {
    server_.Sql(fmt::format("UPDATE evidence SET filename = {} WHERE id = {}", server_.SqlText(c.stored), id));
    auto got = Get(fmt::format("/api/v1/evidence/{}/content", id), op_);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.body, "legacy bytes");
    EXPECT_EQ(DispositionName(got.Header("Content-Disposition")), c.shown);
    EXPECT_EQ(got.Header("Set-Cookie"), "");
    EXPECT_EQ(got.Header("X-Injected"), "");
    EXPECT_EQ(got.Header("Content-Type"), "application/octet-stream");
  }
}

// A crash mid-upload leaves a partial file in tmp/ or a blob without its row; the next start
// removes both and keeps what rows name.
TEST(EvidenceSweepTest, TheNextStartRemovesWhatACrashLeftBehind) {
  const fs::path dir = fs::temp_directory_path() / ("qx-sweep-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  app::Config config;
  config.data_dir = dir.string();
  config.listen = "127.0.0.1:0";
  config.web_root = "/nonexistent";
  config.catalogs_dir = "/nonexistent";
  config.password_cost = "minimal";
  config.bootstrap_password = kBootstrapPassword;
  {
    auto app = app::ServerApp::Create(config);
    ASSERT_TRUE(app) << app.error().message;
  }
  const fs::path partial = dir / "evidence" / "tmp" / "abc.part";
  std::ofstream(partial) << "half";
  const std::string orphan_digest = crypto::Sha256Hex("orphan");
  const fs::path orphan = dir / "evidence" / "objects" / orphan_digest.substr(0, 2) / orphan_digest;
  fs::create_directories(orphan.parent_path());
  std::ofstream(orphan) << "orphan";
  {
    auto app = app::ServerApp::Create(config);
    ASSERT_TRUE(app) << app.error().message;
  }
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_FALSE(fs::exists(orphan));
  fs::remove_all(dir);
}

// A server sweeping every second (file_sweep_seconds): orphans older than the guard go from both
// stores while it runs, without a restart; named bytes stay however old, and so do young orphans
// on PostgreSQL (another replica may be about to name them), while with SQLite they go too.
class PeriodicSweepTest : public AssessmentTest {
 protected:
  PeriodicSweepTest() : AssessmentTest([](app::Config& c) { c.file_sweep_seconds = 1; }) {}
};

TEST_F(PeriodicSweepTest, OrphansGoWhileTheServerRuns) {
  const auto a = NewAssessment();
  auto up = Upload(a, "pol-1", "named evidence", "filename=named.txt");
  ASSERT_EQ(up.status, 201) << up.body;
  const auto old = fs::file_time_type::clock::now() - std::chrono::minutes(11);
  const std::string named_sha = crypto::Sha256Hex("named evidence");
  const fs::path named = EvidenceDir() / "objects" / named_sha.substr(0, 2) / named_sha;
  fs::last_write_time(named, old);
  auto place = [](const fs::path& path, const std::string& bytes, fs::file_time_type written) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << bytes;
    fs::last_write_time(path, written);
    return path;
  };
  auto blob = [](const fs::path& store, const std::string& bytes) {
    const std::string digest = crypto::Sha256Hex(bytes);
    return store / "objects" / digest.substr(0, 2) / digest;
  };
  const bool shared = server_.backend() == "postgresql";
  std::vector<fs::path> going, young;
  for (const fs::path& store : {EvidenceDir(), EvidenceDir() / "incidents"}) {
    const std::string old_bytes = "crashed long ago in " + store.string();
    going.push_back(place(blob(store, old_bytes), old_bytes, old));
    going.push_back(place(store / "tmp" / "crashed.part", "half an up", old));
    const std::string young_bytes = "stored a minute ago in " + store.string();
    young.push_back(place(blob(store, young_bytes), young_bytes,
                          fs::file_time_type::clock::now() - std::chrono::minutes(1)));
  }
  if (!shared) going.insert(going.end(), young.begin(), young.end());
  // No restart: only the server's own sweeps can remove them (a minute at most, to be safe on a
  // loaded machine; they run every second).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  auto gone = [&] {
    return std::none_of(going.begin(), going.end(), [](const fs::path& p) { return fs::exists(p); });
  };
  while (!gone() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& p : going) EXPECT_FALSE(fs::exists(p)) << p;
  if (shared) {
    for (const auto& p : young) EXPECT_TRUE(fs::exists(p)) << p;
  }
  EXPECT_TRUE(fs::exists(named));
  auto got = Get(fmt::format("/api/v1/evidence/{}/content", up.Json().at("id").as_int64()), op_);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "named evidence");
}

// Both stores are swept at start-up (the evidence and the incident attachments), against real
// directories with controlled ages: an orphan older than the guard goes; a young one is kept when
// the database is shared (PostgreSQL: another replica may be about to name it) and goes with
// SQLite (this process alone writes the directory). A second app on the same data stands for a
// replica starting (PostgreSQL, beside the first), or a restart (SQLite, where a second server is
// refused while the first holds the directory).
TEST(StartUpSweepTest, BothStoresAreSweptAndYoungOrphansSurviveOnASharedDatabase) {
  TestServer server;
  const fs::path root = fs::path(server.data_dir()) / "evidence";
  auto place = [](const fs::path& store, const std::string& bytes, std::chrono::seconds age) {
    const std::string digest = crypto::Sha256Hex(bytes);
    const fs::path path = store / "objects" / digest.substr(0, 2) / digest;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << bytes;
    fs::last_write_time(path, fs::file_time_type::clock::now() - age);
    return path;
  };
  std::vector<fs::path> young, old;
  for (const fs::path& store : {root, root / "incidents"}) {
    young.push_back(place(store, "young " + store.string(), std::chrono::minutes(9)));
    old.push_back(place(store, "old " + store.string(), std::chrono::minutes(11)));
  }
  const bool shared = server.backend() == "postgresql";
  if (!shared) server.Stop();
  {
    auto second = app::ServerApp::Create(server.config());
    ASSERT_TRUE(second) << second.error().message;
  }
  for (const auto& p : old) EXPECT_FALSE(fs::exists(p)) << p;
  for (const auto& p : young) EXPECT_EQ(fs::exists(p), shared) << p;
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

// A provider self-assesses against the provider profile; once accepted, the public list shows it.
TEST(ProviderConformityTest, TheLatestAcceptedAssessmentIsThePublicStatus) {
  TestServer server(1 << 20, QALXAN_FIXTURES "/catalogs-mini");
  auto [pc, ps] = server.Login("provider.admin");
  const Headers prov = {{"Cookie", pc}, {"X-CSRF-Token", ps}};
  auto [rc, rs] = server.Login("regulator.admin");
  const Headers reg = {{"Cookie", rc}, {"X-CSRF-Token", rs}};
  auto post = [&](const std::string& path, const json::value& body, const Headers& h) {
    return server.Request("POST", path, json::serialize(body), h);
  };
  ASSERT_EQ(server.Request("PUT", "/api/v1/providers/4/declaration",
                           R"({"services":["incident response"],"sectors":["energy"]})", prov).status, 200);
  // No provider profile yet: the provider cannot pick one itself.
  EXPECT_EQ(post("/api/v1/assessments", json::object{{"subject_kind", "provider"}}, prov).status, 409);
  auto profile = post("/api/v1/catalogs", json::object{{"name", "provider"}, {"document", MiniProfile(false, "yearly")}}, reg);
  ASSERT_EQ(profile.status, 201);
  const auto profile_id = profile.Json().at("catalog").at("id").as_int64();
  ASSERT_EQ(post(fmt::format("/api/v1/catalogs/{}/publish", profile_id), json::object{}, reg).status, 200);
  auto created = post("/api/v1/assessments", json::object{{"subject_kind", "provider"}}, prov);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto a = created.Json().at("id").as_int64();
  EXPECT_EQ(created.Json().at("subject_id").as_int64(), 4);
  for (const char* control : {"pol-1", "acc-1"}) {
    ASSERT_EQ(server.Request("PUT", fmt::format("/api/v1/assessments/{}/items/{}/{}", a, profile_id, control),
                             R"({"result":"compliant"})", prov).status, 200);
  }
  ASSERT_EQ(post(fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, prov).status, 200);
  EXPECT_EQ(server.Request("GET", "/api/v1/providers/4").Json().at("conformity").as_string(), "not_assessed");
  ASSERT_EQ(post(fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, reg).status, 200);
  ASSERT_EQ(post(fmt::format("/api/v1/assessments/{}/accept", a), json::object{}, reg).status, 200);
  const auto listed = server.Request("GET", "/api/v1/providers/4").Json();
  EXPECT_EQ(listed.at("conformity").as_string(), "conformant");
  EXPECT_DOUBLE_EQ(listed.at("score").as_double(), 1.0);
  EXPECT_EQ(listed.at("assessment_id").as_int64(), a);
  // A provider is not a CII object: the national posture counts objects only.
  EXPECT_EQ(server.Request("GET", "/api/v1/posture/nation", "", reg).Json().at("subjects").as_int64(), 0);
}

}  // namespace
}  // namespace qx::testing

namespace qx::testing {
namespace {

// New weights change accepted scores only when the regulator recomputes them; each change is a
// new point in the series.
TEST_F(AssessmentTest, RecomputingAfterNewWeightsMovesTheSeries) {
  const auto a = NewAssessment();
  ASSERT_EQ(Answer(a, "pol-1", "compliant").status, 200);
  ASSERT_EQ(Answer(a, "acc-1", "not_applicable", "no SSH").status, 200);
  ASSERT_EQ(Answer(a, "pol-1", "partial").status, 200);
  ASSERT_EQ(Post(Item(a, "pol-1", "/remediation"),
                 json::object{{"action", "a"}, {"owner", "o"}, {"due_at", "2027-01-01T00:00:00Z"}}, op_).status, 201);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/submit", a), json::object{}, op_).status, 200);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/start_review", a), json::object{}, reg_).status, 200);
  ASSERT_EQ(Post(fmt::format("/api/v1/assessments/{}/accept", a), json::object{}, reg_).status, 200);
  EXPECT_DOUBLE_EQ(Get("/api/v1/posture/nation", reg_).Json().at("score").as_double(), 0.5);
  EXPECT_EQ(Post("/api/v1/posture/recompute", json::object{}, reg_).Json().at("changed").as_int64(), 0);
  ASSERT_EQ(Put("/api/v1/scoring/weights", json::object{{"weights", json::object{{"partial", 0.25}}}}, reg_).status, 200);
  EXPECT_EQ(Post("/api/v1/posture/recompute", json::object{}, op_).status, 403);
  auto r = Post("/api/v1/posture/recompute", json::object{}, reg_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("changed").as_int64(), 1);
  EXPECT_DOUBLE_EQ(Get("/api/v1/posture/nation", reg_).Json().at("score").as_double(), 0.25);
  const auto series = Get("/api/v1/posture/series?scope=nation", reg_).Json().at("items").as_array();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_DOUBLE_EQ(series[1].at("score").as_double(), 0.25);
  EXPECT_EQ(Get(fmt::format("/api/v1/posture/series?scope=subject&key=object:{}", object_), op_)
                .Json().at("items").as_array().size(), 2u);
}

}  // namespace
}  // namespace qx::testing
