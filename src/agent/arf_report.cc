#include "qx/agent/arf_report.h"

#include <fmt/format.h>

namespace qx::agent {
namespace {

constexpr std::string_view kXccdfNs = "http://checklists.nist.gov/xccdf/1.2";

// The data stream without its XML declaration (and byte order mark), to be embedded as content.
Result<std::string_view> EmbeddableDataStream(std::string_view ds) {
  if (ds.substr(0, 3) == "\xEF\xBB\xBF") ds.remove_prefix(3);
  while (!ds.empty() && (ds.front() == ' ' || ds.front() == '\n' || ds.front() == '\r' || ds.front() == '\t')) {
    ds.remove_prefix(1);
  }
  if (ds.substr(0, 5) == "<?xml") {
    const size_t end = ds.find("?>");
    if (end == std::string_view::npos) return MakeError(ErrorCode::kInvalidArgument, "unterminated XML declaration");
    ds.remove_prefix(end + 2);
  }
  return ds;
}

// A TestResult id must match xccdf_[^_]+_testresult_.+ (XCCDF 1.2, 6.2.3).
std::string TestResultId(const std::string& profile_id) {
  return "xccdf_org.qalxan_testresult_" + (profile_id.empty() ? std::string("default_profile") : profile_id);
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even when escaped: a reason quoting a binary
        // file must not make the report unreadable.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

Result<std::string> MakeArfReport(std::string_view source_data_stream, const ScapContent& content,
                                  const ScanReport& report, const ArfContext& ctx) {
  if (report.policy_kind != "scap" || content.benchmark_component_id().empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "ARF results need a SCAP source data stream as the policy");
  }
  QX_ASSIGN_OR_RETURN(std::string_view ds, EmbeddableDataStream(source_data_stream));
  const std::map<std::string, RuleMeta> meta = content.RuleMetadata();
  const std::string host = XmlEscape(ctx.hostname.empty() ? std::string("localhost") : ctx.hostname);

  std::string out;
  out.reserve(ds.size() + 512 * report.rules.size() + 4096);
  out += R"(<?xml version="1.0" encoding="UTF-8"?>
<arf:asset-report-collection xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1" xmlns:core="http://scap.nist.gov/schema/reporting-core/1.1" xmlns:ai="http://scap.nist.gov/schema/asset-identification/1.1">
  <core:relationships xmlns:arfvocab="http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#">
    <core:relationship type="arfvocab:createdFor" subject="xccdf1">
      <core:ref>collection1</core:ref>
    </core:relationship>
    <core:relationship type="arfvocab:isAbout" subject="xccdf1">
      <core:ref>asset0</core:ref>
    </core:relationship>
  </core:relationships>
  <arf:report-requests>
    <arf:report-request id="collection1">
      <arf:content>
)";
  out += ds;
  out += fmt::format(R"(
      </arf:content>
    </arf:report-request>
  </arf:report-requests>
  <arf:assets>
    <arf:asset id="asset0">
      <ai:computing-device>
        <ai:hostname>{0}</ai:hostname>
      </ai:computing-device>
    </arf:asset>
  </arf:assets>
  <arf:reports>
    <arf:report id="xccdf1">
      <arf:content>
        <TestResult xmlns="{1}" id="{2}" start-time="{3}" end-time="{4}" version="1" test-system="cpe:/a:qalxan:qalxan-agent:{5}">
          <benchmark href="#{6}" id="{7}"/>
          <title>qalxan-agent scan result</title>
)",
                     host, kXccdfNs, XmlEscape(TestResultId(report.profile_id)), XmlEscape(ctx.start_time),
                     XmlEscape(ctx.end_time), XmlEscape(ctx.agent_version), XmlEscape(content.benchmark_component_id()),
                     XmlEscape(content.benchmark_id()));
  if (!report.profile_id.empty()) out += fmt::format("          <profile idref=\"{}\"/>\n", XmlEscape(report.profile_id));
  out += fmt::format(R"(          <target>{0}</target>
          <target-facts>
            <fact name="urn:xccdf:fact:scanner:name" type="string">qalxan-agent</fact>
            <fact name="urn:xccdf:fact:scanner:version" type="string">{1}</fact>
            <fact name="urn:xccdf:fact:asset:identifier:host_name" type="string">{0}</fact>
          </target-facts>
          <target-id-ref system="http://scap.nist.gov/schema/asset-identification/1.1" name="asset0" href=""/>
)",
                     host, XmlEscape(ctx.agent_version));
  // The flat scoring model (XCCDF 1.2, 7.3.2): the weights of passed rules over the weights of
  // rules that passed or failed; unscored rules count for neither.
  double score = 0, maximum = 0;
  for (const RuleResult& r : report.rules) {
    auto m = meta.find(r.id);
    const RuleMeta rule = m == meta.end() ? RuleMeta{} : m->second;
    out += fmt::format(
        "          <rule-result idref=\"{}\" role=\"{}\" time=\"{}\" severity=\"{}\" weight=\"{:.6f}\">\n"
        "            <result>{}</result>\n",
        XmlEscape(r.id), XmlEscape(rule.role), XmlEscape(ctx.end_time), XmlEscape(rule.severity), rule.weight,
        XmlEscape(r.result));
    if (!r.reason.empty()) out += fmt::format("            <message severity=\"info\">{}</message>\n", XmlEscape(r.reason));
    out += "          </rule-result>\n";
    if (rule.role != "unscored" && (r.result == "pass" || r.result == "fail")) {
      maximum += rule.weight;
      if (r.result == "pass") score += rule.weight;
    }
  }
  out += fmt::format(R"(          <score system="urn:xccdf:scoring:flat" maximum="{:.6f}">{:.6f}</score>
        </TestResult>
      </arf:content>
    </arf:report>
  </arf:reports>
</arf:asset-report-collection>
)",
                     maximum, score);
  return out;
}

}  // namespace qx::agent
