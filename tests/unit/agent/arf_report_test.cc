// The ARF 1.1 / XCCDF 1.2 results: their structure read back with the agent's own XML reader,
// and SCAP tooling's view of them — `oscap` (openscap-scanner, installed by `make test`)
// validates the result data stream against its schemas and renders its HTML report.
#include "qx/agent/arf_report.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "fixture_host.h"
#include "qx/agent/xml.h"

namespace qx::agent {
namespace {

namespace fs = std::filesystem;

const XmlNode* Find(const XmlNode& node, std::string_view name) {
  if (node.name == name) return &node;
  for (const XmlNode& c : node.children) {
    if (const XmlNode* f = Find(c, name)) return f;
  }
  return nullptr;
}

class ArfReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ds_ = testing::ReadFixture("scap/mini-ds.xml");
    auto parsed = ScapContent::Parse(ds_);
    ASSERT_TRUE(parsed) << parsed.error().message;
    content_ = std::make_unique<ScapContent>(std::move(*parsed));
    auto id = content_->ResolveProfile("mini");
    ASSERT_TRUE(id);
    auto host = tree_.Host();
    auto report = content_->Evaluate(*host, *id, {});
    ASSERT_TRUE(report) << report.error().message;
    report_ = *report;
  }
  ArfContext Context() const { return {"fixture", "2026-11-29T04:00:00Z", "2026-11-29T04:00:01Z", "0.1.0"}; }

  std::string ds_;
  testing::FixtureTree tree_;
  std::unique_ptr<ScapContent> content_;
  ScanReport report_;
};

TEST_F(ArfReportTest, TestResultHasARuleResultPerEvaluatedRule) {
  ASSERT_GT(report_.rules.size(), 5u);
  auto arf = MakeArfReport(ds_, *content_, report_, Context());
  ASSERT_TRUE(arf) << arf.error().message;
  auto root = ParseXml(*arf);
  ASSERT_TRUE(root) << root.error().message;
  EXPECT_EQ(root->name, "asset-report-collection");
  EXPECT_EQ(root->ns, "http://scap.nist.gov/schema/asset-reporting-format/1.1");
  // The source data stream is embedded whole as the report request.
  const XmlNode* collection = Find(*root, "data-stream-collection");
  ASSERT_NE(collection, nullptr);
  EXPECT_EQ(collection->AttrOr("id", ""), "scap_org.qalxan_collection_from_xccdf_mini-xccdf.xml");

  const XmlNode* result = Find(*root, "TestResult");
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->ns, "http://checklists.nist.gov/xccdf/1.2");
  EXPECT_EQ(result->AttrOr("id", ""), "xccdf_org.qalxan_testresult_xccdf_org.qalxan.mini_profile_mini");
  EXPECT_EQ(result->AttrOr("end-time", ""), "2026-11-29T04:00:01Z");
  ASSERT_NE(result->Child("benchmark"), nullptr);
  EXPECT_EQ(result->Child("benchmark")->AttrOr("href", ""), "#scap_org.qalxan_comp_mini-xccdf.xml");
  EXPECT_EQ(result->Child("benchmark")->AttrOr("id", ""), content_->benchmark_id());
  EXPECT_EQ(result->Child("profile")->AttrOr("idref", ""), "xccdf_org.qalxan.mini_profile_mini");

  std::map<std::string, std::string> written;
  int pass = 0, fail = 0;
  for (const XmlNode& c : result->children) {
    if (c.name != "rule-result") continue;
    written[c.AttrOr("idref", "")] = c.Child("result")->text;
  }
  ASSERT_EQ(written.size(), report_.rules.size());
  for (const RuleResult& r : report_.rules) {
    EXPECT_EQ(written[r.id], r.result) << r.id;
    pass += r.result == "pass";
    fail += r.result == "fail";
  }
  // Flat scoring with the mini benchmark's default weights of 1.
  const XmlNode* score = result->Child("score");
  ASSERT_NE(score, nullptr);
  EXPECT_EQ(score->AttrOr("system", ""), "urn:xccdf:scoring:flat");
  EXPECT_DOUBLE_EQ(std::stod(score->AttrOr("maximum", "")), pass + fail);
  EXPECT_DOUBLE_EQ(std::stod(score->text), pass);
}

TEST_F(ArfReportTest, ReasonsAndHostNamesAreEscaped) {
  report_.rules.front().reason = "line <1> & \"two\"\x01 'three'";
  ArfContext ctx = Context();
  ctx.hostname = "host<&>";
  auto arf = MakeArfReport(ds_, *content_, report_, ctx);
  ASSERT_TRUE(arf);
  auto root = ParseXml(*arf);
  ASSERT_TRUE(root) << root.error().message;
  const XmlNode* rule = Find(*root, "rule-result");
  ASSERT_NE(rule, nullptr);
  ASSERT_NE(rule->Child("message"), nullptr);
  EXPECT_EQ(rule->Child("message")->text, "line <1> & \"two\"? 'three'");
  EXPECT_EQ(Find(*root, "target")->text, "host<&>");
}

TEST_F(ArfReportTest, NativePoliciesAndBareBenchmarksAreRefused) {
  ScanReport native = report_;
  native.policy_kind = "native";
  EXPECT_FALSE(MakeArfReport(ds_, *content_, native, Context()));

  const XmlNode* bench = nullptr;
  auto root = ParseXml(ds_);
  ASSERT_TRUE(root);
  bench = Find(*root, "Benchmark");
  ASSERT_NE(bench, nullptr);
  // A bare Benchmark parses, but has no data stream component to point at.
  const size_t start = ds_.find("<Benchmark");
  const size_t end = ds_.find("</Benchmark>");
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  auto bare = ScapContent::Parse(ds_.substr(start, end + 12 - start));
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_EQ(bare->benchmark_component_id(), "");
  auto refused = MakeArfReport(ds_, *bare, report_, Context());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("data stream"), std::string::npos);
}

int Shell(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(ArfReportTest, OscapValidatesAndRendersTheAgentsArf) {
  ASSERT_EQ(Shell("command -v oscap >/dev/null"), 0) << "oscap not found: install openscap-scanner (make deps-test)";
  const fs::path work = testing::MakeTempDir("arf");
  const fs::path arf = work / "results-arf.xml";
  const fs::path html = work / "report.html";
  const std::string run = std::string("'") + QX_AGENT_BINARY + "' run --policy '" + testing::FixturePath("scap/mini-ds.xml") +
                          "' --profile mini --root '" + tree_.root().string() + "' --config /dev/null --state-dir '" +
                          (work / "state").string() + "' --arf '" + arf.string() + "' >/dev/null";
  ASSERT_EQ(Shell(run), 0);
  EXPECT_EQ(Shell("oscap ds rds-validate '" + arf.string() + "'"), 0) << "the result data stream is not schema-valid";
  ASSERT_EQ(Shell("oscap xccdf generate report '" + arf.string() + "' > '" + html.string() + "'"), 0);
  std::ifstream in(html);
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // oscap's report shows each rule with the result the agent wrote for it (its row's class).
  std::ifstream arf_in(arf);
  const std::string arf_text((std::istreambuf_iterator<char>(arf_in)), std::istreambuf_iterator<char>());
  auto root = ParseXml(arf_text);
  ASSERT_TRUE(root) << root.error().message;
  const XmlNode* result = Find(*root, "TestResult");
  ASSERT_NE(result, nullptr);
  size_t rules = 0;
  for (const XmlNode& c : result->children) {
    if (c.name != "rule-result") continue;
    ++rules;
    const std::string id = c.AttrOr("idref", ""), value = c.Child("result")->text;
    const std::string row = "data-tt-id=\"" + id + "\" class=\"rule-overview-leaf rule-overview-leaf-" + value;
    EXPECT_NE(page.find(row), std::string::npos) << id << " is not shown as " << value;
  }
  EXPECT_EQ(rules, report_.rules.size());
  fs::remove_all(work);
}

TEST_F(ArfReportTest, TheAgentRefusesArfForANativePolicy) {
  const fs::path work = testing::MakeTempDir("arf-native");
  const fs::path policy = work / "policy.yaml";
  std::ofstream(policy) << "id: p\nrules:\n  - id: r\n    requirements: [x]\n    sysctl: {name: kernel.randomize_va_space, value: \"2\"}\n";
  const std::string run = std::string("'") + QX_AGENT_BINARY + "' run --policy '" + policy.string() +
                          "' --config /dev/null --state-dir '" + (work / "state").string() + "' --arf '" +
                          (work / "a.xml").string() + "' 2>/dev/null";
  EXPECT_EQ(Shell(run), 2);
  EXPECT_FALSE(fs::exists(work / "a.xml"));
  fs::remove_all(work);
}

}  // namespace
}  // namespace qx::agent
