// Options shared by scan, follow and pull: where indicators come from, TAXII credentials, and
// where sightings go; and the pieces that act on them.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "qx/core/result.h"
#include "qx/match/indicator_set.h"
#include "qx/match/sightings.h"
#include "taxii_client.h"

namespace qx::match_cli {

struct IndicatorSources {
  std::vector<std::string> bundles;  // --indicators
  std::string cache;                 // --cache (a pulled TAXII collection)
  std::string unsupported_out;       // --unsupported
};
void AddIndicatorOptions(CLI::App* cmd, IndicatorSources* s);
// Loads and compiles; prints the load summary and the unsupported count to stderr.
Result<std::unique_ptr<match::IndicatorSet>> LoadIndicators(const IndicatorSources& s, int threads);

// How to reach the TAXII server: credentials and transport.
struct AuthOptions {
  std::string user;
  bool insecure_http = false;   // --insecure-http: allow http:// URLs (tests only)
  int status_timeout_s = 300;   // --status-timeout: how long to follow a pending POST status
  TaxiiAuth Resolve() const;  // token from QX_MATCH_TOKEN, password from QX_MATCH_PASSWORD
  TaxiiClientOptions Client() const;
};
void AddAuthOptions(CLI::App* cmd, AuthOptions* a);

struct SightingOptions {
  std::string file;        // --sightings: JSON lines of STIX sightings
  std::string post_url;    // --post-sightings: a TAXII collection URL
  std::string identity;    // --identity: where_sighted_refs / created_by_ref
  bool dry_run = false;    // --dry-run: print what would be posted
  size_t batch = 500;
  std::optional<stix::Tlp> tlp_floor;  // --tlp: the least TLP level a sighting is marked with
};
void AddSightingOptions(CLI::App* cmd, SightingOptions* s);

// Writes or posts the aggregated sightings (and clears them). Errors: I/O or TAXII errors, and
// kConflict when the server refused some of the sightings (its status said so): the others are
// stored, so sending the batch again would count them twice.
Status FlushSightings(const SightingOptions& o, const AuthOptions& auth, match::SightingAggregator* agg);

int Fail(const Error& e);  // prints "qalxan-match: <message>", returns 2

}  // namespace qx::match_cli
