// Textual IP addresses as STIX writes them (ipv4-addr / ipv6-addr "value", ISSUBSET constants):
// an address with an optional CIDR suffix. Private to qx::stix.
#pragma once

#include <string_view>

namespace qx::stix::detail {

// Dotted quad "198.51.100.3" (no leading zeros), optionally "/0".."/32".
bool IsIpv4Cidr(std::string_view text);

// RFC 4291 text form (hex groups, one "::", an optional trailing dotted quad), optionally
// "/0".."/128". Zone indices ("%eth0") are not accepted.
bool IsIpv6Cidr(std::string_view text);

// Colon-delimited lower-case MAC-48 with leading zeros: "d2:fb:49:24:37:18" (spec 6.9).
bool IsMacAddress(std::string_view text);

}  // namespace qx::stix::detail
