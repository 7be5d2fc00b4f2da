#include "qx/domain/registry.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace qx::domain {
namespace {

constexpr std::array<std::string_view, 2> kObjectKinds = {"it", "ot"};
constexpr std::array<std::string_view, kCriterionCount> kCriterionNames = {
    "people", "economy", "environment", "defence", "state_administration", "dependent_cii"};
constexpr std::array<std::string_view, 3> kCategorisationStatuses = {"proposed", "confirmed",
                                                                     "overridden"};
constexpr std::array<std::string_view, 3> kConformity = {"not_assessed", "conformant",
                                                         "partially_conformant"};

template <typename Enum, size_t N>
std::optional<Enum> ParseIn(const std::array<std::string_view, N>& names, std::string_view t) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == t) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

Status Invalid(std::string m) { return MakeError(ErrorCode::kInvalidArgument, std::move(m)); }

}  // namespace

std::string_view Name(ObjectKind k) { return kObjectKinds[static_cast<size_t>(k)]; }
std::optional<ObjectKind> ParseObjectKind(std::string_view t) { return ParseIn<ObjectKind>(kObjectKinds, t); }
std::string_view Name(Criterion c) { return kCriterionNames[static_cast<size_t>(c)]; }
std::optional<Criterion> ParseCriterion(std::string_view t) { return ParseIn<Criterion>(kCriterionNames, t); }
std::string_view Name(CategorisationStatus s) { return kCategorisationStatuses[static_cast<size_t>(s)]; }
std::optional<CategorisationStatus> ParseCategorisationStatus(std::string_view t) {
  return ParseIn<CategorisationStatus>(kCategorisationStatuses, t);
}
std::string_view Name(Conformity c) { return kConformity[static_cast<size_t>(c)]; }

Status ValidateText(std::string_view field, std::string_view v, size_t max, bool required,
                    bool multiline) {
  if (required && v.empty()) return Invalid(fmt::format("{} is required", field));
  if (v.size() > max) return Invalid(fmt::format("{} must have at most {} bytes", field, max));
  const bool control = std::any_of(v.begin(), v.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7f;
  });
  if (control) return Invalid(fmt::format("{} must not contain control characters", field));
  return Ok();
}

Status ValidateObject(const CiiObject& o) {
  QX_RETURN_IF_ERROR(ValidateText("name", o.name, 200, true));
  if (!IsKnownSector(o.sector)) return Invalid("sector must be a known sector (oil_and_gas, energy, ...)");
  QX_RETURN_IF_ERROR(ValidateText("description", o.description, 4000, false, true));
  QX_RETURN_IF_ERROR(ValidateText("location", o.location, 500, false));
  QX_RETURN_IF_ERROR(ValidateText("responsible_person", o.responsible_person, 200, false));
  std::set<ObjectId> seen;
  for (ObjectId d : o.depends_on) {
    if (d <= 0) return Invalid("depends_on must list object ids");
    if (o.id != 0 && d == o.id) return Invalid("an object cannot depend on itself");
    if (!seen.insert(d).second) return Invalid("depends_on lists an object twice");
  }
  if (o.depends_on.size() > 200) return Invalid("depends_on lists more than 200 objects");
  return Ok();
}

Status ValidateOtArchitecture(const OtArchitecture& ot) {
  if (ot.zones.size() > 200 || ot.conduits.size() > 1000) return Invalid("too many zones or conduits");
  std::set<std::string> zones;
  for (const OtZone& z : ot.zones) {
    QX_RETURN_IF_ERROR(ValidateText("zone name", z.name, 100, true));
    QX_RETURN_IF_ERROR(ValidateText("zone description", z.description, 2000, false, true));
    if (z.target_sl < 1 || z.target_sl > 4) {
      return Invalid(fmt::format("zone '{}': target_sl must be 1-4", z.name));
    }
    if (!zones.insert(z.name).second) return Invalid(fmt::format("zone '{}' is named twice", z.name));
  }
  std::set<std::string> conduits;
  for (const OtConduit& c : ot.conduits) {
    QX_RETURN_IF_ERROR(ValidateText("conduit name", c.name, 100, true));
    QX_RETURN_IF_ERROR(ValidateText("conduit description", c.description, 2000, false, true));
    if (!conduits.insert(c.name).second) return Invalid(fmt::format("conduit '{}' is named twice", c.name));
    if (!zones.count(c.from_zone) || !zones.count(c.to_zone)) {
      return Invalid(fmt::format("conduit '{}' must join two zones of this object", c.name));
    }
    if (c.from_zone == c.to_zone) return Invalid(fmt::format("conduit '{}' joins a zone to itself", c.name));
  }
  return Ok();
}

Thresholds DefaultThresholds() {
  Thresholds t;
  t.min_for_category = {{
      {50000, 5000, 500},  // people
      {50000, 5000, 500},  // economy, thousand AZN
      {1000, 100, 10},     // environment, hectares
      {3, 2, 1},           // defence
      {3, 2, 1},           // state administration
      {10, 5, 1},          // dependent CII objects
  }};
  return t;
}

Status ValidateThresholds(const Thresholds& t) {
  for (size_t i = 0; i < kCriterionCount; ++i) {
    const auto& row = t.min_for_category[i];
    const auto name = Name(static_cast<Criterion>(i));
    if (row[2] < 1) return Invalid(fmt::format("{}: thresholds must be at least 1", name));
    if (row[0] < row[1] || row[1] < row[2]) {
      return Invalid(fmt::format("{}: category 1 must need at least what category 2 needs, and 2 "
                                 "at least what 3 needs",
                                 name));
    }
  }
  return Ok();
}

Status ValidateAnswers(const Answers& answers) {
  for (size_t i = 0; i < kCriterionCount; ++i) {
    if (answers[i] < 0) {
      return Invalid(fmt::format("{} must be zero or more", Name(static_cast<Criterion>(i))));
    }
  }
  for (Criterion c : {Criterion::kDefence, Criterion::kStateAdministration}) {
    if (answers[static_cast<size_t>(c)] > 3) return Invalid(fmt::format("{} must be 0-3", Name(c)));
  }
  return Ok();
}

CategoryResult Categorise(const Answers& answers, const Thresholds& thresholds) {
  CategoryResult out;
  for (size_t i = 0; i < kCriterionCount; ++i) {
    for (int category = 1; category <= 3; ++category) {
      if (answers[i] >= thresholds.min_for_category[i][category - 1]) {
        out.by_criterion[i] = category;
        break;
      }
    }
    if (out.by_criterion[i] && (!out.category || *out.by_criterion[i] < *out.category)) {
      out.category = out.by_criterion[i];
    }
  }
  return out;
}

Status ValidateDeclaration(const ProviderDeclaration& d) {
  if (d.services.empty()) return Invalid("a declaration names at least one service");
  if (d.services.size() > 50) return Invalid("at most 50 services");
  std::set<std::string> seen;
  for (const auto& s : d.services) {
    QX_RETURN_IF_ERROR(ValidateText("service", s, 200, true));
    if (!seen.insert(s).second) return Invalid("a service is named twice");
  }
  seen.clear();
  for (const auto& s : d.sectors) {
    if (!IsKnownSector(s)) return Invalid(fmt::format("unknown sector '{}'", s));
    if (!seen.insert(s).second) return Invalid("a sector is named twice");
  }
  QX_RETURN_IF_ERROR(ValidateText("description", d.description, 4000, false, true));
  QX_RETURN_IF_ERROR(ValidateText("contact", d.contact, 500, false));
  return Ok();
}

Conformity ConformityOf(std::optional<double> accepted_score) {
  if (!accepted_score) return Conformity::kNotAssessed;
  return *accepted_score >= 1.0 - 1e-9 ? Conformity::kConformant : Conformity::kPartiallyConformant;
}

}  // namespace qx::domain
