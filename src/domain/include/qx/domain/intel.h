// Threat-intelligence sharing as Qalxan governs it: TAXII collections per audience, and who may
// read or write each. Values and rules only, no I/O.
#pragma once

#include <string>
#include <optional>
#include <string_view>

#include "qx/domain/authz.h"

namespace qx::domain {

// Whom a collection serves:
// national   every registered organisation;
// sector     the organisations of one sector (audience_value: the sector), the regulator, the CERT;
// private    one organisation's own collection (audience_value: its id);
// cert_inbox everyone reports into it, only the CERT reads it.
enum class Audience { kNational, kSector, kPrivate, kCertInbox };

std::string_view Name(Audience a);
std::optional<Audience> ParseAudience(std::string_view text);

struct IntelCollection {
  std::string id;  // a UUID, as TAXII requires
  std::string title;
  std::string description;
  Audience audience = Audience::kNational;
  std::string audience_value;
};

struct CollectionAccess {
  bool read = false;
  bool write = false;
};

// What subject (of an organisation in subject_sector, "" when none) may do with collection.
// Machines (matchers) read and post sightings like analysts; staff and auditors only read.
CollectionAccess AccessTo(const Subject& subject, std::string_view subject_sector,
                          const IntelCollection& collection);

// Whether objects may be deleted from a collection with this access. TAXII 2.1 section 5.7: DELETE
// is supported only where both can_read and can_write are true, so a write-only collection (the
// CERT inbox for everyone but the CERT) refuses it even to the object's producer.
bool MayDelete(const CollectionAccess& access);

}  // namespace qx::domain
