#include "common_options.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

#include "indicator_file.h"
#include "output.h"
#include "qx/core/clock.h"
#include "qx/match/indicator_loader.h"
#include "taxii_cache.h"

namespace qx::match_cli {

int Fail(const Error& e) {
  std::cerr << "qalxan-match: " << e.message << "\n";
  return 2;
}

void AddIndicatorOptions(CLI::App* cmd, IndicatorSources* s) {
  cmd->add_option("--indicators", s->bundles, "STIX 2.1 bundle file(s) (or saved TAXII envelopes) with the indicators");
  cmd->add_option("--cache", s->cache, "indicator cache directory filled by `qalxan-match pull`");
  cmd->add_option("--unsupported", s->unsupported_out, "write the unsupported patterns here (JSON lines)");
}

Result<std::unique_ptr<match::IndicatorSet>> LoadIndicators(const IndicatorSources& s, int threads) {
  if (s.bundles.empty() && s.cache.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "give --indicators FILE or --cache DIR");
  }
  const auto t0 = std::chrono::steady_clock::now();
  match::IndicatorCollector collector(SystemClock().Now());
  for (const auto& f : s.bundles) QX_RETURN_IF_ERROR(ReadBundleFile(f, &collector));
  if (!s.cache.empty()) {
    QX_ASSIGN_OR_RETURN(auto cache, TaxiiCache::Open(s.cache));
    QX_RETURN_IF_ERROR(cache.LoadInto(&collector));
  }
  match::LoadStats stats;
  auto set = std::move(collector).Compile(threads, &stats);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "qalxan-match: " << LoadStatsText(stats) << " in " << secs << " s\n";
  if (!set->unsupported().empty()) {
    std::cerr << "qalxan-match: " << set->unsupported().size() << " indicators are not evaluated (unsupported patterns)"
              << (s.unsupported_out.empty() ? "; list them with --unsupported FILE" : "") << "\n";
  }
  if (!s.unsupported_out.empty()) {
    std::string text;
    for (const auto& u : set->unsupported()) {
      text += "{\"indicator\": ";
      AppendJsonString(&text, u.indicator_id);
      text += ", \"reason\": ";
      AppendJsonString(&text, u.reason);
      text += "}\n";
    }
    QX_RETURN_IF_ERROR(WriteFileAtomically(s.unsupported_out, text));
  }
  return set;
}

void AddAuthOptions(CLI::App* cmd, AuthOptions* a) {
  cmd->add_option("--user", a->user,
                  "HTTP Basic user for the TAXII server (password from QX_MATCH_PASSWORD); "
                  "otherwise the bearer token from QX_MATCH_TOKEN");
  cmd->add_flag("--insecure-http", a->insecure_http,
                "allow plain http:// TAXII URLs (for tests only: TAXII 2.1 requires HTTPS)");
  cmd->add_option("--status-timeout", a->status_timeout_s,
                  "seconds to wait for the TAXII server to finish processing posted sightings (default 300)")
      ->check(CLI::Range(1, 86400));
}

TaxiiClientOptions AuthOptions::Client() const {
  TaxiiClientOptions o;
  o.insecure_http = insecure_http;
  o.status_timeout = std::chrono::seconds(status_timeout_s);
  return o;
}

TaxiiAuth AuthOptions::Resolve() const {
  TaxiiAuth auth;
  if (const char* t = std::getenv("QX_MATCH_TOKEN")) auth.token = t;
  auth.user = user;
  if (const char* p = std::getenv("QX_MATCH_PASSWORD")) auth.password = p;
  return auth;
}

void AddSightingOptions(CLI::App* cmd, SightingOptions* s) {
  cmd->add_option("--sightings", s->file, "write STIX 2.1 sightings (one per indicator, JSON lines) to FILE");
  cmd->add_option("--post-sightings", s->post_url, "post STIX sightings to this TAXII collection URL");
  cmd->add_option("--identity", s->identity, "identity--... of the sighting organisation (where_sighted_refs)");
  cmd->add_flag("--dry-run", s->dry_run, "print matches and the sightings that would be posted; post nothing");
  cmd->add_option("--batch", s->batch, "sightings per POST (default 500)")->check(CLI::Range(1, 100000));
  cmd->add_option_function<std::string>(
         "--tlp", [s](const std::string& v) { s->tlp_floor = stix::ParseTlp(v); },
         "least TLP level of the sightings (clear, green, amber, amber+strict, red): each is "
         "marked with its indicator's TLP, raised to this; AMBER when neither is known")
      ->check([](const std::string& v) {
        return stix::ParseTlp(v) ? std::string() : "not a TLP level: " + v;
      });
}

Status FlushSightings(const SightingOptions& o, const AuthOptions& auth, match::SightingAggregator* agg) {
  if (agg->empty() || (o.file.empty() && o.post_url.empty())) {
    agg->Clear();
    return Ok();
  }
  std::random_device rd;
  const UnixMillis now = SystemClock().Now();
  std::vector<std::string> objects;
  for (const auto& s : agg->Summaries()) {
    unsigned char r[16];
    for (auto& b : r) b = static_cast<unsigned char>(rd());
    objects.push_back(match::SightingJson(s, now, o.identity, match::UuidV4(r), o.tlp_floor));
  }
  agg->Clear();
  if (!o.file.empty()) {
    std::ofstream f(o.file, std::ios::app);
    for (const auto& obj : objects) f << obj << "\n";
    if (!f) return MakeError(ErrorCode::kUnavailable, "cannot write " + o.file);
  }
  if (!o.post_url.empty()) {
    if (o.dry_run) {
      for (const auto& obj : objects) std::cerr << "qalxan-match: would post " << obj << "\n";
      return Ok();
    }
    TaxiiClient client(o.post_url, auth.Resolve(), auth.Client());
    std::int64_t accepted = 0, refused = 0, unsettled = 0;
    std::vector<std::string> reasons;
    for (size_t i = 0; i < objects.size(); i += o.batch) {
      std::vector<std::string> batch(objects.begin() + static_cast<ptrdiff_t>(i),
                                     objects.begin() + static_cast<ptrdiff_t>(std::min(objects.size(), i + o.batch)));
      QX_ASSIGN_OR_RETURN(PostOutcome outcome, client.PostObjects(batch));
      if (!outcome.unsettled.empty()) {
        unsettled += static_cast<std::int64_t>(batch.size());
        if (reasons.size() < 5) reasons.push_back(outcome.unsettled);
        continue;
      }
      accepted += outcome.successes;
      // A status that counts fewer than were sent is no full acceptance either.
      refused += std::max<std::int64_t>(outcome.failures, static_cast<std::int64_t>(batch.size()) - outcome.successes - outcome.failures);
      for (auto& r : outcome.failure_messages) {
        if (reasons.size() < 5) reasons.push_back(std::move(r));
      }
    }
    if (refused > 0 || unsettled > 0) {
      // Both are posted: the caller must not send them again (kConflict), and the run fails.
      const std::string of = " of " + std::to_string(objects.size()) + " sightings";
      std::string message;
      if (refused > 0) message = "the TAXII server refused " + std::to_string(refused) + of;
      if (unsettled > 0) {
        message += (message.empty() ? "the TAXII server took " : "; it took ") + std::to_string(unsettled) + of +
                   " but did not say what became of them (not posted again)";
      }
      for (const auto& r : reasons) message += "\n  " + r;
      return MakeError(ErrorCode::kConflict, message);
    }
    std::cerr << "qalxan-match: posted " << accepted << " sightings\n";
  }
  return Ok();
}

}  // namespace qx::match_cli
