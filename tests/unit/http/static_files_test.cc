#include "qx/http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace qx::http {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("qx-static-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(root_.parent_path() / "secret.txt") << "secret";
    files_ = *StaticFiles::Load(root_.string());
  }
  void TearDown() override { fs::remove_all(root_); }

  Response Get(std::string path, std::string etag = "") {
    Request r;
    r.path = std::move(path);
    if (!etag.empty()) r.headers = {{"If-None-Match", etag}};
    return files_->Serve(r);
  }

  fs::path root_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  const Response js = Get("/assets/app-1234.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.Header("Cache-Control").find("immutable"), std::string_view::npos);
  const std::string etag(js.Header("ETag"));
  EXPECT_EQ(Get("/assets/app-1234.js", etag).status, 304);
  // If-None-Match as RFC 9110 13.1.2 has it: a list, weak comparison, "*"; other tags and a
  // malformed field get the file.
  EXPECT_EQ(Get("/assets/app-1234.js", "\"x\", W/" + etag).status, 304);
  EXPECT_EQ(Get("/assets/app-1234.js", "*").status, 304);
  EXPECT_EQ(Get("/assets/app-1234.js", "\"x\"").status, 200);
  EXPECT_EQ(Get("/assets/app-1234.js", etag.substr(1)).status, 200);
}

TEST_F(StaticFilesTest, ClientRoutesGetTheIndex) {
  EXPECT_EQ(Get("/").body, "<html>app</html>");
  EXPECT_EQ(Get("/organisations/3").body, "<html>app</html>");
}

TEST_F(StaticFilesTest, MissingFilesAndApiPathsAre404) {
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
  EXPECT_EQ(Get("/api/v1/unknown").status, 404);
  EXPECT_EQ(Get("/../secret.txt").status, 404);
}

TEST_F(StaticFilesTest, LoadFailsWithoutIndex) {
  EXPECT_FALSE(StaticFiles::Load((root_ / "assets").string()));
}

}  // namespace
}  // namespace qx::http
