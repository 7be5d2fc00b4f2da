#include "qx/assessment/assessment_export.h"

#include <gtest/gtest.h>

#include <regex>

namespace qx::assessment {
namespace {

namespace json = boost::json;

AssessmentView View() {
  AssessmentView v;
  auto& a = v.assessment;
  a.id = 12;
  a.subject_id = 7;
  a.profile = {3, 2};
  a.status = domain::AssessmentStatus::kAccepted;
  a.created_at = 1'700'000'000'000;
  a.updated_at = a.created_at + 5000;
  a.decided_at = a.updated_at;
  v.score.value = 0.75;
  ItemView pol;
  pol.item = {12, 3, "pol-1", 1, "Security policy", "Policies", domain::ItemResult::kCompliant, "", "Signed by the board"};
  domain::EvidenceRecord e;
  e.id = 40;
  e.filename = "policy.pdf";
  e.sha256 = std::string(64, 'a');
  e.uploaded_by = "user:3";
  e.uploaded_at = a.created_at;
  pol.evidence.push_back(e);
  domain::Observation o;
  o.id = 9;
  o.control_id = "pol-1";
  o.source = "agent:host-1";
  o.result = domain::ObservationResult::kPass;
  o.observed_at = a.created_at;
  pol.observations.push_back(o);
  ItemView acc;
  acc.item = {12, 3, "acc-1", 2, "=HYPERLINK(\"x\")", "Access", domain::ItemResult::kNotApplicable, "no remote access, none"};
  ItemView net;
  net.item = {12, 3, "net-1", 3, "Segmentation", "", domain::ItemResult::kPartial};
  domain::RemediationAction r;
  r.action = "Split the OT network";
  r.owner = "CISO";
  net.remediation.push_back(r);
  v.items = {pol, acc, net};
  return v;
}

bool IsUuid(const json::value& v) {
  // Derived (name-based) UUIDs are RFC 4122 version 5, as OSCAL's UUIDDatatype allows.
  static const std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  return v.is_string() && std::regex_match(std::string(v.as_string()), re);
}

TEST(AssessmentExportTest, OscalAssessmentResultsHasTheRequiredFieldsAndAFindingPerRequirement) {
  const auto doc = AssessmentResultsOscal(View(), {"oil-and-gas", "Oil and gas", 1'800'000'000'000});
  const auto& ar = doc.at("assessment-results").as_object();
  EXPECT_TRUE(IsUuid(ar.at("uuid")));
  const auto& md = ar.at("metadata").as_object();
  EXPECT_EQ(md.at("oscal-version").as_string(), "1.1.2");
  for (const char* k : {"title", "last-modified", "version"}) EXPECT_TRUE(md.contains(k)) << k;
  EXPECT_EQ(ar.at("import-ap").at("href").as_string(), "/api/v1/catalogs/3/versions/2/oscal");
  const auto& results = ar.at("results").as_array();
  ASSERT_EQ(results.size(), 1u);
  const auto& res = results[0].as_object();
  EXPECT_TRUE(IsUuid(res.at("uuid")));
  for (const char* k : {"title", "description", "start", "end"}) EXPECT_TRUE(res.contains(k)) << k;
  const auto& selected = res.at("reviewed-controls").at("control-selections").as_array()[0].at("include-controls").as_array();
  ASSERT_EQ(selected.size(), 3u);
  EXPECT_EQ(selected[1].at("control-id").as_string(), "acc-1");

  const auto& findings = res.at("findings").as_array();
  ASSERT_EQ(findings.size(), 3u);
  const auto& pol = findings[0].at("target").as_object();
  EXPECT_EQ(pol.at("type").as_string(), "objective-id");
  EXPECT_EQ(pol.at("target-id").as_string(), "pol-1");
  EXPECT_EQ(pol.at("status").at("state").as_string(), "satisfied");
  EXPECT_EQ(pol.at("implementation-status").at("state").as_string(), "implemented");
  EXPECT_EQ(findings[1].at("target").at("implementation-status").at("state").as_string(), "not-applicable");
  EXPECT_EQ(findings[2].at("target").at("status").at("state").as_string(), "not-satisfied");
  EXPECT_NE(std::string(findings[2].at("remarks").as_string()).find("Split the OT network"), std::string::npos);

  // The evidence and the agent's result are observations the finding points at.
  const auto& observations = res.at("observations").as_array();
  ASSERT_EQ(observations.size(), 2u);
  for (const auto& o : observations) {
    EXPECT_TRUE(IsUuid(o.at("uuid")));
    EXPECT_FALSE(o.at("methods").as_array().empty());
    EXPECT_TRUE(o.as_object().contains("collected"));
    EXPECT_TRUE(o.as_object().contains("description"));
  }
  EXPECT_EQ(observations[0].at("relevant-evidence").as_array()[0].at("href").as_string(), "/api/v1/evidence/40/content");
  const auto& related = findings[0].at("related-observations").as_array();
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[0].at("observation-uuid"), observations[0].at("uuid"));
  EXPECT_EQ(related[1].at("observation-uuid"), observations[1].at("uuid"));
  EXPECT_FALSE(findings[1].as_object().contains("related-observations"));

  // The same assessment in the same state exports the same document (apart from the export time).
  auto again = AssessmentResultsOscal(View(), {"oil-and-gas", "Oil and gas", 1'900'000'000'000});
  EXPECT_EQ(again.at("assessment-results").at("uuid"), ar.at("uuid"));
}

std::vector<std::string> Uuids(const json::array& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.emplace_back(i.at("uuid").as_string());
  return out;
}

TEST(AssessmentExportTest, ARevisionKeepsTheSubjectUuidsAndChangesTheDocumentVersion) {
  const ExportContext ctx{"oil-and-gas", "Oil and gas", 1'800'000'000'000};
  const auto before = AssessmentResultsOscal(View(), ctx);
  AssessmentView edited = View();
  edited.assessment.updated_at += 60'000;  // someone edited a comment a minute later
  edited.items[2].item.comment = "Firewall ordered";
  const auto after = AssessmentResultsOscal(edited, ctx);

  const auto& b = before.at("assessment-results").as_object();
  const auto& a = after.at("assessment-results").as_object();
  EXPECT_NE(b.at("metadata").at("version"), a.at("metadata").at("version"));
  EXPECT_NE(b.at("metadata").at("last-modified"), a.at("metadata").at("last-modified"));
  EXPECT_NE(b.at("uuid"), a.at("uuid"));  // a new revision of the document

  const auto& rb = b.at("results").as_array()[0].as_object();
  const auto& ra = a.at("results").as_array()[0].as_object();
  EXPECT_EQ(rb.at("uuid"), ra.at("uuid"));
  EXPECT_EQ(Uuids(rb.at("findings").as_array()), Uuids(ra.at("findings").as_array()));
  EXPECT_EQ(Uuids(rb.at("observations").as_array()), Uuids(ra.at("observations").as_array()));
  EXPECT_EQ(ra.at("findings").as_array()[0].at("related-observations").as_array()[0].at("observation-uuid"),
            ra.at("observations").as_array()[0].at("uuid"));

  // Another assessment's findings are other subjects.
  AssessmentView other = View();
  other.assessment.id = 13;
  const auto other_doc = AssessmentResultsOscal(other, ctx);
  const auto& ro = other_doc.at("assessment-results").at("results").as_array()[0];
  EXPECT_NE(Uuids(ro.at("findings").as_array()), Uuids(rb.at("findings").as_array()));
}

TEST(AssessmentExportTest, CsvQuotesByRfc4180AndNeutralisesFormulas) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("=1+2"), "'=1+2");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("-1"), "'-1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("=A1,B1"), "\"'=A1,B1\"");
  EXPECT_EQ(CsvField(""), "");

  const std::string csv = AssessmentCsv(View());
  const auto first_line = csv.substr(0, csv.find("\r\n"));
  EXPECT_EQ(first_line,
            "assessment_id,catalog_id,control_id,title,group,result,justification,comment,evidence,observations,"
            "remediation,flag");
  EXPECT_NE(csv.find("12,3,pol-1,Security policy,Policies,compliant,,Signed by the board,policy.pdf,agent:host-1: pass,,none\r\n"),
            std::string::npos)
      << csv;
  // The title that looks like a formula is shown, not evaluated; the comma is quoted.
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"no remote access, none\""), std::string::npos);
  EXPECT_NE(csv.find("Split the OT network (open)"), std::string::npos);
  size_t rows = 0;
  for (size_t p = 0; (p = csv.find("\r\n", p)) != std::string::npos; p += 2) ++rows;
  EXPECT_EQ(rows, 4u);
}

}  // namespace
}  // namespace qx::assessment
