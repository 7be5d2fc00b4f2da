// Two real `qalxan serve` processes on one PostgreSQL database, as replicas behind a load
// balancer: a login on one works on the other, a TAXII page cursor from one pages on the other,
// the audit chain stays whole under concurrent writes to both, and an incident notification
// that both replicas' schedulers find is sent once.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "pg_test_db.h"
#include "qx/crypto/signing.h"
#include "test_server.h"
#include "webhook_receiver.h"

extern char** environ;

namespace qx::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kTaxii[] = "application/taxii+json;version=2.1";

// One `qalxan serve` child process on 127.0.0.1:0; its output goes to <data>/serve.log.
class ServeProcess {
 public:
  // extra_env ("QALXAN_X=...") comes first, so it wins over the defaults below.
  ServeProcess(const std::string& data_dir, const std::string& database,
               std::vector<std::string> extra_env = {})
      : data_dir_(data_dir) {
    fs::create_directories(data_dir);
    std::vector<std::string> env = std::move(extra_env);
    env.insert(env.end(), {"QALXAN_DATABASE=" + database,
                                    std::string("QALXAN_BOOTSTRAP_PASSWORD=") + kBootstrapPassword,
                                    "QALXAN_PASSWORD_COST=minimal", "QALXAN_CATALOGS=/nonexistent",
                                    "QALXAN_WEB=/nonexistent", "QALXAN_THREADS=4"});
    for (char** e = environ; *e; ++e) {
      if (std::string_view(*e).rfind("QALXAN_", 0) != 0) env.emplace_back(*e);
    }
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string log = data_dir + "/serve.log";
    std::vector<std::string> args = {QALXAN_BINARY, "serve", "--listen", "127.0.0.1:0",
                                     "--data", data_dir};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&pid_, QALXAN_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start qalxan serve");
    // Wait for "Qalxan listening on http://127.0.0.1:PORT".
    const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(log);
      const std::string text((std::istreambuf_iterator<char>(in)), {});
      std::smatch m;
      if (std::regex_search(text, m, listening)) port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error("qalxan serve exited: " + text);
      }
    }
    if (port_ == 0) throw std::runtime_error("qalxan serve did not start in 30 s");
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  std::uint16_t port() const { return port_; }
  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& body = "", const Headers& headers = {}) const {
    return HttpRequest(port_, method, target, body, headers);
  }

 private:
  std::string data_dir_;
  pid_t pid_ = 0;
  std::uint16_t port_ = 0;
};

std::pair<int, std::string> Cli(const std::string& database, const std::string& args) {
  const std::string command = "QALXAN_DATABASE='" + database + "' " + QALXAN_BINARY + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  return {WEXITSTATUS(::pclose(pipe)), out};
}

Headers Basic(const std::string& user) {
  return {{"Authorization", "Basic " + crypto::Base64Encode(user + ":" + kBootstrapPassword)},
          {"Accept", kTaxii}};
}

json::object Indicator(int n) {
  return {{"type", "indicator"},
          {"spec_version", "2.1"},
          {"id", fmt::format("indicator--6ba7b810-9dad-41d1-80b4-{:012d}", n)},
          {"created", "2026-11-01T00:00:00.000Z"},
          {"modified", "2026-11-01T00:00:00.000Z"},
          {"pattern", fmt::format("[ipv4-addr:value = '10.1.{}.{}']", n / 250, n % 250)},
          {"pattern_type", "stix"},
          {"valid_from", "2026-11-01T00:00:00Z"},
          // TLP:GREEN, so that another organisation reads it (unmarked objects are AMBER).
          {"object_marking_refs", json::array{"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"}}};
}

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = (fs::temp_directory_path() / ("qx-replicas-" + std::to_string(::getpid()))).string();
    fs::remove_all(root_);
    database_ = FreshPgDatabaseUrl();
    // The first replica migrates and seeds; the second shares its publication key, as replicas
    // behind one name must (docs/deployment.md).
    a_ = std::make_unique<ServeProcess>(root_ + "/a", database_, ExtraEnv());
    fs::create_directories(root_ + "/b");
    fs::copy(root_ + "/a/keys", root_ + "/b/keys", fs::copy_options::recursive);
    b_ = std::make_unique<ServeProcess>(root_ + "/b", database_, ExtraEnv());
  }
  virtual std::vector<std::string> ExtraEnv() const { return {}; }
  // Logs in on replica r and returns the session's cookie and CSRF headers.
  static Headers Session(const ServeProcess& r, const std::string& user) {
    const json::object body{{"username", user}, {"password", kBootstrapPassword}};
    const auto login = r.Request("POST", "/api/v1/session", json::serialize(body));
    EXPECT_EQ(login.status, 200) << login.body;
    const std::string cookie = login.Header("Set-Cookie");
    return {{"Cookie", cookie.substr(0, cookie.find(';'))},
            {"X-CSRF-Token", std::string(login.Json().at("csrf_token").as_string())}};
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    fs::remove_all(root_);
  }

  std::string root_, database_;
  std::unique_ptr<ServeProcess> a_, b_;
};

TEST_F(ReplicasTest, ALoginOnOneReplicaWorksOnTheOther) {
  const json::object body{{"username", "regulator.admin"}, {"password", kBootstrapPassword}};
  const auto login = a_->Request("POST", "/api/v1/session", json::serialize(body));
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie = login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';'));
  const std::string csrf(login.Json().at("csrf_token").as_string());
  const auto session = b_->Request("GET", "/api/v1/session", "", {{"Cookie", cookie}});
  EXPECT_EQ(session.status, 200) << session.body;
  // A change through B with A's session and CSRF token; logging out on B ends it on A too.
  const auto created = b_->Request("POST", "/api/v1/orgs",
                                   R"({"name":"Replica Bank","kind":"operator","sector":"finance"})",
                                   {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(b_->Request("DELETE", "/api/v1/session", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}).status / 100, 2);
  EXPECT_EQ(a_->Request("GET", "/api/v1/session", "", {{"Cookie", cookie}}).status, 401);
}

TEST_F(ReplicasTest, ATaxiiCursorFromOneReplicaPagesOnTheOther) {
  const auto list = a_->Request("GET", "/taxii2/qalxan/collections/", "", Basic("operator.admin")).Json();
  std::string national;
  for (const auto& c : list.at("collections").as_array()) {
    if (c.at("title").as_string() == "National") national = std::string(c.at("id").as_string());
  }
  ASSERT_FALSE(national.empty());
  const std::string objects = "/taxii2/qalxan/collections/" + national + "/objects/";
  json::array batch;
  for (int i = 0; i < 25; ++i) batch.push_back(Indicator(i));
  Headers post = Basic("operator.admin");
  post.emplace_back("Content-Type", kTaxii);
  ASSERT_EQ(a_->Request("POST", objects, json::serialize(json::object{{"objects", batch}}), post).status, 202);

  std::set<std::string> seen;
  std::string next;
  int pages = 0;
  for (;; ++pages) {
    // Alternate replicas: each cursor comes from the other one.
    const ServeProcess& replica = pages % 2 ? *b_ : *a_;
    const auto r = replica.Request("GET", objects + "?limit=10" + (next.empty() ? "" : "&next=" + next),
                                   "", Basic("cert.admin"));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto page = r.Json().as_object();
    for (const auto& o : page.at("objects").as_array()) {
      EXPECT_TRUE(seen.insert(std::string(o.at("id").as_string())).second) << "twice: " << o;
    }
    if (!page.at("more").as_bool()) break;
    next = std::string(page.at("next").as_string());
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(pages, 2);  // pages 0, 1, 2: 10 + 10 + 5
}

TEST_F(ReplicasTest, TheAuditChainStaysWholeUnderConcurrentWritesToBoth) {
  const auto before = Cli(database_, "audit verify --data " + root_ + "/a");
  ASSERT_EQ(before.first, 0) << before.second;
  // Four writers per replica, each registering organisations (one audited change each) with a
  // session it logged in to on the other replica.
  constexpr int kWriters = 4, kEach = 10;
  std::atomic<int> created{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWriters; ++w) {
    writers.emplace_back([&, w] {
      const ServeProcess& replica = w % 2 ? *b_ : *a_;
      const ServeProcess& other = w % 2 ? *a_ : *b_;
      const json::object body{{"username", "regulator.admin"}, {"password", kBootstrapPassword}};
      const auto login = other.Request("POST", "/api/v1/session", json::serialize(body));
      ASSERT_EQ(login.status, 200) << login.body;
      const std::string cookie = login.Header("Set-Cookie");
      const Headers session = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                               {"X-CSRF-Token", std::string(login.Json().at("csrf_token").as_string())}};
      for (int i = 0; i < kEach; ++i) {
        const auto r = replica.Request(
            "POST", "/api/v1/orgs", fmt::format(R"({{"name":"Org {}-{}","kind":"provider"}})", w, i),
            session);
        if (r.status == 201) {
          ++created;
        } else {
          ADD_FAILURE() << r.status << " " << r.body;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(created, 2 * kWriters * kEach);
  const auto after = Cli(database_, "audit verify --data " + root_ + "/a");
  EXPECT_EQ(after.first, 0) << after.second;
  const std::regex count(R"(audit chain ok: (\d+) records)");
  std::smatch b, a;
  ASSERT_TRUE(std::regex_search(before.second, b, count)) << before.second;
  ASSERT_TRUE(std::regex_search(after.second, a, count)) << after.second;
  // One record per organisation and one per login.
  EXPECT_EQ(std::stoi(a[1]) - std::stoi(b[1]), 2 * kWriters * (kEach + 1));
}

// Replicas configured with one shared evidence directory (as an NFS mount would be): a file
// uploaded through one is served by the other.
class ReplicasSharingEvidenceTest : public ReplicasTest {
 protected:
  std::vector<std::string> ExtraEnv() const override {
    return {"QALXAN_EVIDENCE_DIR=" + root_ + "/shared-evidence",
            std::string("QALXAN_CATALOGS=") + QALXAN_SOURCE_DIR + "/catalogs"};
  }
};

TEST_F(ReplicasSharingEvidenceTest, EvidenceUploadedOnOneIsServedByTheOther) {
  const Headers op = Session(*a_, "operator.admin");
  const auto object = a_->Request("POST", "/api/v1/objects", R"({"name":"Terminal SCADA","kind":"ot"})", op);
  ASSERT_EQ(object.status, 201) << object.body;
  const auto id = object.Json().at("id").as_int64();
  const auto cat = a_->Request(
      "POST", fmt::format("/api/v1/objects/{}/categorisations", id),
      R"({"answers":{"people":60000,"economy":0,"environment":0,"defence":0,"state_administration":0,"dependent_cii":0}})",
      op);
  ASSERT_EQ(cat.status, 201) << cat.body;
  const auto created = a_->Request("POST", "/api/v1/assessments",
                                   fmt::format(R"({{"subject_kind":"object","subject_id":{}}})", id), op);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto assessment = created.Json().at("id").as_int64();
  const auto view = a_->Request("GET", fmt::format("/api/v1/assessments/{}", assessment), "", op).Json();
  const auto& item = view.at("items").as_array().at(0);
  const std::string bytes = "%PDF-1.7 the firewall rule review of 2026";
  const auto upload = a_->Request(
      "POST",
      fmt::format("/api/v1/assessments/{}/items/{}/{}/evidence?filename=review.pdf", assessment,
                  item.at("catalog_id").as_int64(), std::string(item.at("control_id").as_string())),
      bytes, {op[0], op[1], {"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(upload.status, 201) << upload.body;
  const auto evidence = upload.Json().at("id").as_int64();
  // The file is in the shared directory, not under the replica's data directory.
  EXPECT_FALSE(fs::is_empty(root_ + "/shared-evidence"));
  EXPECT_FALSE(fs::exists(root_ + "/a/evidence") && !fs::is_empty(root_ + "/a/evidence"));
  const auto served = b_->Request("GET", fmt::format("/api/v1/evidence/{}/content", evidence), "",
                                  Session(*b_, "operator.admin"));
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(served.body, bytes);
}

// Both replicas run the incident scheduler with a short tick against one webhook receiver.
class ReplicasNotifyingTest : public ReplicasTest {
 protected:
  std::vector<std::string> ExtraEnv() const override {
    return {"QALXAN_INCIDENT_WEBHOOK_URL=" + receiver_.url(), "QALXAN_INCIDENT_WEBHOOK_SECRET=replica-secret",
            "QALXAN_INCIDENT_TICK_MS=50", "QALXAN_INCIDENT_RETRY_SECONDS=1"};
  }
  WebhookReceiver receiver_{"replica-secret"};
};

TEST_F(ReplicasNotifyingTest, ANotificationIsSentOnce) {
  for (const char* replica : {"/a/serve.log", "/b/serve.log"}) {
    std::ifstream in(root_ + replica);
    const std::string log((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(log.find("incident notifications: webhook every 50 ms"), std::string::npos) << replica;
  }
  const Headers op = Session(*a_, "operator.admin");
  const auto object = a_->Request("POST", "/api/v1/objects", R"({"name":"Refinery SCADA"})", op);
  ASSERT_EQ(object.status, 201) << object.body;
  // Incidents whose early warning (24 h) went overdue an hour ago, reported through both replicas.
  constexpr int kIncidents = 4;
  const std::string aware = FormatRfc3339(SystemClock().Now() - 25 * 3'600'000LL);
  for (int i = 0; i < kIncidents; ++i) {
    const ServeProcess& replica = i % 2 ? *b_ : *a_;
    const json::object body{{"object_ids", json::array{object.Json().at("id")}},
                            {"title", fmt::format("Overdue {}", i)},
                            {"description", "Historian encrypted"},
                            {"aware_at", aware}};
    const auto r = replica.Request("POST", "/api/v1/incidents", json::serialize(body),
                                   i % 2 ? Session(*b_, "operator.admin") : op);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  ASSERT_TRUE(receiver_.WaitFor(kIncidents, std::chrono::seconds(15))) << receiver_.Accepted().size();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // ~30 more ticks of each replica
  EXPECT_EQ(receiver_.Count("overdue", "early_warning"), kIncidents);
  EXPECT_EQ(receiver_.Accepted().size(), static_cast<std::size_t>(kIncidents));
  EXPECT_EQ(receiver_.BadSignatures(), 0);
  std::set<std::int64_t> incidents;
  for (const auto& m : receiver_.Accepted()) incidents.insert(m.at("incident_id").as_int64());
  EXPECT_EQ(incidents.size(), static_cast<std::size_t>(kIncidents));
}

}  // namespace
}  // namespace qx::testing
