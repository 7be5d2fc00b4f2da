#include "qx/match/log_format.h"

#include <array>
#include <cctype>

namespace qx::match {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

// Zeek's default layouts (zeek 6), used when a line comes without its header.
constexpr std::string_view kZeekConn =
    "ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes "
    "conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts "
    "resp_ip_bytes tunnel_parents";
constexpr std::string_view kZeekHttp =
    "ts uid id.orig_h id.orig_p id.resp_h id.resp_p trans_depth method host uri referrer version "
    "user_agent origin request_body_len response_body_len status_code status_msg info_code "
    "info_msg tags username password proxied orig_fuids orig_filenames orig_mime_types resp_fuids "
    "resp_filenames resp_mime_types";
constexpr std::string_view kZeekFiles =
    "ts fuid uid id.orig_h id.orig_p id.resp_h id.resp_p source depth analyzers mime_type filename "
    "duration local_orig is_orig seen_bytes total_bytes missing_bytes overflow_bytes timedout "
    "parent_fuid md5 sha1 sha256 extracted extracted_cutoff extracted_size";

// Index of the space-separated token of `line` that holds `offset` (quoted and bracketed
// tokens count as one); -1 if offset is on a separator.
int TokenIndex(std::string_view line, size_t offset) {
  int index = 0;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    size_t end = i;
    const char open = line[i];
    if (open == '"' || open == '[') {
      const char close = open == '"' ? '"' : ']';
      const size_t c = line.find(close, i + 1);
      end = c == std::string_view::npos ? line.size() : c + 1;
    } else {
      while (end < line.size() && line[end] != ' ') ++end;
    }
    if (offset >= i && offset < end) return index;
    ++index;
    i = end;
  }
  return -1;
}

// The "key" of "key=value", "key=<value>" or "key: value" just before offset, if any.
std::string KeyBefore(std::string_view line, size_t offset) {
  size_t i = offset;
  if (i > 0 && (line[i - 1] == '<' || line[i - 1] == '"' || line[i - 1] == '[')) --i;
  if (i == 0 || line[i - 1] != '=') return {};
  size_t k = i - 1;
  while (k > 0 && (std::isalnum(static_cast<unsigned char>(line[k - 1])) || line[k - 1] == '_' ||
                   line[k - 1] == '-' || line[k - 1] == '.')) {
    --k;
  }
  return std::string(line.substr(k, i - 1 - k));
}

std::string JsonKeyAt(std::string_view line, size_t offset) {
  // Walks the line, tracking the key path; answers the path of the string holding offset.
  std::vector<std::string> path;
  std::vector<bool> is_object;
  std::string last_key;
  bool expect_key = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '{') {
      path.push_back(last_key);
      is_object.push_back(true);
      expect_key = true;
    } else if (c == '[') {
      path.push_back(last_key);
      is_object.push_back(false);
    } else if (c == '}' || c == ']') {
      if (!path.empty()) path.pop_back(), is_object.pop_back();
    } else if (c == ',') {
      expect_key = !is_object.empty() && is_object.back();
    } else if (c == '"') {
      size_t e = i + 1;
      while (e < line.size() && line[e] != '"') e += line[e] == '\\' ? 2 : 1;
      const std::string_view s = line.substr(i + 1, e > i + 1 ? e - i - 1 : 0);
      if (expect_key) {
        last_key = std::string(s);
        expect_key = false;
      } else if (offset > i && offset <= e) {
        std::string out;
        for (size_t k = 1; k < path.size(); ++k) {
          if (!path[k].empty()) out += path[k] + ".";
        }
        return out + last_key;
      }
      i = e;
    }
  }
  return last_key;
}

}  // namespace

std::string_view LogFormatName(LogFormat f) {
  switch (f) {
    case LogFormat::kText: return "text";
    case LogFormat::kNginx: return "nginx";
    case LogFormat::kBind: return "bind";
    case LogFormat::kSquid: return "squid";
    case LogFormat::kZeek: return "zeek";
    case LogFormat::kSyslog: return "syslog";
    case LogFormat::kJson: return "json";
  }
  return "text";
}

std::optional<ZeekHeader> ParseZeekFieldsLine(std::string_view line) {
  if (!line.starts_with("#fields\t")) return std::nullopt;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  ZeekHeader h;
  h.fields = Split(line.substr(8), '\t');
  return h;
}

std::optional<ZeekHttpLayout> HttpLayoutOf(const ZeekHeader& header) {
  ZeekHttpLayout l;
  l.columns = static_cast<int>(header.fields.size());
  l.host = l.uri = -1;
  for (int i = 0; i < l.columns; ++i) {
    if (header.fields[i] == "host") l.host = i;
    if (header.fields[i] == "uri") l.uri = i;
  }
  if (l.host < 0 || l.uri < 0 || l.columns > 64) return std::nullopt;
  return l;
}

LogFormat DetectLineFormat(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i < line.size() && line[i] == '{') return LogFormat::kJson;
  if (line.find('\t') != std::string_view::npos) return LogFormat::kZeek;
  if (line.find(" queries: ") != std::string_view::npos && line.find("client ") != std::string_view::npos) {
    return LogFormat::kBind;
  }
  // nginx/Apache combined: host ident user [time] "request" status bytes "referer" "agent"
  const size_t bracket = line.find(" [");
  if (bracket != std::string_view::npos && line.find("] \"", bracket) != std::string_view::npos) {
    return LogFormat::kNginx;
  }
  // Squid native: "1727740800.123    123 client CODE/status ..."
  if (!line.empty() && IsDigit(line[0])) {
    size_t k = 0;
    while (k < line.size() && IsDigit(line[k])) ++k;
    if (k >= 9 && k < line.size() && line[k] == '.') return LogFormat::kSquid;
  }
  // RFC 3164 syslog: "Mmm dd hh:mm:ss host program[pid]: message"
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "};
  for (auto m : kMonths) {
    if (line.starts_with(m) && line.size() > 16 && line[9] == ':' && line[12] == ':') return LogFormat::kSyslog;
  }
  return LogFormat::kText;
}

std::string FieldAt(std::string_view line, size_t offset, const ZeekHeader* header) {
  const LogFormat f = DetectLineFormat(line);
  const std::string prefix = std::string(LogFormatName(f)) + ":";
  switch (f) {
    case LogFormat::kJson:
      return prefix + JsonKeyAt(line, offset);
    case LogFormat::kZeek: {
      int column = 0;
      for (size_t i = 0; i < offset && i < line.size(); ++i) column += line[i] == '\t';
      int columns = 1;
      for (char c : line) columns += c == '\t';
      std::vector<std::string> names;
      if (header && static_cast<int>(header->fields.size()) == columns) {
        names = header->fields;
      } else {
        for (auto layout : {kZeekConn, kZeekHttp, kZeekFiles}) {
          auto n = Split(layout, ' ');
          if (static_cast<int>(n.size()) == columns) names = std::move(n);
        }
      }
      if (column < static_cast<int>(names.size())) return prefix + names[column];
      return prefix + "column" + std::to_string(column + 1);
    }
    case LogFormat::kNginx: {
      static constexpr std::array<std::string_view, 9> kNames = {
          "client", "ident", "user", "time", "request", "status", "bytes", "referer", "user_agent"};
      const int t = TokenIndex(line, offset);
      return prefix + (t >= 0 && t < 9 ? std::string(kNames[t]) : "extra");
    }
    case LogFormat::kBind: {
      const size_t q = line.find(" query: ");
      const size_t open = line.find(" (");
      if (q != std::string_view::npos && offset > q) {
        const size_t server = line.rfind(" (");
        return prefix + (server != std::string_view::npos && server > q && offset > server ? "server" : "query");
      }
      if (open != std::string_view::npos && offset > open) return prefix + "query";
      return prefix + "client";
    }
    case LogFormat::kSquid: {
      static constexpr std::array<std::string_view, 10> kNames = {
          "time", "elapsed", "client", "code", "bytes", "method", "url", "user", "peer", "type"};
      const int t = TokenIndex(line, offset);
      return prefix + (t >= 0 && t < 10 ? std::string(kNames[t]) : "extra");
    }
    case LogFormat::kSyslog: {
      std::string key = KeyBefore(line, offset);
      return prefix + (key.empty() ? "message" : key);
    }
    case LogFormat::kText: {
      std::string key = KeyBefore(line, offset);
      return prefix + (key.empty() ? "token" : key);
    }
  }
  return prefix;
}

}  // namespace qx::match
