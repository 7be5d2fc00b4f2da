// Fuzzes the line tokenizer of qalxan-match: arbitrary bytes through the scanner at every SIMD
// level the CPU has, then the match resolution and field naming. The levels must agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "qx/match/compiler.h"
#include "qx/match/events.h"
#include "qx/match/log_format.h"
#include "qx/match/scanner.h"

namespace {

const qx::match::IndicatorSet& Set() {
  static const qx::match::IndicatorSet* set = [] {
    qx::match::IndicatorSetBuilder b;
    b.Add("i1", "[ipv4-addr:value = '1.2.3.4']");
    b.Add("i2", "[ipv4-addr:value ISSUBSET '10.0.0.0/8']");
    b.Add("i3", "[ipv6-addr:value ISSUBSET '2001:db8::/32']");
    b.Add("i4", "[domain-name:value = 'evil.top']");
    b.Add("i5", "[url:value = 'http://evil.top/a']");
    b.Add("i6", "[email-addr:value = 'a@evil.top']");
    b.Add("i7", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']");
    b.Add("i8", "[domain-name:value = 'a.top' AND domain-name:value = 'b.top']");
    return std::move(b).Build().release();
  }();
  return *set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  text.append(qx::match::kScanPadding, '\0');
  std::vector<size_t> counts;
  const auto best = qx::match::DetectSimdLevel();
  for (auto level : {qx::match::SimdLevel::kScalar, qx::match::SimdLevel::kSsse3,
                     qx::match::SimdLevel::kAvx2, qx::match::SimdLevel::kAvx512}) {
    if (level > best) continue;
    qx::match::Scanner scanner(Set(), level);
    std::vector<qx::match::TokenHit> hits;
    const size_t lines = scanner.Scan(text.data(), size, &hits);
    std::vector<qx::match::Match> matches;
    qx::match::ResolveMatches(Set(), text.data(), hits, &matches);
    for (const auto& m : matches) {
      const std::string_view rest(text.data() + m.line_start, size - m.line_start);
      const std::string_view line = rest.substr(0, rest.find('\n'));
      (void)qx::match::FieldAt(line, m.offset - m.line_start, nullptr);
    }
    counts.push_back(lines * 1000003 + matches.size());
  }
  for (size_t c : counts) {
    if (c != counts[0]) std::abort();  // every level must find the same
  }
  return 0;
}
