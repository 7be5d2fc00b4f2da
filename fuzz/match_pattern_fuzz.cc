// Fuzzes the pattern compiler of qalxan-match: arbitrary pattern text through the fast path, the
// general STIX parser and the compiler. What the fast path accepts, the general parser must
// accept as the same single comparison.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "qx/match/compiler.h"
#include "qx/stix/pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto simple = qx::match::ParseSimplePattern(text)) {
    const auto parsed = qx::stix::ParsePattern(text);
    if (!parsed) std::abort();
    const auto list = qx::stix::ListComparisons(*parsed);
    if (list.size() != 1 || list[0].comparison.value.text != simple->value) std::abort();
  }
  qx::match::IndicatorSetBuilder builder;
  builder.Add("indicator--fuzz", text);
  auto set = std::move(builder).Build();
  if (set->indicator_count() + set->unsupported().size() != 1) std::abort();
  return 0;
}
