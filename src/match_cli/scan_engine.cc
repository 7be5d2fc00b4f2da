#include "scan_engine.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "qx/match/events.h"
#include "qx/match/log_format.h"
#include "qx/match/scanner.h"

namespace qx::match_cli {
namespace {

constexpr size_t kNoNewline = ~size_t{0};

// The offset of the last '\n' in [data, data + size), or kNoNewline.
size_t LastNewline(const char* data, size_t size) {
  const void* nl = memrchr(data, '\n', size);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - data) : kNoNewline;
}

struct ChunkResult {
  size_t lines_before = 0;  // skipped overlong lines that precede the chunk's data
  size_t newlines = 0;
  std::vector<FileMatch> matches;  // line numbers relative to the chunk (0-based)
};

}  // namespace

Status ScanInput(ByteSource& source, const std::string& name, const match::IndicatorSet& set,
                 const ScanOptions& options, const MatchSink& sink, ScanTotals* totals,
                 std::atomic<size_t>* progress_bytes) {
  const size_t cap = options.chunk_bytes;
  // Reader state, under read_mu.
  std::mutex read_mu;
  std::string carry;            // the unfinished last line of the previous chunk
  bool eof = false;
  bool skipping_overlong = false;
  size_t next_index = 0;
  std::optional<Error> read_error;
  bool first_chunk = true;
  bool binary = false;
  std::optional<match::ZeekHeader> zeek_header;
  match::ZeekHttpLayout http_layout;
  size_t bytes = 0, overlong = 0;

  // Output state, under out_mu.
  std::mutex out_mu;
  std::map<size_t, ChunkResult> pending;
  size_t next_emit = 0;
  size_t line_base = options.first_line;
  size_t matches = 0;

  // Fills buf with whole lines; returns the chunk size, or nullopt at the end.
  const auto fill = [&](std::vector<char>& buf, size_t* index, size_t* lines_before) -> std::optional<size_t> {
    std::lock_guard lock(read_mu);
    *lines_before = 0;
    while (true) {
      if (eof && carry.empty()) return std::nullopt;
      size_t size = carry.size();
      std::memcpy(buf.data(), carry.data(), size);
      carry.clear();
      // read_bytes at a time, more (up to cap) only while no line has ended yet. last_nl: the
      // offset of the buffer's last '\n' (looked for once per read, never at the end of input).
      size_t last_nl = kNoNewline;
      for (size_t want = std::min(cap, std::max(options.read_bytes, size + 1));; want = std::min(cap, want * 2)) {
        while (!eof && size < want) {
          auto n = source.Read(buf.data() + size, want - size);
          if (!n) {
            read_error = n.error();
            eof = true;
            break;
          }
          if (*n == 0) eof = true;
          size += *n;
          bytes += *n;
          if (progress_bytes) progress_bytes->store(source.consumed(), std::memory_order_relaxed);
        }
        if (!eof) last_nl = LastNewline(buf.data(), size);
        if (eof || size >= cap || last_nl != kNoNewline) break;
      }
      if (first_chunk) {
        first_chunk = false;
        if (std::memchr(buf.data(), '\0', std::min<size_t>(size, 8192)) != nullptr) {
          binary = true;
          eof = true;
          return std::nullopt;
        }
        // A Zeek header near the top names the columns of the whole file.
        std::string_view head(buf.data(), std::min<size_t>(size, 65536));
        for (size_t p = 0; p < head.size();) {
          const size_t e = head.find('\n', p);
          if (e == std::string_view::npos) break;
          if (auto h = match::ParseZeekFieldsLine(head.substr(p, e - p))) {
            zeek_header = std::move(h);
            if (auto l = match::HttpLayoutOf(*zeek_header)) http_layout = *l;
            break;
          }
          p = e + 1;
        }
      }
      if (skipping_overlong) {
        const void* nl = std::memchr(buf.data(), '\n', size);
        if (nl == nullptr) {
          if (eof) {
            // The input ends inside the overlong line: an empty chunk carries its count.
            ++*lines_before;
            skipping_overlong = false;
            *index = next_index++;
            return size_t{0};
          }
          continue;  // still inside the overlong line
        }
        const size_t drop = static_cast<size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
        std::memmove(buf.data(), buf.data() + drop, size - drop);
        size -= drop;
        skipping_overlong = false;
        ++*lines_before;
        last_nl = last_nl != kNoNewline && last_nl >= drop ? last_nl - drop : kNoNewline;
        if (!eof && last_nl == kNoNewline) {
          // Only the start of the next line is here: read on until it ends or fills a chunk.
          carry.assign(buf.data(), size);
          continue;
        }
      }
      size_t end = size;
      if (!eof) {
        if (last_nl == kNoNewline) {
          // A line longer than a chunk: skip it to its end.
          ++overlong;
          skipping_overlong = true;
          continue;
        }
        end = last_nl + 1;
        carry.assign(buf.data() + end, size - end);
      }
      *index = next_index++;
      return end;
    }
  };

  const auto worker = [&] {
    std::vector<char> buf(cap + match::kScanPadding);
    match::Scanner scanner(set, options.simd);
    std::vector<match::TokenHit> hits;
    std::vector<match::Match> found;
    while (true) {
      size_t index = 0, lines_before = 0;
      const auto size = fill(buf, &index, &lines_before);
      ChunkResult result;
      if (!size) break;
      {
        std::lock_guard lock(read_mu);
        scanner.set_zeek_http_layout(http_layout);
      }
      hits.clear();
      found.clear();
      result.lines_before = lines_before;
      result.newlines = scanner.Scan(buf.data(), *size, &hits);
      match::ResolveMatches(set, buf.data(), hits, &found);
      for (auto& m : found) {
        const char* line = buf.data() + m.line_start;
        const void* nl = std::memchr(line, '\n', *size - m.line_start);
        const size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - line) : *size - m.line_start;
        FileMatch fm;
        fm.file = &name;
        fm.line = m.line;
        fm.indicator = m.indicator;
        fm.field = m.composed ? "zeek:host+uri"
                              : match::FieldAt(std::string_view(line, len), m.offset - m.line_start,
                                               zeek_header ? &*zeek_header : nullptr);
        fm.value = std::move(m.value);
        result.matches.push_back(std::move(fm));
      }
      std::lock_guard lock(out_mu);
      pending.emplace(index, std::move(result));
      while (!pending.empty() && pending.begin()->first == next_emit) {
        ChunkResult& r = pending.begin()->second;
        line_base += r.lines_before;
        for (auto& m : r.matches) {
          m.line += line_base;
          ++matches;
          sink(m);
        }
        line_base += r.newlines;
        pending.erase(pending.begin());
        ++next_emit;
      }
    }
  };

  const int n = std::max(1, options.threads);
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  ++totals->files;
  totals->bytes += bytes;
  totals->matches += matches;
  totals->skipped_overlong_lines += overlong;
  if (binary) {
    ++totals->skipped_binary;
  } else {
    // line_base counts newlines; a last line without one is a line too.
    totals->lines += line_base - options.first_line;
  }
  if (read_error) {
    ++totals->read_errors;
    return tl::unexpected(*read_error);
  }
  return Ok();
}

}  // namespace qx::match_cli
