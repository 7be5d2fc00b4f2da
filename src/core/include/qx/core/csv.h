// The one RFC 4180 CSV reader: every bulk import (registry objects, training completions) parses
// its file here and validates the records itself. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/result.h"

namespace qx {

// Records of an RFC 4180 text: comma-separated, '"'-quoted fields with "" for a quote, CRLF or LF
// line ends, a UTF-8 BOM ignored, blank lines skipped. line_of[i] is the line record i starts on.
struct CsvTable {
  std::vector<std::vector<std::string>> records;
  std::vector<int> line_of;
};

// Errors: kInvalidArgument (with the line) for an unterminated quote or text after a closing
// quote; kPayloadTooLarge when there are more than max_records records (header included).
Result<CsvTable> ParseCsv(std::string_view text, std::size_t max_records = 100000);

}  // namespace qx
