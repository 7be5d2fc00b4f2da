#include "scan_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "indicator_file.h"
#include "input.h"
#include "output.h"
#include "progress.h"
#include "qx/core/clock.h"
#include "qx/match/indicator_loader.h"
#include "scan_engine.h"

namespace qx::match_cli {
namespace {

struct ScanArgs {
  std::vector<std::string> indicators;
  std::vector<std::string> paths;
  int threads = 0;
  bool json = false;
  bool count = false;
  std::string simd;
  std::string unsupported_out;
  size_t chunk_mib = 4;
};

int RunScan(const ScanArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  const int threads = a.threads > 0 ? a.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  match::IndicatorCollector collector(SystemClock().Now());
  for (const auto& f : a.indicators) {
    auto st = ReadBundleFile(f, &collector);
    if (!st) {
      std::cerr << "qalxan-match: " << st.error().message << "\n";
      return 2;
    }
  }
  match::LoadStats stats;
  auto set = std::move(collector).Compile(threads, &stats);
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "qalxan-match: " << LoadStatsText(stats) << " in " << load_s << " s\n";
  if (!set->unsupported().empty()) {
    std::cerr << "qalxan-match: " << set->unsupported().size()
              << " indicators are not evaluated (unsupported patterns)"
              << (a.unsupported_out.empty() ? "; list them with --unsupported FILE" : "") << "\n";
    if (!a.unsupported_out.empty()) {
      FILE* f = std::fopen(a.unsupported_out.c_str(), "w");
      if (!f) {
        std::cerr << "qalxan-match: cannot write " << a.unsupported_out << "\n";
        return 2;
      }
      for (const auto& u : set->unsupported()) {
        std::string line = "{\"indicator\": ";
        AppendJsonString(&line, u.indicator_id);
        line += ", \"reason\": ";
        AppendJsonString(&line, u.reason);
        line += "}\n";
        std::fputs(line.c_str(), f);
      }
      std::fclose(f);
    }
  }

  ScanOptions options;
  options.threads = threads;
  options.chunk_bytes = a.chunk_mib << 20;
  options.simd = match::DetectSimdLevel();
  if (!a.simd.empty()) {
    bool found = false;
    for (auto l : {match::SimdLevel::kScalar, match::SimdLevel::kSsse3, match::SimdLevel::kAvx2,
                   match::SimdLevel::kAvx512}) {
      if (match::SimdLevelName(l) == a.simd) {
        if (l > options.simd) {
          std::cerr << "qalxan-match: this CPU does not support " << a.simd << "\n";
          return 2;
        }
        options.simd = l;
        found = true;
      }
    }
    if (!found) {
      std::cerr << "qalxan-match: unknown --simd " << a.simd << "\n";
      return 2;
    }
  }

  auto inputs = ExpandInputs(a.paths.empty() ? std::vector<std::string>{"-"} : a.paths);
  if (!inputs) {
    std::cerr << "qalxan-match: " << inputs.error().message << "\n";
    return 2;
  }
  std::string out;
  const MatchSink sink = [&](const FileMatch& m) {
    if (a.count) return;
    out += a.json ? MatchJson(m, *set) : MatchText(m, *set);
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  };
  ScanTotals totals;
  Progress progress(isatty(2) != 0);
  const auto t1 = std::chrono::steady_clock::now();
  int rc = 0;
  for (const auto& path : *inputs) {
    auto source = OpenInput(path);
    if (!source) {
      std::cerr << "qalxan-match: warning: " << source.error().message << "\n";
      ++totals.read_errors;
      rc = 1;
      continue;
    }
    progress.StartFile(path, (*source)->total());
    auto st = ScanInput(**source, path, *set, options, sink, &totals, progress.counter());
    progress.EndFile();
    if (!st) {
      std::cerr << "qalxan-match: warning: " << path << ": " << st.error().message << "\n";
      rc = 1;
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  const double scan_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  if (totals.skipped_binary) std::cerr << "qalxan-match: warning: skipped " << totals.skipped_binary << " binary files\n";
  if (totals.skipped_overlong_lines) {
    std::cerr << "qalxan-match: warning: skipped " << totals.skipped_overlong_lines << " lines longer than "
              << a.chunk_mib << " MiB\n";
  }
  if (a.count) std::fputs(TotalsJson(totals).c_str(), stdout);
  std::cerr << "qalxan-match: scanned " << totals.bytes << " bytes, " << totals.lines << " lines in " << scan_s
            << " s (" << (scan_s > 0 ? totals.bytes / scan_s / 1e9 : 0) << " GB/s, " << threads << " threads, "
            << match::SimdLevelName(options.simd) << "), " << totals.matches << " matches\n";
  return rc;
}

}  // namespace

void AddScanCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand("scan", "Match log files, directories (recursive, gzip too) or stdin");
  cmd->add_option("--indicators", args->indicators, "STIX 2.1 bundle file(s) with the indicators")
      ->required();
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)");
  cmd->add_flag("--json", args->json, "one JSON object per match: file, line, field, indicator, value");
  cmd->add_flag("--count", args->count, "print only the totals");
  cmd->add_option("--simd", args->simd, "force a SIMD level: scalar, ssse3, avx2, avx512");
  cmd->add_option("--unsupported", args->unsupported_out, "write the unsupported patterns here (JSON lines)");
  cmd->add_option("--chunk-mib", args->chunk_mib, "read size; longer lines are skipped (default 4)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("paths", args->paths, "files or directories; '-' or nothing for stdin");
  cmd->callback([args, exit_code] { *exit_code = RunScan(*args); });
}

}  // namespace qx::match_cli
