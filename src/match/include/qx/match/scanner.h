// The token scanner: finds, in a buffer of log lines, every token that equals (or, for domains,
// is a subdomain of; for addresses, lies in the range of) a compiled indicator value, by
// classifying bytes into SIMD bit masks and examining only words that can hold a value (a dot,
// colon or '@', or a 32+ digit hex run). No allocation per line. One Scanner per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "qx/match/char_masks.h"
#include "qx/match/indicator_set.h"

namespace qx::match {

// The scanner may read this many bytes past the end of the buffer it is given (their content
// is ignored): callers allocate the padding.
inline constexpr size_t kScanPadding = 64;

// Where a Zeek http.log line keeps the host and uri columns (0-based), and how many columns it
// has; from the file's "#fields" header, or Zeek's default layout.
struct ZeekHttpLayout {
  int columns = 30, host = 8, uri = 9;
};

// A token that matched one term.
struct TokenHit {
  size_t offset = 0;       // token start in the buffer
  uint32_t length = 0;     // token bytes (for a Zeek host+uri URL: the host column)
  uint32_t term = 0;
  size_t line = 0;         // 0-based line number within the buffer
  size_t line_start = 0;   // offset of the line's first byte
  std::string composed;    // the URL built from Zeek host + uri columns; empty otherwise
};

namespace detail {
class ScannerBase {
 public:
  virtual ~ScannerBase() = default;
  virtual void set_zeek_http_layout(const ZeekHttpLayout& layout) = 0;
  virtual void set_defer_filters(bool defer) = 0;
  virtual size_t Scan(const char* data, size_t size, std::vector<TokenHit>* hits) = 0;
};
}  // namespace detail

class Scanner {
 public:
  // The level picks the byte classifier; on CPUs with AVX2 the scanner itself is also compiled
  // for x86-64-v3 (popcnt, lzcnt, BMI2).
  Scanner(const IndicatorSet& set, SimdLevel level);
  ~Scanner();

  void set_zeek_http_layout(const ZeekHttpLayout& layout) { impl_->set_zeek_http_layout(layout); }
  // Whether the lookup filters are tested per segment (their words prefetched as candidates are
  // queued) or per candidate; chosen by the filters' size, set here by tests to run both.
  void set_defer_filters(bool defer) { impl_->set_defer_filters(defer); }

  // Scans [data, data + size) (lines separated by '\n'; the last may lack it) and appends the
  // hits in buffer order to *hits. Returns the number of '\n' in the buffer.
  size_t Scan(const char* data, size_t size, std::vector<TokenHit>* hits) {
    return impl_->Scan(data, size, hits);
  }

 private:
  std::unique_ptr<detail::ScannerBase> impl_;
};

}  // namespace qx::match
