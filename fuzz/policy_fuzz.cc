// Fuzzes the agent's policy parsers with untrusted bytes: the SCAP data stream reader (libxml2
// with entities and DTDs refused, then XCCDF/OVAL indexing and profile resolution) and the native
// YAML policy compiler. The first byte picks the parser, so one corpus covers both.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "qx/agent/native_policy.h"
#include "qx/agent/scap_content.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    auto content = qx::agent::ScapContent::Parse(input);
    if (content) {
      for (const auto& p : content->Profiles()) (void)content->ResolveProfile(p.short_name);
    }
  } else {
    (void)qx::agent::ParseNativePolicy(input);
  }
  return 0;
}
