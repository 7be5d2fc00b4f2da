// Numbers the parameters of a statement whose text is built from the filters given ("$2", "$3",
// ...), so that each shape gets a plan on its own index.
#pragma once

#include <string>

#include <fmt/format.h>

namespace qx::store::pg {

class ParamNumbers {
 public:
  explicit ParamNumbers(int used) : used_(used) {}
  std::string Next() { return fmt::format("${}", ++used_); }

 private:
  int used_;
};

}  // namespace qx::store::pg
