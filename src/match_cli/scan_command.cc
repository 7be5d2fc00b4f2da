#include "scan_command.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common_options.h"
#include "input.h"
#include "output.h"
#include "progress.h"
#include "qx/core/clock.h"
#include "scan_engine.h"

namespace qx::match_cli {
namespace {

// User + system CPU seconds of the whole process so far (every thread).
double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

struct ScanArgs {
  IndicatorSources sources;
  AuthOptions auth;
  SightingOptions sightings;
  std::vector<std::string> paths;
  int threads = 0;
  bool json = false;
  bool count = false;
  std::string simd;
  size_t chunk_mib = 4;
};

int RunScan(const ScanArgs& a) {
  const int threads = a.threads > 0 ? a.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto t0 = std::chrono::steady_clock::now();
  auto set = LoadIndicators(a.sources, threads);
  if (!set) return Fail(set.error());
  const double load_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double load_cpu = ProcessCpuSeconds();
  ScanOptions options;
  options.threads = threads;
  options.chunk_bytes = a.chunk_mib << 20;
  auto level = ParseSimdOption(a.simd);
  if (!level) return Fail(level.error());
  options.simd = *level;

  auto inputs = ExpandInputs(a.paths.empty() ? std::vector<std::string>{"-"} : a.paths);
  if (!inputs) return Fail(inputs.error());
  const bool sighting_mode = !a.sightings.file.empty() || !a.sightings.post_url.empty();
  const bool print = !a.count && (!sighting_mode || a.sightings.dry_run || a.json);
  match::SightingAggregator sightings;
  std::string out;
  const MatchSink sink = [&](const FileMatch& m) {
    if (sighting_mode) sightings.Add((*set)->indicator_id(m.indicator), *m.file, m.field, SystemClock().Now(),
                                    (*set)->indicator_tlp(m.indicator));
    if (!print) return;
    out += a.json ? MatchJson(m, **set) : MatchText(m, **set);
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  };
  ScanTotals totals;
  int rc = 0;
  const auto t1 = std::chrono::steady_clock::now();
  {
    Progress progress(isatty(2) != 0);
    for (const auto& path : *inputs) {
      auto source = OpenInput(path);
      if (!source) {
        std::cerr << "qalxan-match: warning: " << source.error().message << "\n";
        ++totals.read_errors;
        rc = 1;
        continue;
      }
      progress.StartFile(path, (*source)->total());
      auto st = ScanInput(**source, path, **set, options, sink, &totals, progress.counter());
      progress.EndFile();
      if (!st) {
        std::cerr << "qalxan-match: warning: " << path << ": " << st.error().message << " (scanned up to there)\n";
        rc = 1;
      }
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  const double scan_cpu = ProcessCpuSeconds() - load_cpu;
  if (totals.skipped_binary) std::cerr << "qalxan-match: warning: skipped " << totals.skipped_binary << " binary files\n";
  if (totals.skipped_overlong_lines) {
    std::cerr << "qalxan-match: warning: skipped " << totals.skipped_overlong_lines << " lines longer than "
              << a.chunk_mib << " MiB\n";
  }
  if (a.count) std::fputs(TotalsJson(totals).c_str(), stdout);
  std::cerr << "qalxan-match: scanned " << totals.bytes << " bytes, " << totals.lines << " lines in " << secs << " s ("
            << (secs > 0 ? totals.bytes / secs / 1e9 : 0) << " GB/s, " << threads << " threads, "
            << match::SimdLevelName(options.simd) << "), " << totals.matches << " matches; scan CPU " << scan_cpu
            << " s (" << (scan_cpu > 0 ? totals.bytes / scan_cpu / 1e9 : 0) << " GB per CPU-s); indicators loaded in "
            << load_secs << " s (" << load_cpu << " s CPU)\n";
  if (auto st = FlushSightings(a.sightings, a.auth, &sightings); !st) return Fail(st.error());
  return rc;
}

}  // namespace

Result<match::SimdLevel> ParseSimdOption(const std::string& name) {
  const match::SimdLevel best = match::DetectSimdLevel();
  if (name.empty()) return best;
  for (auto l : {match::SimdLevel::kScalar, match::SimdLevel::kSsse3, match::SimdLevel::kAvx2, match::SimdLevel::kAvx512}) {
    if (match::SimdLevelName(l) != name) continue;
    if (l > best) return MakeError(ErrorCode::kInvalidArgument, "this CPU does not support " + name);
    return l;
  }
  return MakeError(ErrorCode::kInvalidArgument, "unknown --simd " + name);
}

void AddScanCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand("scan", "Match log files, directories (recursive, gzip too) or stdin");
  AddIndicatorOptions(cmd, &args->sources);
  AddAuthOptions(cmd, &args->auth);
  AddSightingOptions(cmd, &args->sightings);
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)");
  cmd->add_flag("--json", args->json, "one JSON object per match: file, line, field, indicator, value");
  cmd->add_flag("--count", args->count, "print only the totals");
  cmd->add_option("--simd", args->simd, "force a SIMD level: scalar, ssse3, avx2, avx512");
  cmd->add_option("--chunk-mib", args->chunk_mib, "longest line scanned, MiB; longer lines are skipped (default 4)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("paths", args->paths, "files or directories; '-' or nothing for stdin");
  cmd->callback([args, exit_code] { *exit_code = RunScan(*args); });
}

}  // namespace qx::match_cli
