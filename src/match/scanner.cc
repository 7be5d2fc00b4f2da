#include "qx/match/scanner.h"

namespace qx::match {
namespace generic {
std::unique_ptr<detail::ScannerBase> MakeScanner(const IndicatorSet& set, ClassifyFn classify);
}
#if defined(__x86_64__)
namespace x86v3 {
std::unique_ptr<detail::ScannerBase> MakeScanner(const IndicatorSet& set, ClassifyFn classify);
}
#endif

Scanner::Scanner(const IndicatorSet& set, SimdLevel level) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (level >= SimdLevel::kAvx2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2") &&
      __builtin_cpu_supports("popcnt")) {
    impl_ = x86v3::MakeScanner(set, ClassifierFor(level));
    return;
  }
#endif
  impl_ = generic::MakeScanner(set, ClassifierFor(level));
}

Scanner::~Scanner() = default;

}  // namespace qx::match
