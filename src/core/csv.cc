#include "qx/core/csv.h"

namespace qx {

Result<CsvTable> ParseCsv(std::string_view text, std::size_t max_records) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable out;
  std::vector<std::string> record;
  std::string field;
  int line = 1;
  int record_line = 1;
  bool in_quotes = false;
  bool after_quote = false;  // a quoted field just closed: only a separator may follow
  bool field_started = false;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    after_quote = false;
    field_started = false;
  };
  auto end_record = [&]() -> Status {
    end_field();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      if (out.records.size() >= max_records) {
        return MakeError(ErrorCode::kPayloadTooLarge,
                         "more than " + std::to_string(max_records) + " records");
      }
      out.records.push_back(std::move(record));
      out.line_of.push_back(record_line);
    }
    record.clear();
    return Ok();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      QX_RETURN_IF_ERROR(end_record());
      ++line;
      record_line = line;
    } else if (after_quote) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "line " + std::to_string(line) + ": text after a closing quote");
    } else if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (in_quotes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "line " + std::to_string(record_line) + ": a quoted field is not closed");
  }
  if (!field.empty() || !record.empty() || after_quote) QX_RETURN_IF_ERROR(end_record());
  return out;
}

}  // namespace qx
