#include "scan_engine.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "input.h"
#include "qx/match/compiler.h"

namespace qx::match_cli {
namespace {

namespace fs = std::filesystem;

class ScanEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("qx_scan_engine_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    match::IndicatorSetBuilder b;
    b.Add("indicator--ip", "[ipv4-addr:value = '45.1.2.3']");
    b.Add("indicator--dom", "[domain-name:value = 'evil.top']");
    set_ = std::move(b).Build();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  std::vector<std::pair<size_t, std::string>> Scan(const std::string& path, size_t chunk, int threads,
                                                   ScanTotals* totals, Status* status = nullptr,
                                                   size_t read_bytes = ScanOptions{}.read_bytes) {
    auto src = OpenInput(path);
    EXPECT_TRUE(src);
    ScanOptions o;
    o.threads = threads;
    o.chunk_bytes = chunk;
    o.read_bytes = read_bytes;
    o.simd = match::DetectSimdLevel();
    std::vector<std::pair<size_t, std::string>> out;
    auto st = ScanInput(**src, path, *set_, o, [&](const FileMatch& m) { out.emplace_back(m.line, m.value); },
                        totals);
    if (status) *status = st;
    return out;
  }

  fs::path dir_;
  std::unique_ptr<match::IndicatorSet> set_;
};

TEST_F(ScanEngineTest, SameMatchesAndLineNumbersWhateverTheChunking) {
  std::string text;
  for (int i = 1; i <= 20000; ++i) {
    text += "line " + std::to_string(i) + (i % 997 == 0 ? " from 45.1.2.3" : i % 1009 == 0 ? " q www.evil.top" : " x") + "\n";
  }
  const auto path = Write("a.log", text);
  ScanTotals t1, t2;
  const auto one = Scan(path, 4 << 20, 1, &t1);
  const auto many = Scan(path, 4096, 2, &t2);
  EXPECT_EQ(one, many);
  ASSERT_EQ(one.size(), 20000u / 997 + 20000u / 1009);
  EXPECT_EQ(one[0], (std::pair<size_t, std::string>{997, "45.1.2.3"}));
  EXPECT_EQ(t1.lines, 20000u);
  EXPECT_EQ(t2.lines, 20000u);
}

TEST_F(ScanEngineTest, SkipsOverlongLinesAndCountsThem) {
  const std::string text = "45.1.2.3\n" + std::string(10000, 'x') + " evil.top\nevil.top\n";
  ScanTotals t;
  const auto found = Scan(Write("long.log", text), 4096, 1, &t);
  EXPECT_EQ(found, (std::vector<std::pair<size_t, std::string>>{{1, "45.1.2.3"}, {3, "evil.top"}}));
  EXPECT_EQ(t.skipped_overlong_lines, 1u);
}

TEST_F(ScanEngineTest, LinesLongerThanAReadButNotAChunkAreScanned) {
  // Reads of 1 KiB grow (to the 64 KiB chunk) until a line ends: a 20 KB line is scanned whole,
  // a 70 KB one is skipped, and the numbering goes on across both, in either order. After the
  // skipped line, the read that finds its end holds only the start of the next one: the reads
  // grow again until that line ends, rather than taking it for overlong too.
  const std::string ok = std::string(20000, 'x') + " evil.top\n", overlong = std::string(70000, 'y') + " 45.1.2.3\n";
  using Found = std::vector<std::pair<size_t, std::string>>;
  const std::pair<std::string, Found> cases[] = {
      {"45.1.2.3\n" + ok + overlong + "last evil.top\n", {{1, "45.1.2.3"}, {2, "evil.top"}, {4, "evil.top"}}},
      {"45.1.2.3\n" + overlong + ok + "last evil.top\n", {{1, "45.1.2.3"}, {3, "evil.top"}, {4, "evil.top"}}},
  };
  for (const auto& [text, want] : cases) {
    for (int threads : {1, 2}) {
      ScanTotals t;
      EXPECT_EQ(Scan(Write("grow.log", text), 64 << 10, threads, &t, nullptr, 1024), want);
      EXPECT_EQ(t.skipped_overlong_lines, 1u);
      EXPECT_EQ(t.lines, 4u);
    }
  }
}

TEST_F(ScanEngineTest, SkipsBinaryFiles) {
  ScanTotals t;
  const auto found = Scan(Write("bin.dat", std::string("\x7f" "ELF\0\0\0 45.1.2.3\n", 17)), 4096, 1, &t);
  EXPECT_TRUE(found.empty());
  EXPECT_EQ(t.skipped_binary, 1u);
}

TEST_F(ScanEngineTest, ReadsGzipAndReportsTruncation) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "evil.top line " + std::to_string(i) + " padding padding padding\n";
  const auto gz = (dir_ / "a.log.gz").string();
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  ScanTotals t;
  Status st;
  EXPECT_EQ(Scan(gz, 1 << 20, 2, &t, &st).size(), 5000u);
  EXPECT_TRUE(st);
  // Cut the file short: the lines before the cut are reported, then the error.
  const auto size = fs::file_size(gz);
  fs::resize_file(gz, size / 2);
  ScanTotals t2;
  const auto part = Scan(gz, 1 << 20, 1, &t2, &st);
  EXPECT_FALSE(st);
  EXPECT_LT(part.size(), 5000u);
  EXPECT_EQ(t2.read_errors, 1u);
}

TEST_F(ScanEngineTest, ExpandsDirectoriesRecursively) {
  fs::create_directories(dir_ / "d" / "e");
  Write("d/b.log", "x\n");
  Write("d/e/a.log", "y\n");
  const auto list = ExpandInputs({(dir_ / "d").string()});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_NE((*list)[0].find("b.log"), std::string::npos);
  EXPECT_FALSE(ExpandInputs({(dir_ / "missing").string()}));
}

}  // namespace
}  // namespace qx::match_cli
