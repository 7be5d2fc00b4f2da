// Traffic Light Protocol markings in STIX 2.1: the predefined marking-definition ids of TLP 1.0
// (STIX 2.1 spec section 7.2.1.4) and TLP 2.0 (OASIS extension-definition--60a3c5c5-...), the
// level an object's markings amount to, and the TLP 2.0 marking-definition objects a server
// serves. Pure; thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qx::stix {

// TLP 2.0 levels, least to most restrictive. TLP 1.0 WHITE is CLEAR; TLP 1.0 has no AMBER+STRICT.
enum class Tlp { kClear, kGreen, kAmber, kAmberStrict, kRed };

// The extension every TLP 2.0 marking-definition carries.
inline constexpr std::string_view kTlp2ExtensionId =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
// The "created" timestamp of the TLP 2.0 marking-definition objects.
inline constexpr std::string_view kTlp2Created = "2022-10-01T00:00:00.000Z";

inline constexpr std::string_view kTlp2ClearId =
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
inline constexpr std::string_view kTlp2GreenId =
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
inline constexpr std::string_view kTlp2AmberId =
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
inline constexpr std::string_view kTlp2AmberStrictId =
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
inline constexpr std::string_view kTlp2RedId =
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

inline constexpr std::string_view kTlp1WhiteId =
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
inline constexpr std::string_view kTlp1GreenId =
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
inline constexpr std::string_view kTlp1AmberId =
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
inline constexpr std::string_view kTlp1RedId =
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

// "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED".
std::string_view TlpName(Tlp tlp);
// The "tlp_2_0" extension value: "clear", "green", "amber", "amber+strict", "red".
std::string_view Tlp2Value(Tlp tlp);
// The TLP 2.0 marking-definition id of a level.
std::string_view Tlp2MarkingId(Tlp tlp);
// A level as people write it: "clear", "green", "amber", "amber+strict", "red" in any case, with
// or without "TLP:"; TLP 1.0 "white" is CLEAR. nullopt for anything else.
std::optional<Tlp> ParseTlp(std::string_view text);

// The level of a predefined TLP marking-definition id (TLP 2.0 or 1.0: WHITE maps to CLEAR,
// 1.0 AMBER to AMBER); nullopt for any other id.
std::optional<Tlp> TlpOfMarking(std::string_view marking_definition_id);

// The most restrictive TLP level among `object_marking_refs`. Refs that are not predefined TLP
// markings (statements, custom markings) are ignored; when none is a TLP marking the result is
// `when_unmarked`. Its default is AMBER: in a sharing community unmarked intelligence is treated
// as limited disclosure until its producer says otherwise, so that forgetting a marking cannot
// widen who sees it. A deployment that publishes open feeds passes Tlp::kClear.
Tlp EffectiveTlp(const std::vector<std::string>& object_marking_refs,
                 Tlp when_unmarked = Tlp::kAmber);

// The level a whole object is served at: the most restrictive of its object-level level
// (EffectiveTlp, `when_unmarked` when it has no TLP marking) and every `granular_marking_refs`
// entry that is a TLP marking (STIX 2.1 section 7.2.3). A server that serves objects whole
// cannot serve the RED part of one at GREEN, so a granular TLP:RED makes the object RED.
Tlp ObjectTlp(const std::vector<std::string>& object_marking_refs,
              const std::vector<std::string>& granular_marking_refs,
              Tlp when_unmarked = Tlp::kAmber);

// The TLP 2.0 marking-definition object of a level, exactly as OASIS publishes it (type,
// spec_version, id, created, name, extensions).
boost::json::object Tlp2MarkingDefinition(Tlp tlp);
// All five, CLEAR to RED.
boost::json::array Tlp2MarkingDefinitions();

}  // namespace qx::stix
