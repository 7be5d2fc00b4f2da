#include "output.h"

#include <fmt/format.h>

namespace qx::match_cli {

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      fmt::format_to(std::back_inserter(*out), "\\u{:04x}", u);
    } else if (u >= 0x80) {
      // Log bytes need not be UTF-8: escape them as code points of their byte values.
      fmt::format_to(std::back_inserter(*out), "\\u{:04x}", u);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

std::string MatchJson(const FileMatch& m, const match::IndicatorSet& set) {
  std::string out = "{\"file\": ";
  AppendJsonString(&out, *m.file);
  out += fmt::format(", \"line\": {}, \"field\": ", m.line);
  AppendJsonString(&out, m.field);
  out += ", \"indicator\": ";
  AppendJsonString(&out, set.indicator_id(m.indicator));
  out += ", \"value\": ";
  AppendJsonString(&out, m.value);
  out += "}\n";
  return out;
}

std::string MatchText(const FileMatch& m, const match::IndicatorSet& set) {
  return fmt::format("{}:{}: {} {} ({})\n", *m.file, m.line, set.indicator_id(m.indicator), m.value,
                     m.field);
}

std::string TotalsJson(const ScanTotals& t) {
  return fmt::format(
      "{{\"files\": {}, \"bytes\": {}, \"lines\": {}, \"matches\": {}, \"skipped_binary_files\": {}, "
      "\"skipped_overlong_lines\": {}, \"read_errors\": {}}}\n",
      t.files, t.bytes, t.lines, t.matches, t.skipped_binary, t.skipped_overlong_lines, t.read_errors);
}

std::string LoadStatsText(const match::LoadStats& s) {
  return fmt::format(
      "{} objects, {} indicators: {} compiled, {} unsupported, {} revoked, {} expired, {} not yet "
      "valid, {} older versions replaced",
      s.objects, s.indicators, s.compiled, s.unsupported, s.revoked, s.expired, s.not_yet_valid,
      s.versions_replaced);
}

}  // namespace qx::match_cli
