// Scans one input with several threads: the input is read in chunks of whole lines, each
// worker scans a chunk with its own Scanner, and matches are handed to the sink in input order
// with 1-based line numbers. Binary inputs (a NUL byte in the first 8 KiB) and lines longer than
// a chunk are skipped and counted.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "input.h"
#include "qx/match/char_masks.h"
#include "qx/match/indicator_set.h"

namespace qx::match_cli {

struct ScanOptions {
  int threads = 1;
  size_t chunk_bytes = 4 << 20;  // the longest line scanned; longer ones are skipped
  // How much a chunk holds when its lines are shorter: small enough that the chunk is still in
  // the core's L2 cache when it is scanned after the read (4 MiB chunks were 4% slower).
  size_t read_bytes = 256 << 10;
  match::SimdLevel simd = match::SimdLevel::kScalar;
  size_t first_line = 1;  // number of the first line read (follow mode resumes mid-file)
};

struct FileMatch {
  const std::string* file = nullptr;
  size_t line = 0;  // 1-based
  std::string field;
  uint32_t indicator = 0;
  std::string value;
};

struct ScanTotals {
  size_t files = 0;
  size_t bytes = 0;
  size_t lines = 0;
  size_t matches = 0;
  size_t skipped_binary = 0;
  size_t skipped_overlong_lines = 0;
  size_t read_errors = 0;
};

using MatchSink = std::function<void(const FileMatch&)>;

// Scans `source` (named `name` in matches). `progress_bytes`, if given, is advanced as input is
// consumed. Errors: the source's read errors (what was scanned before is reported).
Status ScanInput(ByteSource& source, const std::string& name, const match::IndicatorSet& set,
                 const ScanOptions& options, const MatchSink& sink, ScanTotals* totals,
                 std::atomic<size_t>* progress_bytes = nullptr);

}  // namespace qx::match_cli
