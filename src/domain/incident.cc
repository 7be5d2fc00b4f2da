#include "qx/domain/incident.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <set>

#include "qx/domain/registry.h"

namespace qx::domain {
namespace {

Status Invalid(std::string message) { return MakeError(ErrorCode::kInvalidArgument, std::move(message)); }

bool IsHex(std::string_view v, std::size_t len) {
  return v.size() == len && std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool IsIpv4(std::string_view v) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= v.size()) {
    std::size_t j = v.find('.', i);
    if (j == std::string_view::npos) j = v.size();
    const auto part = v.substr(i, j - i);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit)) return false;
    if (std::stoi(std::string(part)) > 255) return false;
    ++parts;
    i = j + 1;
  }
  return parts == 4;
}

bool IsIpv6(std::string_view v) {
  if (v.size() < 2 || v.size() > 45 || v.find(':') == std::string_view::npos) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
}

bool IsDomain(std::string_view v) {
  if (v.empty() || v.size() > 253 || v.find('.') == std::string_view::npos) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; });
}

std::string Quoted(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string_view Name(IncidentStatus s) {
  switch (s) {
    case IncidentStatus::kNew: return "new";
    case IncidentStatus::kTriage: return "triage";
    case IncidentStatus::kInProgress: return "in_progress";
    case IncidentStatus::kResolved: return "resolved";
    case IncidentStatus::kClosed: return "closed";
  }
  return "new";
}

std::string_view Name(IncidentSeverity s) {
  switch (s) {
    case IncidentSeverity::kLow: return "low";
    case IncidentSeverity::kMedium: return "medium";
    case IncidentSeverity::kHigh: return "high";
    case IncidentSeverity::kCritical: return "critical";
  }
  return "medium";
}

std::string_view Name(ImpactLevel l) {
  switch (l) {
    case ImpactLevel::kNone: return "none";
    case ImpactLevel::kLow: return "low";
    case ImpactLevel::kMedium: return "medium";
    case ImpactLevel::kHigh: return "high";
  }
  return "none";
}

std::optional<IncidentStatus> ParseIncidentStatus(std::string_view t) {
  for (auto s : {IncidentStatus::kNew, IncidentStatus::kTriage, IncidentStatus::kInProgress,
                 IncidentStatus::kResolved, IncidentStatus::kClosed}) {
    if (Name(s) == t) return s;
  }
  return std::nullopt;
}

std::optional<IncidentSeverity> ParseIncidentSeverity(std::string_view t) {
  for (auto s : {IncidentSeverity::kLow, IncidentSeverity::kMedium, IncidentSeverity::kHigh,
                 IncidentSeverity::kCritical}) {
    if (Name(s) == t) return s;
  }
  return std::nullopt;
}

std::optional<ImpactLevel> ParseImpactLevel(std::string_view t) {
  for (auto l : {ImpactLevel::kNone, ImpactLevel::kLow, ImpactLevel::kMedium, ImpactLevel::kHigh}) {
    if (Name(l) == t) return l;
  }
  return std::nullopt;
}

bool IsTlpName(std::string_view t) {
  return t == "clear" || t == "green" || t == "amber" || t == "amber+strict" || t == "red";
}

Status ValidateIndicator(const IncidentIndicator& i) {
  const auto& v = i.value;
  bool ok = false;
  if (i.type == "ipv4-addr") ok = IsIpv4(v);
  else if (i.type == "ipv6-addr") ok = IsIpv6(v);
  else if (i.type == "domain-name") ok = IsDomain(v);
  else if (i.type == "url") ok = v.size() <= 2048 && (v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0) &&
                                 std::none_of(v.begin(), v.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)); });
  else if (i.type == "file:sha256") ok = IsHex(v, 64);
  else if (i.type == "file:sha1") ok = IsHex(v, 40);
  else if (i.type == "file:md5") ok = IsHex(v, 32);
  else if (i.type == "email-addr") ok = v.size() <= 254 && v.find('@') != std::string::npos && v.find('@') > 0 &&
                                        std::none_of(v.begin(), v.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '\'' || c == '\\'; });
  else return Invalid(fmt::format("indicator type '{}' is not one of ipv4-addr, ipv6-addr, domain-name, url,"
                                  " file:sha256, file:md5, file:sha1, email-addr", i.type));
  if (!ok) return Invalid(fmt::format("'{}' is not a valid {}", v.substr(0, 100), i.type));
  return Ok();
}

std::string StixPatternOf(const IncidentIndicator& i) {
  if (i.type == "file:sha256") return "[file:hashes.'SHA-256' = " + Quoted(i.value) + "]";
  if (i.type == "file:sha1") return "[file:hashes.'SHA-1' = " + Quoted(i.value) + "]";
  if (i.type == "file:md5") return "[file:hashes.MD5 = " + Quoted(i.value) + "]";
  return "[" + i.type + ":value = " + Quoted(i.value) + "]";
}

Status ValidateIncident(const Incident& i, UnixMillis now) {
  QX_RETURN_IF_ERROR(ValidateText("title", i.title, 300, true));
  QX_RETURN_IF_ERROR(ValidateText("description", i.description, 20000, true, true));
  QX_RETURN_IF_ERROR(ValidateText("detection_source", i.detection_source, 1000, false, true));
  QX_RETURN_IF_ERROR(ValidateText("affected_services", i.affected_services, 5000, false, true));
  if (i.object_ids.empty() || i.object_ids.size() > 50) return Invalid("object_ids must name 1-50 CII objects");
  if (std::set<std::int64_t>(i.object_ids.begin(), i.object_ids.end()).size() != i.object_ids.size()) {
    return Invalid("object_ids must not repeat an object");
  }
  if (i.aware_at <= 0) return Invalid("aware_at is required");
  if (i.aware_at > now) return Invalid("aware_at must not be in the future");
  if (i.classified_at) {
    if (*i.classified_at > now) return Invalid("classified_at must not be in the future");
    if (*i.classified_at < i.aware_at) return Invalid("classified_at must not be before aware_at");
  }
  if (!IsTlpName(i.tlp)) return Invalid("tlp must be clear, green, amber, amber+strict or red");
  // At most 400: shared with a report they stay one synchronous TAXII write.
  if (i.indicators.size() > 400) return Invalid("at most 400 indicators");
  for (const auto& ind : i.indicators) QX_RETURN_IF_ERROR(ValidateIndicator(ind));
  return Ok();
}

}  // namespace qx::domain
