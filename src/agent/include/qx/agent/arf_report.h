// Scan results of a SCAP data stream as an Asset Reporting Format 1.1 report collection (NIST IR
// 7694), the shape `oscap xccdf eval --results-arf` writes, so that SCAP tooling reads them:
// the source data stream as the report request, the host as the asset, and an XCCDF 1.2
// TestResult with a rule-result per evaluated rule as the report.
#pragma once

#include <string>
#include <string_view>

#include "qx/agent/rule_result.h"
#include "qx/agent/scap_content.h"
#include "qx/core/result.h"

namespace qx::agent {

struct ArfContext {
  std::string hostname;
  std::string start_time;  // xsd:dateTime, e.g. 2026-11-29T04:00:00Z
  std::string end_time;
  std::string agent_version;  // names the test system: cpe:/a:qalxan:qalxan-agent:VERSION
};

// kInvalidArgument unless the input was a source data stream (a bare Benchmark or a native
// policy has no data stream to point at).
Result<std::string> MakeArfReport(std::string_view source_data_stream, const ScapContent& content,
                                  const ScanReport& report, const ArfContext& ctx);

// Text escaped for XML character data and attribute values.
std::string XmlEscape(std::string_view text);

}  // namespace qx::agent
