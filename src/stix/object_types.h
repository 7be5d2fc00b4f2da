// The type table of STIX 2.1 and the per-type checks behind ValidateObject. Private to qx::stix.
#pragma once

#include <optional>
#include <string_view>

#include "object_reader.h"
#include "qx/stix/object.h"

namespace qx::stix::detail {

// Checks the properties specific to one type; may fill type-specific summary fields.
using TypeCheck = Status (*)(const ObjectReader& reader, ObjectSummary& summary);

struct TypeInfo {
  std::string_view type;
  ObjectCategory category;
  TypeCheck check;  // nullptr: common properties only
};

// The spec-defined types; nullptr for custom and unknown ones.
const TypeInfo* FindSpecType(std::string_view type);

// The common properties of `category` (spec 3.2), filling the summary's common fields.
Status CheckCommonProperties(const ObjectReader& reader, ObjectCategory category,
                             ObjectSummary& summary);

// SDOs (object_sdo.cc).
Status CheckAttackPattern(const ObjectReader& r, ObjectSummary& s);
Status CheckNamed(const ObjectReader& r, ObjectSummary& s);          // name only
Status CheckNamedWithSeen(const ObjectReader& r, ObjectSummary& s);  // name, first/last_seen
Status CheckGrouping(const ObjectReader& r, ObjectSummary& s);
Status CheckIdentity(const ObjectReader& r, ObjectSummary& s);
Status CheckIndicator(const ObjectReader& r, ObjectSummary& s);
Status CheckInfrastructure(const ObjectReader& r, ObjectSummary& s);
Status CheckLocation(const ObjectReader& r, ObjectSummary& s);
Status CheckMalware(const ObjectReader& r, ObjectSummary& s);
Status CheckMalwareAnalysis(const ObjectReader& r, ObjectSummary& s);
Status CheckNote(const ObjectReader& r, ObjectSummary& s);
Status CheckObservedData(const ObjectReader& r, ObjectSummary& s);
Status CheckOpinion(const ObjectReader& r, ObjectSummary& s);
Status CheckReport(const ObjectReader& r, ObjectSummary& s);
Status CheckTool(const ObjectReader& r, ObjectSummary& s);

// SROs and meta objects (object_sro_meta.cc).
Status CheckRelationship(const ObjectReader& r, ObjectSummary& s);
Status CheckSighting(const ObjectReader& r, ObjectSummary& s);
Status CheckMarkingDefinition(const ObjectReader& r, ObjectSummary& s);
Status CheckLanguageContent(const ObjectReader& r, ObjectSummary& s);
Status CheckExtensionDefinition(const ObjectReader& r, ObjectSummary& s);

// SCOs (object_sco.cc).
Status CheckArtifact(const ObjectReader& r, ObjectSummary& s);
Status CheckAutonomousSystem(const ObjectReader& r, ObjectSummary& s);
Status CheckDirectory(const ObjectReader& r, ObjectSummary& s);
Status CheckValueSco(const ObjectReader& r, ObjectSummary& s);  // domain-name, url: value
Status CheckEmailAddr(const ObjectReader& r, ObjectSummary& s);
Status CheckEmailMessage(const ObjectReader& r, ObjectSummary& s);
Status CheckFile(const ObjectReader& r, ObjectSummary& s);
Status CheckIpv4Addr(const ObjectReader& r, ObjectSummary& s);
Status CheckIpv6Addr(const ObjectReader& r, ObjectSummary& s);
Status CheckMacAddr(const ObjectReader& r, ObjectSummary& s);
Status CheckMutex(const ObjectReader& r, ObjectSummary& s);
Status CheckNetworkTraffic(const ObjectReader& r, ObjectSummary& s);
Status CheckProcess(const ObjectReader& r, ObjectSummary& s);
Status CheckSoftware(const ObjectReader& r, ObjectSummary& s);
Status CheckUserAccount(const ObjectReader& r, ObjectSummary& s);
Status CheckWindowsRegistryKey(const ObjectReader& r, ObjectSummary& s);
Status CheckX509Certificate(const ObjectReader& r, ObjectSummary& s);

}  // namespace qx::stix::detail
