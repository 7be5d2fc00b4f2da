// The CII registry as values and rules: objects an operator registers, their OT zones and
// conduits, the categorisation questionnaire with the regulator's thresholds, and providers'
// declarations with their conformity status. Pure; no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qx/core/clock.h"
#include "qx/core/result.h"
#include "qx/domain/identity.h"

namespace qx::domain {

using ObjectId = std::int64_t;

// "it": an information system; "ot": an industrial control system (has OT zones and conduits).
enum class ObjectKind { kIt, kOt };
std::string_view Name(ObjectKind k);
std::optional<ObjectKind> ParseObjectKind(std::string_view t);

struct CiiObject {
  ObjectId id = 0;
  OrgId owner_org = 0;
  std::string name;  // unique per owner organisation
  std::string sector;
  ObjectKind kind = ObjectKind::kIt;
  std::string description;
  std::string location;
  std::string responsible_person;
  std::vector<ObjectId> depends_on;  // other CII objects this one needs
  // The effective category (1 highest, 2, 3), nullopt while uncategorised or "none"; and how it
  // was settled: "" (never), "proposed" (questionnaire, awaiting the regulator), "confirmed",
  // "overridden".
  std::optional<int> category;
  std::string category_status;
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
};

// An IEC 62443 zone of an OT object with its target security level (SL-T 1-4).
struct OtZone {
  std::string name;
  int target_sl = 1;
  std::string description;
};

// A conduit between two zones of the same object, named by the zones' names.
struct OtConduit {
  std::string name;
  std::string from_zone;
  std::string to_zone;
  std::string description;
};

struct OtArchitecture {
  std::vector<OtZone> zones;
  std::vector<OtConduit> conduits;
};

// Free text of at most max bytes without control characters (newlines and tabs allowed when
// multiline); empty allowed unless required.
Status ValidateText(std::string_view field, std::string_view value, size_t max, bool required,
                    bool multiline = false);
Status ValidateObject(const CiiObject& o);
// Zone names unique and non-empty, SL-T 1-4, conduits between two different known zones.
Status ValidateOtArchitecture(const OtArchitecture& ot);

// ---- Categorisation ----

// The questionnaire's criteria, each answered with a non-negative whole number in its unit.
enum class Criterion {
  kPeople,           // people whose life or health would be affected
  kEconomy,          // direct economic damage, thousand AZN
  kEnvironment,      // area of environmental damage, hectares
  kDefence,          // impact on defence, 0 (none) to 3 (severe)
  kStateAdministration,  // impact on state administration, 0 (none) to 3 (severe)
  kDependentCii,     // other CII objects depending on this one
};
inline constexpr std::size_t kCriterionCount = 6;
std::string_view Name(Criterion c);
std::optional<Criterion> ParseCriterion(std::string_view t);
inline constexpr std::array<Criterion, kCriterionCount> kAllCriteria = {
    Criterion::kPeople,  Criterion::kEconomy,
    Criterion::kEnvironment, Criterion::kDefence,
    Criterion::kStateAdministration, Criterion::kDependentCii};

// The answers, one per criterion (index = Criterion).
using Answers = std::array<std::int64_t, kCriterionCount>;

// Per criterion, the least value that reaches category 1, 2 and 3. Set by the regulator; each
// row must be non-increasing (category 1 needs at least what category 2 needs).
struct Thresholds {
  std::array<std::array<std::int64_t, 3>, kCriterionCount> min_for_category{};
};
Thresholds DefaultThresholds();
Status ValidateThresholds(const Thresholds& t);

struct CategoryResult {
  std::optional<int> category;  // 1, 2, 3, or nullopt ("none")
  std::array<std::optional<int>, kCriterionCount> by_criterion{};
};

// The category each criterion reaches; the object's is the highest (smallest number) of them.
CategoryResult Categorise(const Answers& answers, const Thresholds& thresholds);
Status ValidateAnswers(const Answers& answers);

enum class CategorisationStatus { kProposed, kConfirmed, kOverridden };
std::string_view Name(CategorisationStatus s);
std::optional<CategorisationStatus> ParseCategorisationStatus(std::string_view t);

// One filled-in questionnaire and what became of it. Kept forever: the history of an object.
struct Categorisation {
  std::int64_t id = 0;
  ObjectId object_id = 0;
  Answers answers{};
  std::int64_t thresholds_seq = 0;  // the regulator's thresholds applied (0: the defaults)
  std::optional<int> computed;      // Categorise() at the time
  CategorisationStatus status = CategorisationStatus::kProposed;
  std::optional<int> decided;  // the regulator's category when confirmed or overridden
  std::string reason;          // required for an override
  std::string submitted_by;    // audit actor label
  UnixMillis submitted_at = 0;
  std::string decided_by;
  std::optional<UnixMillis> decided_at;
};

// ---- Providers ----

// A provider's declaration: what it offers and to whom. Registration is by declaration.
struct ProviderDeclaration {
  OrgId org_id = 0;
  std::vector<std::string> services;  // free text, e.g. "penetration testing"
  std::vector<std::string> sectors;   // known sector names
  std::string description;
  std::string contact;
  UnixMillis declared_at = 0;
  UnixMillis updated_at = 0;
};
Status ValidateDeclaration(const ProviderDeclaration& d);

// What the public list shows of a provider's latest accepted assessment against the provider
// profile: none yet, every applicable requirement met, or some not met.
enum class Conformity { kNotAssessed, kConformant, kPartiallyConformant };
std::string_view Name(Conformity c);
Conformity ConformityOf(std::optional<double> accepted_score);

}  // namespace qx::domain
