// Incident reporting over real HTTP: an operator reports and submits stages (once; bad input is
// refused and changes nothing), the CERT triages, asks for information and shares the indicators
// as STIX; notifications reach a webhook signed with HMAC-SHA256, once per stage and state, and a
// restarted server does not send them again.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <thread>

#include "test_server.h"
#include "webhook_receiver.h"

namespace qx::testing {
namespace {

namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;
constexpr std::int64_t kHour = 3'600'000;
constexpr char kSecret[] = "webhook-secret-1";

std::string HoursAgo(double h) {
  return FormatRfc3339(SystemClock().Now() - static_cast<std::int64_t>(h * kHour));
}

class IncidentClient {
 public:
  explicit IncidentClient(const TestServer& server) : server_(server) {}
  const Headers& As(const std::string& user) {
    auto it = sessions_.find(user);
    if (it == sessions_.end()) {
      auto [cookie, csrf] = server_.Login(user);
      it = sessions_.emplace(user, Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).first;
    }
    return it->second;
  }
  HttpResult Call(const std::string& user, const std::string& method, const std::string& path,
                  const json::value& body = nullptr) {
    return server_.Request(method, "/api/v1" + path, body.is_null() ? "" : json::serialize(body), As(user));
  }
  std::int64_t NewObject(const std::string& name) {
    auto r = Call("operator.admin", "POST", "/objects", json::object{{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("id").as_int64();
  }
  json::object Report(std::int64_t object, double aware_hours_ago, const std::string& title = "Ransomware") {
    json::object body{{"object_ids", json::array{object}},
                      {"title", title},
                      {"description", "Historian encrypted"},
                      {"detection_source", "EDR alert"},
                      {"aware_at", HoursAgo(aware_hours_ago)},
                      {"malicious", true},
                      {"cross_border", false},
                      {"affected_services", "crude oil export metering"},
                      {"impact", {{"confidentiality", "low"}, {"integrity", "medium"}, {"availability", "high"}}},
                      {"severity", "high"},
                      {"indicators", json::array{json::object{{"type", "ipv4-addr"}, {"value", "198.51.100.7"}},
                                                 json::object{{"type", "domain-name"}, {"value", "evil.example"}}}}};
    auto r = Call("operator.admin", "POST", "/incidents", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().as_object();
  }

 private:
  const TestServer& server_;
  std::map<std::string, Headers> sessions_;
};

const json::object& StageOf(const json::value& incident, const std::string& key) {
  for (const auto& s : incident.at("stages").as_array()) {
    if (s.at("key") == key.c_str()) return s.as_object();
  }
  throw std::runtime_error("no stage " + key);
}

json::object EarlyWarning() { return {{"fields", {{"suspected_malicious", true}, {"cross_border_impact", "none"}}}}; }

TEST(IncidentApiTest, ReportSubmitTriageAskAndShare) {
  TestServer server;
  IncidentClient c(server);
  const auto object = c.NewObject("Refinery SCADA");
  const auto incident = c.Report(object, 1);
  const std::int64_t id = incident.at("id").as_int64();
  EXPECT_EQ(incident.at("regime"), "nis2");
  EXPECT_EQ(incident.at("status"), "new");
  EXPECT_EQ(incident.at("object_names").as_array()[0], "Refinery SCADA");
  EXPECT_EQ(StageOf(incident, "early_warning").at("state"), "due");
  EXPECT_EQ(StageOf(incident, "intermediate").at("state"), "not_requested");
  EXPECT_EQ(StageOf(incident, "final").at("state"), "pending");
  EXPECT_EQ(incident.at("next_due_at"), StageOf(incident, "early_warning").at("due_at"));
  const std::string path = fmt::format("/incidents/{}", id);

  // Bad reports: no objects, an object of nobody's, a time in the future.
  auto bad = c.Call("operator.admin", "POST", "/incidents", json::object{{"title", "x"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  json::object draft{{"object_ids", json::array{object}}, {"title", "x"}, {"description", "y"}, {"aware_at", HoursAgo(-1)}};
  EXPECT_EQ(c.Call("operator.admin", "POST", "/incidents", draft).status, 400);
  draft["aware_at"] = HoursAgo(1);
  draft["object_ids"] = json::array{999};
  EXPECT_EQ(c.Call("operator.admin", "POST", "/incidents", draft).status, 400);

  // A stage: missing field 400, a future time 400, then 201 once and 409 after.
  auto missing = c.Call("operator.admin", "POST", path + "/stages/early_warning",
                        json::object{{"fields", {{"suspected_malicious", true}}}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  auto ahead = EarlyWarning();
  ahead["fields"].as_object()["detected_at"] = HoursAgo(-2);
  EXPECT_EQ(c.Call("operator.admin", "POST", path + "/stages/early_warning", ahead).status, 400);
  auto first = c.Call("operator.admin", "POST", path + "/stages/early_warning", EarlyWarning());
  ASSERT_EQ(first.status, 201) << first.body;
  const json::value submitted = first.Json();
  const auto& ew = StageOf(submitted, "early_warning");
  EXPECT_EQ(ew.at("state"), "on_time");
  EXPECT_EQ(ew.at("submitted_by"), "operator.admin");
  EXPECT_EQ(ew.at("fields").at("cross_border_impact"), "none");
  auto again = c.Call("operator.admin", "POST", path + "/stages/early_warning", EarlyWarning());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(c.Call("operator.admin", "POST", path + "/stages/no_such_stage", EarlyWarning()).status, 404);
  // The CERT may not report for the operator; another organisation cannot even read it.
  EXPECT_EQ(c.Call("cert.admin", "POST", path + "/stages/notification", EarlyWarning()).status, 403);
  EXPECT_EQ(c.Call("provider.admin", "GET", path).status, 403);
  EXPECT_EQ(c.Call("provider.admin", "GET", "/incidents").Json().at("items").as_array().size(), 0u);

  // Triage: the CERT only; nothing changed records nothing.
  EXPECT_EQ(c.Call("operator.admin", "PATCH", path, json::object{{"status", "closed"}}).status, 403);
  auto triaged = c.Call("cert.admin", "PATCH", path,
                        json::object{{"status", "triage"}, {"tlp", "amber+strict"}, {"assignee", "cert.admin"}});
  ASSERT_EQ(triaged.status, 200) << triaged.body;
  EXPECT_EQ(triaged.Json().at("assignee"), "cert.admin");
  EXPECT_EQ(c.Call("cert.admin", "PATCH", path, json::object{{"assignee", "operator.admin"}}).status, 400);
  const auto before = c.Call("cert.admin", "GET", path + "/timeline").Json().at("items").as_array().size();
  EXPECT_EQ(c.Call("cert.admin", "PATCH", path, json::object{{"status", "triage"}}).status, 200);
  EXPECT_EQ(c.Call("cert.admin", "GET", path + "/timeline").Json().at("items").as_array().size(), before);

  // An on-request stage becomes due when the CERT requests it.
  auto requested = c.Call("cert.admin", "POST", path + "/stages/intermediate/request");
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(StageOf(requested.Json(), "intermediate").at("state"), "due");
  EXPECT_EQ(c.Call("cert.admin", "POST", path + "/stages/intermediate/request").status, 409);

  // RFI round trip.
  auto rfi = c.Call("cert.admin", "POST", path + "/rfis", json::object{{"question", "Which hosts talked to 198.51.100.7?"}});
  ASSERT_EQ(rfi.status, 201) << rfi.body;
  const auto rid = rfi.Json().at("id").as_int64();
  EXPECT_EQ(c.Call("operator.admin", "POST", path + "/rfis", json::object{{"question", "?"}}).status, 403);
  auto answer = c.Call("operator.admin", "POST", fmt::format("{}/rfis/{}/answer", path, rid),
                       json::object{{"answer", "Two historians"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.Json().at("answered_by"), "operator.admin");
  EXPECT_EQ(c.Call("operator.admin", "POST", fmt::format("{}/rfis/{}/answer", path, rid),
                   json::object{{"answer", "again"}}).status, 409);
  const auto rfis = c.Call("operator.admin", "GET", path + "/rfis").Json().at("items").as_array();
  ASSERT_EQ(rfis.size(), 1u);
  EXPECT_EQ(rfis[0].at("answer"), "Two historians");
  auto note = c.Call("operator.admin", "POST", path + "/timeline", json::object{{"text", "Isolated the historians"}});
  EXPECT_EQ(note.status, 201) << note.body;
  std::set<std::string> kinds;
  const json::value timeline = c.Call("cert.admin", "GET", path + "/timeline").Json();
  for (const auto& e : timeline.at("items").as_array()) {
    kinds.insert(std::string(e.at("kind").as_string()));
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"status", "stage", "rfi", "answer", "note"}));

  // Share as STIX into the national collection, marked TLP:GREEN.
  std::string national;
  const auto collections = server.Request("GET", "/taxii2/qalxan/collections/", "",
                                          {{"Cookie", c.As("cert.admin")[0].second},
                                           {"Accept", "application/taxii+json;version=2.1"}});
  const json::value listed = collections.Json();
  for (const auto& col : listed.at("collections").as_array()) {
    if (col.at("title") == "National") national = std::string(col.at("id").as_string());
  }
  ASSERT_FALSE(national.empty()) << collections.body;
  EXPECT_EQ(c.Call("operator.admin", "POST", path + "/share", json::object{{"tlp", "green"}, {"collection_id", national}}).status, 403);
  auto shared = c.Call("cert.admin", "POST", path + "/share", json::object{{"tlp", "green"}, {"collection_id", national}});
  ASSERT_EQ(shared.status, 201) << shared.body;
  const auto out = shared.Json();
  ASSERT_EQ(out.at("indicator_ids").as_array().size(), 2u);
  bool saw_pattern = false;
  for (const auto& o : out.at("bundle").at("objects").as_array()) {
    if (o.at("type") == "indicator") {
      EXPECT_EQ(o.at("object_marking_refs").as_array()[0], "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
      saw_pattern |= o.at("pattern") == "[ipv4-addr:value = '198.51.100.7']";
    }
  }
  EXPECT_TRUE(saw_pattern);
  // The operator reads the report through TAXII.
  const auto objects = server.Request("GET", "/taxii2/qalxan/collections/" + national + "/objects/?match[type]=report", "",
                                      {{"Cookie", c.As("operator.admin")[0].second},
                                       {"Accept", "application/taxii+json;version=2.1"}});
  ASSERT_EQ(objects.status, 200) << objects.body;
  EXPECT_NE(objects.body.find(std::string(out.at("report_id").as_string())), std::string::npos);

  // The regulator sees it too, and the statistics count it.
  EXPECT_EQ(c.Call("regulator.admin", "GET", "/incidents").Json().at("items").as_array().size(), 1u);
  auto stats = c.Call("cert.admin", "GET", "/incident-stats").Json();
  ASSERT_EQ(stats.at("per_sector_month").as_array().size(), 1u);
  EXPECT_EQ(stats.at("per_sector_month").as_array()[0].at("count"), 1);
  EXPECT_EQ(stats.at("on_time").as_array()[0].at("on_time"), 1);
  EXPECT_EQ(c.Call("operator.admin", "GET", "/incident-stats").status, 403);
}

TEST(IncidentApiTest, TheRegulatorEditsTheNationalRegimeAndTheMapping) {
  TestServer server;
  IncidentClient c(server);
  auto regimes = c.Call("operator.admin", "GET", "/incident-regimes").Json();
  EXPECT_EQ(regimes.at("items").as_array().size(), 3u);
  EXPECT_EQ(regimes.at("mapping").at("finance"), "dora");
  json::object national = regimes.at("items").as_array()[2].as_object();
  national["name"] = "Azerbaijan CII regime";
  national["stages"].as_array().resize(1);
  national["stages"].as_array()[0].as_object()["within"] = "PT12H";
  EXPECT_EQ(c.Call("operator.admin", "PUT", "/incident-regimes/national", national).status, 403);
  auto put = c.Call("regulator.admin", "PUT", "/incident-regimes/national", national);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(c.Call("regulator.admin", "PUT", "/incident-regimes/mapping",
                   json::object{{"mapping", {{"no_such_sector", "dora"}}}}).status, 400);
  auto mapped = c.Call("regulator.admin", "PUT", "/incident-regimes/mapping",
                       json::object{{"mapping", {{"oil_and_gas", "national"}, {"finance", "dora"}}}});
  ASSERT_EQ(mapped.status, 200) << mapped.body;
  const auto incident = c.Report(c.NewObject("Pipeline DCS"), 1);
  EXPECT_EQ(incident.at("regime"), "national");
  ASSERT_EQ(incident.at("stages").as_array().size(), 1u);
  const auto due = ParseRfc3339(std::string(incident.at("stages").as_array()[0].at("due_at").as_string()));
  const auto aware = ParseRfc3339(std::string(incident.at("aware_at").as_string()));
  EXPECT_EQ(*due - *aware, 12 * kHour);
}

// A server that notifies the webhook every 100 ms; `receiver` checks the signatures.
void NotifyTo(app::Config& c, const WebhookReceiver& receiver) {
  c.incident_webhook_url = receiver.url();
  c.incident_webhook_secret = kSecret;
  c.incident_tick_ms = 100;
  c.incident_retry_seconds = 1;
}

TEST(IncidentNotificationTest, OverdueAndSubmittedAreSentOnceAndNotAgainAfterARestart) {
  WebhookReceiver receiver(kSecret, /*fail_first=*/1);
  auto first = std::make_unique<TestServer>(1 << 20, "", [&](app::Config& c) { NotifyTo(c, receiver); });
  app::Config config = first->config();
  IncidentClient c(*first);
  // Aware 25 h ago: the early warning (24 h) is overdue, the notification (72 h) is not due soon.
  const auto id = c.Report(c.NewObject("Refinery SCADA"), 25).at("id").as_int64();
  ASSERT_TRUE(receiver.WaitFor(1, std::chrono::seconds(10))) << "failed: " << receiver.Failed();
  auto submitted = c.Call("operator.admin", "POST", fmt::format("/incidents/{}/stages/early_warning", id), EarlyWarning());
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  EXPECT_EQ(StageOf(submitted.Json(), "early_warning").at("state"), "late");
  ASSERT_TRUE(receiver.WaitFor(2, std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // several more ticks
  EXPECT_EQ(receiver.Count("overdue", "early_warning"), 1);
  EXPECT_EQ(receiver.Count("submitted", "early_warning"), 1);
  EXPECT_EQ(receiver.Accepted().size(), 2u);
  EXPECT_EQ(receiver.BadSignatures(), 0);
  EXPECT_EQ(receiver.Failed(), 1);  // the first attempt failed and was retried
  const auto overdue = receiver.Accepted().front();
  EXPECT_EQ(overdue.at("incident_id"), id);
  EXPECT_EQ(overdue.at("state"), "overdue");

  auto log = c.Call("cert.admin", "GET", "/incident-deliveries");
  ASSERT_EQ(log.status, 200) << log.body;
  const auto items = log.Json().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  int retried = 0;
  for (const auto& d : items) {
    EXPECT_FALSE(d.at("delivered_at").is_null());
    EXPECT_EQ(d.at("channel"), "webhook");
    if (d.at("attempts") == 2) ++retried;
  }
  EXPECT_EQ(retried, 1);
  EXPECT_EQ(c.Call("operator.admin", "GET", "/incident-deliveries").status, 403);

  // A restart on the same database sends nothing again.
  first->Stop();
  TestServer second(1 << 20, "", [&](app::Config& c2) {
    c2.data_dir = config.data_dir;
    c2.database = config.database;
    NotifyTo(c2, receiver);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(receiver.Accepted().size(), 2u);
}

}  // namespace
}  // namespace qx::testing
