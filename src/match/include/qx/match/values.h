// Observable values as the matcher compares them: IP addresses and ranges, domain names, URLs in
// normalised form, e-mail addresses and file hashes. Used both to compile indicators and to read
// tokens out of logs, so that both sides agree. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qx::match {

// What kind of value a table entry or a log token is.
enum class ValueKind : uint8_t { kIpv4, kIpv6, kDomain, kUrl, kEmail, kMd5, kSha1, kSha256, kSha512 };
inline constexpr int kValueKindCount = 9;

// "ipv4", "ipv6", "domain", "url", "email", "md5", "sha1", "sha256", "sha512".
std::string_view ValueKindName(ValueKind kind);

using Ipv6 = unsigned __int128;

// An inclusive address range; a single address has lo == hi.
struct Ipv4Range {
  uint32_t lo = 0, hi = 0;
};
struct Ipv6Range {
  Ipv6 lo = 0, hi = 0;
};

// Dotted quad of 1-3 digit decimals up to 255 ("010" is read as 10, as inet_aton does not).
std::optional<uint32_t> ParseIpv4(std::string_view text);
// RFC 4291 text (hex groups, one "::", optional trailing dotted quad), case-insensitive.
std::optional<Ipv6> ParseIpv6(std::string_view text);
// ParseIpv6 of text that holds only hex digits and colons (at most 64 bytes), whose colons are the
// set bits of colon_bits (bit i for text[i]): the groups are cut out of the bits, without the
// general parser's byte-by-byte state. The scanner's form; gives exactly what ParseIpv6 gives.
std::optional<Ipv6> ParseIpv6Groups(std::string_view text, uint64_t colon_bits);
// "a.b.c.d" or "a.b.c.d/n": the covered range (host bits of the address are ignored).
std::optional<Ipv4Range> ParseIpv4Range(std::string_view text);
std::optional<Ipv6Range> ParseIpv6Range(std::string_view text);

std::string FormatIpv4(uint32_t address);

// Lower case, without a trailing dot; nullopt unless the labels are 1-63 bytes of letters, digits,
// '-' and '_' (and bytes >= 0x80, kept as they are), at most 253 bytes in all, two labels or more
// are not required (a TLD is a valid indicator).
std::optional<std::string> NormalizeDomain(std::string_view text);

// RFC 3986 normalisation: scheme and host lower case, the default port of http (80), https (443)
// and ftp (21) removed, an empty path with an authority becomes "/", percent-encoded unreserved
// characters decoded and the hex digits of the remaining escapes upper case. Userinfo and
// fragment are kept. nullopt unless the text is scheme "://" authority [path...] with a
// non-empty host. Writes into *out (cleared first) so that callers can reuse the buffer.
bool NormalizeUrl(std::string_view text, std::string* out);

// The host part of a normalised URL (no userinfo, no port, no brackets).
std::string_view UrlHost(std::string_view normalized_url);

// local@domain with a non-empty local part and a domain that NormalizeDomain accepts; lower case.
std::optional<std::string> NormalizeEmail(std::string_view text);

// The hash kind for a STIX hash algorithm name ("MD5", "SHA-1", "SHA1", "SHA-256", "SHA256",
// "SHA-512", "SHA512"; case-insensitive) or nullopt.
std::optional<ValueKind> HashKindOf(std::string_view algorithm);
// Lower-case hex of the right length for the kind, or nullopt.
std::optional<std::string> NormalizeHash(ValueKind kind, std::string_view text);
// Whether every byte is a hex digit (either case); true for "".
bool IsHexText(std::string_view text);
// The hash kind that a hex token of this length could be (32, 40, 64, 128), or nullopt.
std::optional<ValueKind> HashKindOfLength(size_t length);

}  // namespace qx::match
