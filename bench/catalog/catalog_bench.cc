// Microbenchmarks of the pure OSCAL work on a large catalog: validating and indexing it, resolving
// a profile over it, and canonicalising it for signing. Input: QX_BENCH_CATALOG_DIR with
// big.catalog.json and big-half.profile.json (bench/catalog/gen_catalog.py).
#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "qx/oscal/canonical_json.h"
#include "qx/oscal/catalog_index.h"
#include "qx/oscal/profile_resolver.h"

namespace {

std::string ReadFile(const std::string& name) {
  const char* dir = std::getenv("QX_BENCH_CATALOG_DIR");
  std::ifstream in(std::string(dir ? dir : "/tmp/bigcat") + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  if (s.str().empty()) std::abort();
  return s.str();
}

const std::string& CatalogText() {
  static const std::string text = ReadFile("big.catalog.json");
  return text;
}

void BM_ParseAndIndexCatalog(benchmark::State& state) {
  for (auto _ : state) {
    auto index = qx::oscal::CatalogIndex::Build(boost::json::parse(CatalogText()));
    if (!index) state.SkipWithError(index.error().message.c_str());
    benchmark::DoNotOptimize(index);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CatalogText().size()));
}
BENCHMARK(BM_ParseAndIndexCatalog)->Unit(benchmark::kMillisecond);

void BM_ResolveProfile(benchmark::State& state) {
  const auto catalog = *qx::oscal::CatalogIndex::Build(boost::json::parse(CatalogText()));
  const auto profile = boost::json::parse(ReadFile("big-half.profile.json"));
  for (auto _ : state) {
    auto resolved = qx::oscal::ResolveProfile(profile, [&](std::string_view) { return &catalog; });
    if (!resolved) state.SkipWithError(resolved.error().message.c_str());
    benchmark::DoNotOptimize(resolved);
  }
}
BENCHMARK(BM_ResolveProfile)->Unit(benchmark::kMillisecond);

void BM_CanonicalJson(benchmark::State& state) {
  const auto doc = boost::json::parse(CatalogText());
  for (auto _ : state) benchmark::DoNotOptimize(qx::oscal::CanonicalJson(doc));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * CatalogText().size()));
}
BENCHMARK(BM_CanonicalJson)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
