// Exports of one assessment: an OSCAL 1.1 assessment-results document (a finding per requirement
// with its result; observations for evidence and for automated results) and a CSV sheet (RFC 4180,
// cells neutralised against spreadsheet formula injection). Pure: the caller reads the view.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "qx/assessment/assessment_service.h"

namespace qx::assessment {

inline constexpr char kOscalVersion[] = "1.1.2";
inline constexpr char kQalxanOscalNs[] = "https://qalxan.gov.az/ns/oscal";

struct ExportContext {
  std::string profile_name;   // the profile's slug, "oil-and-gas"
  std::string profile_title;  // its title, for the document's title
  UnixMillis now = 0;         // the export's time (metadata last-modified is the assessment's)
};

// {"assessment-results": {...}}. UUIDs are derived from the assessment and its content, so the
// same assessment in the same state exports the same document.
boost::json::object AssessmentResultsOscal(const AssessmentView& view, const ExportContext& ctx);

// One CSV field: quoted when it holds a comma, quote, CR or LF ("" for a quote); a leading
// = + - @ (or tab, CR) gets a ' in front so that spreadsheets show it rather than evaluate it.
std::string CsvField(std::string_view value);
// A header row and one row per requirement, CRLF line ends.
std::string AssessmentCsv(const AssessmentView& view);

}  // namespace qx::assessment
