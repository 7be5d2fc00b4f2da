// Loading indicators from a STIX 2.1 bundle file (or a TAXII envelope saved to a file), streamed
// in pieces so that memory stays proportional to the compiled set, not to the JSON.
#pragma once

#include <memory>
#include <string>

#include "qx/core/result.h"
#include "qx/match/indicator_loader.h"
#include "qx/match/indicator_set.h"

namespace qx::match_cli {

// Reads every object of the file into the collector. Errors: kNotFound / kUnavailable for I/O,
// kInvalidArgument for malformed JSON (with the byte offset).
Status ReadBundleFile(const std::string& path, match::IndicatorCollector* collector);

}  // namespace qx::match_cli
