#include "pull_command.h"

#include <iostream>
#include <memory>

#include "common_options.h"
#include "taxii_cache.h"
#include "taxii_client.h"

namespace qx::match_cli {
namespace {

struct PullArgs {
  std::string collection;
  std::string cache;
  AuthOptions auth;
  size_t limit = 1000;
};

int RunPull(const PullArgs& a) {
  auto cache = TaxiiCache::Open(a.cache);
  if (!cache) return Fail(cache.error());
  TaxiiClient client(a.collection, a.auth.Resolve(), a.auth.Client());
  size_t pages = 0;
  auto newest = client.PullObjects(cache->added_after(), a.limit, [&](const std::string& body) -> Status {
    ++pages;
    return cache->AddPage(body);
  });
  if (!newest) return Fail(newest.error());
  if (*newest != cache->added_after()) {
    if (auto st = cache->SetAddedAfter(*newest); !st) return Fail(st.error());
  }
  std::cerr << "qalxan-match: pulled " << pages << " pages; next pull from "
            << (cache->added_after().empty() ? "the beginning" : cache->added_after()) << "\n";
  return 0;
}

}  // namespace

void AddPullCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<PullArgs>();
  auto* cmd = app.add_subcommand("pull", "Fetch new indicators from a TAXII 2.1 collection into the local cache");
  cmd->add_option("--collection", args->collection, "collection URL, e.g. https://host/taxii2/api/collections/ID/")
      ->required();
  cmd->add_option("--cache", args->cache, "cache directory")->required();
  cmd->add_option("--limit", args->limit, "objects per page (default 1000)")->check(CLI::Range(1, 100000));
  AddAuthOptions(cmd, &args->auth);
  cmd->callback([args, exit_code] { *exit_code = RunPull(*args); });
}

}  // namespace qx::match_cli
