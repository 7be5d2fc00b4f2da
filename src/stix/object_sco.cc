// The properties of STIX Cyber-observable Objects (spec section 6).

#include <fmt/format.h>

#include <array>

#include "ip_address.h"
#include "object_types.h"
#include "pattern_lexer.h"  // DecodeBase64

namespace qx::stix::detail {
namespace {

// The properties every SCO may have; "at least one property" rules count the others.
constexpr std::array<std::string_view, 6> kScoCommon = {
    "type", "id", "spec_version", "object_marking_refs", "granular_markings", "defanged"};

bool HasOwnProperty(const ObjectReader& r) {
  for (const auto& [key, value] : r.object()) {
    bool common = false;
    for (const std::string_view c : kScoCommon) common = common || key == c;
    if (!common) return true;
  }
  return false;
}

// A value per `valid`, which names the expected form.
Status CheckValue(const ObjectReader& r, bool (*valid)(std::string_view), std::string_view form) {
  QX_ASSIGN_OR_RETURN(std::string_view value, r.String("value"));
  if (valid && !valid(value)) {
    return r.Fail("value", fmt::format("must be {}, found {}", form, Quote(value)));
  }
  return Ok();
}

// RFC 5322 addr-spec, loosely: a non-empty local part, '@', a non-empty domain, no spaces.
bool IsEmailAddress(std::string_view s) {
  const size_t at = s.rfind('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find_first_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Status CheckArtifact(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptString("mime_type"));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> payload, r.OptString("payload_bin"));
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> url, r.OptString("url"));
  if (payload.has_value() == url.has_value()) {
    return r.FailObject("exactly one of 'payload_bin' and 'url' is required");
  }
  std::string base64, bytes;
  if (payload && !DecodeBase64(*payload, base64, bytes)) {
    return r.Fail("payload_bin", "must be base64 (RFC 4648)");
  }
  if (url && !r.Has("hashes")) return r.Fail("hashes", "is required when 'url' is present");
  QX_RETURN_IF_ERROR(r.OptHashes("hashes"));
  return r.OptEnum("encryption_algorithm",
                   {"AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"});
}

Status CheckAutonomousSystem(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.Integer("number", 0, 4'294'967'295));
  return Checked(r.OptString("name"));
}

Status CheckDirectory(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.String("path"));
  return Checked(r.OptRefList("contains_refs", kAnyRef));
}

Status CheckValueSco(const ObjectReader& r, ObjectSummary&) { return CheckValue(r, nullptr, ""); }

Status CheckEmailAddr(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(CheckValue(r, IsEmailAddress, "an email address"));
  QX_RETURN_IF_ERROR(r.OptString("display_name"));
  return Checked(r.OptRef("belongs_to_ref", kAnyRef));
}

Status CheckEmailMessage(const ObjectReader& r, ObjectSummary&) {
  QX_ASSIGN_OR_RETURN(bool multipart, r.Bool("is_multipart"));
  if (multipart && r.Has("body")) {
    return r.Fail("body", "must not be present when 'is_multipart' is true");
  }
  if (!multipart && r.Has("body_multipart")) {
    return r.Fail("body_multipart", "must not be present when 'is_multipart' is false");
  }
  QX_RETURN_IF_ERROR(r.OptTimestamp("date"));
  QX_RETURN_IF_ERROR(r.OptRef("from_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRefList("to_refs", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRefList("cc_refs", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRefList("bcc_refs", kAnyRef));
  return Checked(r.OptString("subject"));
}

Status CheckFile(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptHashes("hashes"));
  QX_RETURN_IF_ERROR(r.OptString("name"));
  QX_RETURN_IF_ERROR(r.OptInteger("size", 0, INT64_MAX));
  QX_RETURN_IF_ERROR(r.OptRef("parent_directory_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRef("content_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRefList("contains_refs", kAnyRef));
  return r.AtLeastOneOf({"hashes", "name"});
}

Status CheckIpv4Addr(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(CheckValue(r, IsIpv4Cidr, "an IPv4 address or CIDR"));
  QX_RETURN_IF_ERROR(r.OptRefList("resolves_to_refs", kAnyRef));
  return Checked(r.OptRefList("belongs_to_refs", kAnyRef));
}

Status CheckIpv6Addr(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(CheckValue(r, IsIpv6Cidr, "an IPv6 address or CIDR"));
  QX_RETURN_IF_ERROR(r.OptRefList("resolves_to_refs", kAnyRef));
  return Checked(r.OptRefList("belongs_to_refs", kAnyRef));
}

Status CheckMacAddr(const ObjectReader& r, ObjectSummary&) {
  return CheckValue(r, IsMacAddress, "a lower-case colon-delimited MAC-48 address");
}

Status CheckMutex(const ObjectReader& r, ObjectSummary&) { return Checked(r.String("name")); }

Status CheckNetworkTraffic(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.StringList("protocols"));
  QX_RETURN_IF_ERROR(r.OptRef("src_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRef("dst_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptInteger("src_port", 0, 65535));
  QX_RETURN_IF_ERROR(r.OptInteger("dst_port", 0, 65535));
  QX_RETURN_IF_ERROR(r.OptBool("is_active"));
  QX_RETURN_IF_ERROR(r.Ordered("start", "end", false));
  return r.AtLeastOneOf({"src_ref", "dst_ref"});
}

Status CheckProcess(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptInteger("pid", INT64_MIN, INT64_MAX));
  QX_RETURN_IF_ERROR(r.OptString("command_line"));
  QX_RETURN_IF_ERROR(r.OptRef("parent_ref", kAnyRef));
  QX_RETURN_IF_ERROR(r.OptRefList("child_refs", kAnyRef));
  if (!HasOwnProperty(r)) return r.FailObject("a process must have at least one of its properties");
  return Ok();
}

Status CheckSoftware(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.String("name"));
  QX_RETURN_IF_ERROR(r.OptString("cpe"));
  return Checked(r.OptStringList("languages"));
}

Status CheckUserAccount(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptString("user_id"));
  QX_RETURN_IF_ERROR(r.OptString("account_login"));
  QX_RETURN_IF_ERROR(r.OptBool("is_privileged"));
  QX_RETURN_IF_ERROR(r.OptTimestamp("account_created"));
  return Checked(r.OptTimestamp("account_expires"));
}

Status CheckWindowsRegistryKey(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptString("key"));
  QX_RETURN_IF_ERROR(r.OptObjectList("values"));
  return Checked(r.OptTimestamp("modified_time"));
}

Status CheckX509Certificate(const ObjectReader& r, ObjectSummary&) {
  QX_RETURN_IF_ERROR(r.OptBool("is_self_signed"));
  QX_RETURN_IF_ERROR(r.OptHashes("hashes"));
  QX_RETURN_IF_ERROR(r.OptString("serial_number"));
  QX_RETURN_IF_ERROR(r.Ordered("validity_not_before", "validity_not_after", false));
  if (!HasOwnProperty(r)) {
    return r.FailObject("an x509-certificate must have at least one of its properties");
  }
  return Ok();
}

}  // namespace qx::stix::detail
