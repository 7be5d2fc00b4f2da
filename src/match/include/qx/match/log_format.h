// Log line formats: recognising a line's format (nginx/Apache combined, BIND query log, Squid
// native, Zeek TSV, syslog, JSON lines, or plain text) and naming the field that holds a byte
// offset, so that a sighting says where the value was seen ("nginx:referer", "zeek:id.resp_h",
// "json:dst.ip", "syslog:md5"). Called only for matched lines, so clarity beats speed here. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/match/scanner.h"

namespace qx::match {

enum class LogFormat { kText, kNginx, kBind, kSquid, kZeek, kSyslog, kJson };
std::string_view LogFormatName(LogFormat format);

// Column names of a Zeek log, from its "#fields" header line.
struct ZeekHeader {
  std::vector<std::string> fields;
};

// Parses "#fields\tts\tuid..." (nullopt for any other line).
std::optional<ZeekHeader> ParseZeekFieldsLine(std::string_view line);
// The host / uri columns of an http.log header, or nullopt when it has neither.
std::optional<ZeekHttpLayout> HttpLayoutOf(const ZeekHeader& header);

LogFormat DetectLineFormat(std::string_view line);

// "<format>:<field>" for the value at `offset` in `line`. A Zeek line without a header is named
// by Zeek's default conn, http or files layout when its column count fits one of them.
std::string FieldAt(std::string_view line, size_t offset, const ZeekHeader* header);

}  // namespace qx::match
