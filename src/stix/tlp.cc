#include "qx/stix/tlp.h"

#include <algorithm>
#include <array>
#include <string>

namespace qx::stix {
namespace {

struct TlpLevel {
  Tlp tlp;
  std::string_view name;
  std::string_view value;
  std::string_view id;
};

constexpr std::array<TlpLevel, 5> kLevels = {{
    {Tlp::kClear, "TLP:CLEAR", "clear", kTlp2ClearId},
    {Tlp::kGreen, "TLP:GREEN", "green", kTlp2GreenId},
    {Tlp::kAmber, "TLP:AMBER", "amber", kTlp2AmberId},
    {Tlp::kAmberStrict, "TLP:AMBER+STRICT", "amber+strict", kTlp2AmberStrictId},
    {Tlp::kRed, "TLP:RED", "red", kTlp2RedId},
}};

const TlpLevel& Level(Tlp tlp) { return kLevels[static_cast<size_t>(tlp)]; }

}  // namespace

std::string_view TlpName(Tlp tlp) { return Level(tlp).name; }
std::string_view Tlp2Value(Tlp tlp) { return Level(tlp).value; }
std::string_view Tlp2MarkingId(Tlp tlp) { return Level(tlp).id; }

std::optional<Tlp> ParseTlp(std::string_view text) {
  std::string lower;
  for (const char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  std::string_view t = lower;
  if (t.substr(0, 4) == "tlp:") t.remove_prefix(4);
  if (t == "white") return Tlp::kClear;
  for (const TlpLevel& level : kLevels) {
    if (t == level.value) return level.tlp;
  }
  return std::nullopt;
}

std::optional<Tlp> TlpOfMarking(std::string_view id) {
  for (const TlpLevel& level : kLevels) {
    if (id == level.id) return level.tlp;
  }
  if (id == kTlp1WhiteId) return Tlp::kClear;
  if (id == kTlp1GreenId) return Tlp::kGreen;
  if (id == kTlp1AmberId) return Tlp::kAmber;
  if (id == kTlp1RedId) return Tlp::kRed;
  return std::nullopt;
}

Tlp EffectiveTlp(const std::vector<std::string>& object_marking_refs, Tlp when_unmarked) {
  std::optional<Tlp> most;
  for (const std::string& ref : object_marking_refs) {
    if (const std::optional<Tlp> tlp = TlpOfMarking(ref))
      most = most ? std::max(*most, *tlp) : *tlp;
  }
  return most.value_or(when_unmarked);
}

Tlp ObjectTlp(const std::vector<std::string>& object_marking_refs,
              const std::vector<std::string>& granular_marking_refs, Tlp when_unmarked) {
  Tlp most = EffectiveTlp(object_marking_refs, when_unmarked);
  for (const std::string& ref : granular_marking_refs) {
    if (const std::optional<Tlp> tlp = TlpOfMarking(ref)) most = std::max(most, *tlp);
  }
  return most;
}

boost::json::object Tlp2MarkingDefinition(Tlp tlp) {
  const TlpLevel& level = Level(tlp);
  boost::json::object extension;
  extension["extension_type"] = "property-extension";
  extension["tlp_2_0"] = level.value;
  boost::json::object extensions;
  extensions[kTlp2ExtensionId] = std::move(extension);
  boost::json::object marking;
  marking["type"] = "marking-definition";
  marking["spec_version"] = "2.1";
  marking["id"] = level.id;
  marking["created"] = kTlp2Created;
  marking["name"] = level.name;
  marking["extensions"] = std::move(extensions);
  return marking;
}

boost::json::array Tlp2MarkingDefinitions() {
  boost::json::array all;
  for (const TlpLevel& level : kLevels) all.emplace_back(Tlp2MarkingDefinition(level.tlp));
  return all;
}

}  // namespace qx::stix
