#include "indicator_file.h"

#include <vector>

#include "input.h"
#include "qx/match/bundle_reader.h"

namespace qx::match_cli {

Status ReadBundleFile(const std::string& path, match::IndicatorCollector* collector) {
  QX_ASSIGN_OR_RETURN(auto source, OpenInput(path));
  collector->ReserveForInput(source->total());
  match::BundleReader reader([collector](match::StixRecord&& r) { collector->Add(std::move(r)); });
  std::vector<char> buf(1 << 20);
  while (true) {
    QX_ASSIGN_OR_RETURN(const size_t n, source->Read(buf.data(), buf.size()));
    if (n == 0) break;
    auto st = reader.Feed(buf.data(), n);
    if (!st) return MakeError(st.error().code, path + ": " + st.error().message);
  }
  auto st = reader.Finish();
  if (!st) return MakeError(st.error().code, path + ": " + st.error().message);
  return Ok();
}

}  // namespace qx::match_cli
