// OSCAL markup (markdown in JSON) scanning: the `{{ insert: param, ID }}` placeholders that tie
// prose to parameters, and the "#fragment" references that tie content to back-matter resources.
#pragma once

#include <boost/json/value.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace qx::oscal::detail {

// Appends the param ids of every `{{ insert: param, ID }}` in `text` (whitespace inside the
// braces optional) to `ids`. Inserts of other types are skipped. False when a `{{ insert:`
// placeholder is malformed (no closing braces, bad id syntax).
bool ScanInserts(std::string_view text, std::vector<std::string_view>& ids);

// The placeholders of `text` in order, as written (for comparing a translation with its source).
std::vector<std::string> InsertPlaceholders(std::string_view text);

// Adds the param ids inserted by any string in `value` (recursively; keys are not scanned).
// Malformed placeholders are ignored. `max_depth` bounds the recursion.
void CollectInserts(const boost::json::value& value, std::set<std::string>& ids,
                    int max_depth = 256);

// Adds every "#" + uuid fragment reference (e.g. "#9f0c...") found in any string of `value`.
void CollectUuidFragments(const boost::json::value& value, std::set<std::string>& uuids,
                          int max_depth = 256);

}  // namespace qx::oscal::detail
