// Files attached to incident reports over real HTTP: the reporting operator uploads, its people
// and the CERT list and download (served as bytes to save, never to render); over the limit is
// 413 with no file and no row left; bad names and empty files are 400; a closed incident is 409;
// other organisations are refused; a database failure after the bytes were stored leaves none.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <filesystem>

#include "test_server.h"

namespace qx::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Headers = std::vector<std::pair<std::string, std::string>>;
constexpr std::int64_t kLimit = 4096;

size_t FilesUnder(const fs::path& p) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(p, ec)) n += e.is_regular_file();
  return n;
}

class IncidentAttachmentTest : public ::testing::Test {
 protected:
  IncidentAttachmentTest() : server_(1 << 20, "", [](app::Config& c) { c.evidence_limit = kLimit; }) {}

  void SetUp() override {
    for (const char* user : {"operator.admin", "cert.admin", "provider.admin", "regulator.admin"}) {
      auto [cookie, csrf] = server_.Login(user);
      as_[user] = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
    }
    auto object = Json("operator.admin", "POST", "/objects", json::object{{"name", "Terminal DCS"}});
    ASSERT_EQ(object.status, 201) << object.body;
    auto incident = Json("operator.admin", "POST", "/incidents",
                         json::object{{"object_ids", json::array{object.Json().at("id")}},
                                      {"title", "Ransomware"},
                                      {"description", "Historian encrypted"},
                                      {"aware_at", FormatRfc3339(SystemClock().Now() - 3'600'000)}});
    ASSERT_EQ(incident.status, 201) << incident.body;
    id_ = incident.Json().at("id").as_int64();
  }

  HttpResult Json(const std::string& user, const std::string& method, const std::string& path,
                  const json::value& body = nullptr) {
    Headers h = as_.at(user);
    h.emplace_back("Content-Type", "application/json");
    return server_.Request(method, "/api/v1" + path, body.is_null() ? "" : json::serialize(body), h);
  }
  HttpResult Upload(const std::string& user, const std::string& content, const std::string& query,
                    const std::string& type = "text/plain", std::int64_t incident = 0) {
    Headers h = as_.at(user);
    if (!type.empty()) h.emplace_back("Content-Type", type);
    return server_.Request("POST", fmt::format("/api/v1/incidents/{}/attachments?{}", incident ? incident : id_, query),
                           content, h);
  }
  json::array List(const std::string& user = "operator.admin") {
    auto r = Json(user, "GET", fmt::format("/incidents/{}/attachments", id_));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.Json().at("items").as_array() : json::array{};
  }
  fs::path Files() const { return fs::path(server_.data_dir()) / "evidence" / "incidents"; }

  TestServer server_;
  std::map<std::string, Headers> as_;
  std::int64_t id_ = 0;
};

TEST_F(IncidentAttachmentTest, UploadListAndDownloadWithSafeHeaders) {
  const std::string html = "<html><script>alert(1)</script></html>";
  auto up = Upload("operator.admin", html, "filename=hadis%C9%99%20log.html&stage=early_warning", "Text/HTML; charset=utf-8");
  ASSERT_EQ(up.status, 201) << up.body;
  const json::value a = up.Json();
  EXPECT_EQ(a.at("filename"), "hadisə log.html");
  EXPECT_EQ(a.at("media_type"), "text/html");
  EXPECT_EQ(a.at("size").as_int64(), static_cast<std::int64_t>(html.size()));
  EXPECT_EQ(a.at("stage"), "early_warning");
  EXPECT_EQ(a.at("uploaded_by"), "operator.admin");
  EXPECT_EQ(a.at("sha256").as_string().size(), 64u);
  const std::int64_t aid = a.at("id").as_int64();
  EXPECT_EQ(FilesUnder(Files() / "objects"), 1u);

  // The reporter and the CERT see it; so does the regulator, which reads every incident.
  for (const char* user : {"operator.admin", "cert.admin", "regulator.admin"}) {
    auto items = List(user);
    ASSERT_EQ(items.size(), 1u) << user;
    EXPECT_EQ(items[0].at("id").as_int64(), aid);
    auto got = Json(user, "GET", fmt::format("/incidents/{}/attachments/{}/content", id_, aid));
    ASSERT_EQ(got.status, 200) << user << got.body;
    EXPECT_EQ(got.body, html);
    EXPECT_EQ(got.Header("Content-Type"), "application/octet-stream");
    EXPECT_EQ(got.Header("Content-Disposition"),
              "attachment; filename=\"hadis_ log.html\"; filename*=UTF-8''hadis%C9%99%20log.html");
    EXPECT_EQ(got.Header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(got.Header("Content-Security-Policy"), "default-src 'none'; sandbox");
    EXPECT_EQ(got.Header("Cache-Control"), "private, no-store");
  }

  // The timeline says so, and so does the audit trail.
  auto timeline = Json("cert.admin", "GET", fmt::format("/incidents/{}/timeline", id_));
  ASSERT_EQ(timeline.status, 200);
  const json::value timeline_json = timeline.Json();
  const auto& entries = timeline_json.at("items").as_array();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().at("kind"), "attachment");
  EXPECT_EQ(entries.back().at("text"), "hadisə log.html");
  auto audit = Json("regulator.admin", "GET", "/audit?limit=200");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("\"incident.attachment.add\""), std::string::npos);

  // The same bytes again: a second row, one blob.
  ASSERT_EQ(Upload("operator.admin", html, "filename=copy.html").status, 201);
  EXPECT_EQ(FilesUnder(Files() / "objects"), 1u);
  EXPECT_EQ(List().size(), 2u);
}

// The attachment download shares the evidence's Content-Disposition: hostile bytes in a stored
// name (a row written before names were checked, or behind the server's back) stay one safe line.
TEST_F(IncidentAttachmentTest, DownloadsServeHostileNamesAsOneSafeHeader) {
  const std::string ru = "Отчёт_об_инциденте_на_объекте_критической_инфраструктуры_журнал_событий.log";
  auto up = Upload("operator.admin", "log", "filename=" + UrlEncode(ru));
  ASSERT_EQ(up.status, 201) << up.body;
  const auto aid = up.Json().at("id").as_int64();
  const std::string path = fmt::format("/incidents/{}/attachments/{}/content", id_, aid);
  EXPECT_EQ(DispositionName(Json("cert.admin", "GET", path).Header("Content-Disposition")), ru);
  for (const auto& c : HostileStoredNames(server_.backend())) {
    server_.Sql(fmt::format("UPDATE incident_attachments SET filename = {} WHERE id = {}", server_.SqlText(c.stored), aid));
    auto got = Json("cert.admin", "GET", path);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.body, "log");
    EXPECT_EQ(DispositionName(got.Header("Content-Disposition")), c.shown);
    EXPECT_EQ(got.Header("Set-Cookie"), "");
    EXPECT_EQ(got.Header("X-Injected"), "");
  }
}

TEST_F(IncidentAttachmentTest, OverTheLimitIs413AndLeavesNoFileAndNoRow) {
  ASSERT_EQ(Upload("operator.admin", "small", "filename=a.txt").status, 201);
  const size_t files = FilesUnder(Files());
  auto big = Upload("operator.admin", std::string(kLimit + 1, 'x'), "filename=big.bin");
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.Json().at("error").at("code").as_string(), "payload_too_large");
  // Over the server's own body limit the transport answers before any handler runs.
  EXPECT_EQ(Upload("operator.admin", std::string((1 << 20) + 1, 'x'), "filename=huge.bin").status, 413);
  EXPECT_EQ(FilesUnder(Files()), files);
  EXPECT_EQ(FilesUnder(Files() / "tmp"), 0u);
  EXPECT_EQ(List().size(), 1u);
  // Exactly the limit is fine.
  EXPECT_EQ(Upload("operator.admin", std::string(kLimit, 'y'), "filename=edge.bin").status, 201);
}

TEST_F(IncidentAttachmentTest, BadInputIs400AndChangesNothing) {
  const size_t files = FilesUnder(Files());
  struct Case {
    std::string content, query, type, says;
  };
  const std::vector<Case> cases = {
      {"x", "", "text/plain", "a file name is required"},
      {"x", "filename=", "text/plain", "a file name is required"},
      {"", "filename=empty.txt", "text/plain", "the attached file is empty"},
      {"x", "filename=..%2Fetc%2Fpasswd", "text/plain", "must not start with a dot"},
      {"x", "filename=logs%2Fa.txt", "text/plain", "must not hold a path"},
      {"x", "filename=a%0D%0Ab.txt", "text/plain", "control characters"},
      {"x", "filename=invoice%E2%80%AEfdp.exe", "text/plain", "control characters"},
      {"x", "filename=a%22.txt", "text/plain", "quotes"},
      {"x", "filename=%C3(.txt", "text/plain", "not valid UTF-8"},
      {"x", "filename=" + std::string(201, 'a'), "text/plain", "longer than 200 bytes"},
      {"x", "filename=a.txt", "not a type", "Content-Type"},
      {"x", "filename=a.txt&stage=no_such_stage", "text/plain", "no stage no_such_stage"},
  };
  for (const auto& c : cases) {
    auto r = Upload("operator.admin", c.content, c.query, c.type);
    EXPECT_EQ(r.status, 400) << c.query << " " << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.query << " " << r.body;
  }
  EXPECT_EQ(List().size(), 0u);
  EXPECT_EQ(FilesUnder(Files()), files);
}

TEST_F(IncidentAttachmentTest, OnlyTheReporterAddsAndOtherOrganisationsAreRefused) {
  ASSERT_EQ(Upload("operator.admin", "log", "filename=a.txt").status, 201);
  const std::int64_t aid = List()[0].at("id").as_int64();
  // The CERT and the regulator read but do not add; another organisation does neither.
  EXPECT_EQ(Upload("cert.admin", "note", "filename=b.txt").status, 403);
  EXPECT_EQ(Upload("regulator.admin", "note", "filename=b.txt").status, 403);
  EXPECT_EQ(Upload("provider.admin", "note", "filename=b.txt").status, 403);
  EXPECT_EQ(Json("provider.admin", "GET", fmt::format("/incidents/{}/attachments", id_)).status, 403);
  EXPECT_EQ(Json("provider.admin", "GET", fmt::format("/incidents/{}/attachments/{}/content", id_, aid)).status, 403);
  EXPECT_EQ(List().size(), 1u);
  // Unknown incident or attachment, or an attachment asked for under another incident: 404.
  EXPECT_EQ(Upload("operator.admin", "x", "filename=a.txt", "text/plain", 999'999).status, 404);
  EXPECT_EQ(Json("operator.admin", "GET", fmt::format("/incidents/{}/attachments/{}/content", id_, aid + 1000)).status, 404);
  auto object = Json("operator.admin", "POST", "/objects", json::object{{"name", "Second object"}});
  auto other = Json("operator.admin", "POST", "/incidents",
                    json::object{{"object_ids", json::array{object.Json().at("id")}},
                                 {"title", "Phishing"},
                                 {"description", "Credentials stolen"},
                                 {"aware_at", FormatRfc3339(SystemClock().Now() - 60'000)}});
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(Json("operator.admin", "GET",
                 fmt::format("/incidents/{}/attachments/{}/content", other.Json().at("id").as_int64(), aid)).status,
            404);
  // Without credentials: 401.
  EXPECT_EQ(server_.Request("GET", fmt::format("/api/v1/incidents/{}/attachments", id_)).status, 401);
}

TEST_F(IncidentAttachmentTest, AClosedIncidentTakesNoMoreFiles) {
  ASSERT_EQ(Upload("operator.admin", "before", "filename=a.txt").status, 201);
  ASSERT_EQ(Json("cert.admin", "PATCH", fmt::format("/incidents/{}", id_), json::object{{"status", "closed"}}).status, 200);
  const size_t files = FilesUnder(Files());
  auto late = Upload("operator.admin", "after", "filename=b.txt");
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(FilesUnder(Files()), files);
  EXPECT_EQ(List().size(), 1u);  // what was attached stays readable
}

TEST_F(IncidentAttachmentTest, ADatabaseFailureAfterTheBytesLeavesNoRowAndTheBytesToTheSweep) {
  // The timeline entry is written in the same transaction as the row: without its table the
  // transaction fails after the blob was stored. With SQLite the blob goes at once; with
  // PostgreSQL another replica sharing the directory may be about to name the same bytes, so they
  // stay until a sweep finds them older than its guard.
  server_.Sql("ALTER TABLE incident_timeline RENAME TO incident_timeline_away");
  auto r = Upload("operator.admin", "orphan candidate", "filename=a.txt");
  server_.Sql("ALTER TABLE incident_timeline_away RENAME TO incident_timeline");
  EXPECT_GE(r.status, 500) << r.body;
  EXPECT_EQ(FilesUnder(Files() / "tmp"), 0u);
  EXPECT_EQ(List().size(), 0u);
  if (server_.backend() == "postgresql") {
    ASSERT_EQ(FilesUnder(Files() / "objects"), 1u);
    for (const auto& e : fs::recursive_directory_iterator(Files() / "objects")) {
      if (e.is_regular_file()) fs::last_write_time(e.path(), fs::file_time_type::clock::now() - std::chrono::minutes(11));
    }
    auto restarted = app::ServerApp::Create(server_.config());  // a replica starting sweeps
    ASSERT_TRUE(restarted) << restarted.error().message;
  }
  EXPECT_EQ(FilesUnder(Files() / "objects"), 0u);
  // And the next upload works.
  EXPECT_EQ(Upload("operator.admin", "orphan candidate", "filename=a.txt").status, 201);
  EXPECT_EQ(FilesUnder(Files() / "objects"), 1u);
}

}  // namespace
}  // namespace qx::testing
