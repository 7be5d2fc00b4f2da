#include "object_reader.h"

#include <fmt/format.h>

#include <limits>

#include "qx/stix/identifier.h"
#include "qx/stix/object.h"

namespace qx::stix::detail {
namespace {

bool IsHexDigits(std::string_view s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

bool IsHashName(std::string_view s) {
  if (s.empty() || s.size() > 250) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

// Hex digits of the fixed-length digests of hash-algorithm-ov; 0 for the others.
size_t DigestHexLength(std::string_view algorithm) {
  if (algorithm == "MD5") return 32;
  if (algorithm == "SHA-1") return 40;
  if (algorithm == "SHA-256" || algorithm == "SHA3-256") return 64;
  if (algorithm == "SHA-512" || algorithm == "SHA3-512") return 128;
  return 0;
}

bool NotCategory(std::string_view type, std::initializer_list<ObjectCategory> excluded) {
  const std::optional<ObjectCategory> category = SpecCategoryOf(type);
  if (type == "bundle") return false;
  if (!category) return true;
  for (const ObjectCategory c : excluded) {
    if (*category == c) return false;
  }
  return true;
}

}  // namespace

const RefRule kAnyRef{"an identifier", [](std::string_view) { return true; }};
const RefRule kIdentityRef{"an identity", [](std::string_view t) { return t == "identity"; }};
const RefRule kMarkingRef{"a marking-definition",
                          [](std::string_view t) { return t == "marking-definition"; }};
const RefRule kObservedDataRef{"an observed-data",
                               [](std::string_view t) { return t == "observed-data"; }};
const RefRule kIdentityOrLocationRef{"an identity or location", [](std::string_view t) {
                                       return t == "identity" || t == "location";
                                     }};
const RefRule kSdoRef{
    "an SDO", [](std::string_view t) {
      return NotCategory(t, {ObjectCategory::kSro, ObjectCategory::kSco, ObjectCategory::kMeta});
    }};
const RefRule kSdoOrScoRef{"an SDO or SCO", [](std::string_view t) {
                             return NotCategory(t, {ObjectCategory::kSro, ObjectCategory::kMeta});
                           }};
const RefRule kExtensionDefinitionRef{
    "an extension-definition", [](std::string_view t) { return t == "extension-definition"; }};

std::string Quote(std::string_view value) {
  constexpr size_t kMax = 80;
  if (value.size() <= kMax) return fmt::format("'{}'", value);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("'{}...'", value.substr(0, cut));
}

const char* KindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

ObjectReader::ObjectReader(const json::object& object, std::string label, std::string prefix)
    : object_(object), label_(std::move(label)), prefix_(std::move(prefix)) {}

tl::unexpected<Error> ObjectReader::Fail(std::string_view property,
                                         std::string_view message) const {
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("{}: '{}{}' {}", label_, prefix_, property, message));
}

tl::unexpected<Error> ObjectReader::FailObject(std::string_view message) const {
  return MakeError(ErrorCode::kInvalidArgument, fmt::format("{}: {}", label_, message));
}

Result<std::optional<std::string_view>> ObjectReader::OptString(std::string_view key) const {
  const json::value* v = Find(key);
  if (!v) return std::nullopt;
  const json::string* s = v->if_string();
  if (!s) return Fail(key, fmt::format("must be a string, found {}", KindName(*v)));
  return std::string_view(*s);
}

Result<std::string_view> ObjectReader::String(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> s, OptString(key));
  if (!s) return Fail(key, "is required");
  if (s->empty()) return Fail(key, "must not be empty");
  return *s;
}

Result<std::optional<bool>> ObjectReader::OptBool(std::string_view key) const {
  const json::value* v = Find(key);
  if (!v) return std::nullopt;
  const bool* b = v->if_bool();
  if (!b) return Fail(key, fmt::format("must be a boolean, found {}", KindName(*v)));
  return *b;
}

Result<bool> ObjectReader::Bool(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(std::optional<bool> b, OptBool(key));
  if (!b) return Fail(key, "is required");
  return *b;
}

Result<std::optional<int64_t>> ObjectReader::OptInteger(std::string_view key, int64_t min,
                                                        int64_t max) const {
  const json::value* v = Find(key);
  if (!v) return std::nullopt;
  std::optional<int64_t> n;
  if (const int64_t* i = v->if_int64()) {
    n = *i;
  } else if (const uint64_t* u = v->if_uint64()) {
    if (*u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      n = static_cast<int64_t>(*u);
    }
  } else {
    return Fail(key, fmt::format("must be an integer, found {}", KindName(*v)));
  }
  if (!n || *n < min || *n > max) {
    return Fail(key, fmt::format("must be an integer from {} to {}", min, max));
  }
  return n;
}

Result<int64_t> ObjectReader::Integer(std::string_view key, int64_t min, int64_t max) const {
  QX_ASSIGN_OR_RETURN(std::optional<int64_t> n, OptInteger(key, min, max));
  if (!n) return Fail(key, "is required");
  return *n;
}

Result<std::optional<double>> ObjectReader::OptNumber(std::string_view key, double min,
                                                      double max) const {
  const json::value* v = Find(key);
  if (!v) return std::nullopt;
  double d = 0;
  if (const double* f = v->if_double()) {
    d = *f;
  } else if (const int64_t* i = v->if_int64()) {
    d = static_cast<double>(*i);
  } else if (const uint64_t* u = v->if_uint64()) {
    d = static_cast<double>(*u);
  } else {
    return Fail(key, fmt::format("must be a number, found {}", KindName(*v)));
  }
  if (!(d >= min && d <= max)) return Fail(key, fmt::format("must be from {} to {}", min, max));
  return d;
}

Result<std::optional<StixTimestamp>> ObjectReader::OptTimestamp(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> s, OptString(key));
  if (!s) return std::nullopt;
  auto t = ParseStixTimestamp(*s);
  if (!t) {
    return Fail(key, fmt::format("must be a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z), found {}",
                                 Quote(*s)));
  }
  return *t;
}

Result<StixTimestamp> ObjectReader::Timestamp(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(std::optional<StixTimestamp> t, OptTimestamp(key));
  if (!t) return Fail(key, "is required");
  return *t;
}

Result<std::string_view> ObjectReader::CheckRef(std::string_view key, const json::value& v,
                                                const RefRule& rule) const {
  const json::string* s = v.if_string();
  if (!s) return Fail(key, fmt::format("must be an identifier string, found {}", KindName(v)));
  const std::optional<Identifier> id = ParseIdentifier(*s);
  if (!id) {
    return Fail(
        key, fmt::format("must be an identifier '<type>--<RFC 4122 UUID>', found {}", Quote(*s)));
  }
  if (!rule.accepts(id->type)) {
    return Fail(key, fmt::format("must reference {}, found {}", rule.what, Quote(*s)));
  }
  return std::string_view(*s);
}

Result<std::optional<std::string_view>> ObjectReader::OptRef(std::string_view key,
                                                             const RefRule& rule) const {
  const json::value* v = Find(key);
  if (!v) return std::nullopt;
  QX_ASSIGN_OR_RETURN(std::string_view ref, CheckRef(key, *v, rule));
  return ref;
}

Result<std::string_view> ObjectReader::Ref(std::string_view key, const RefRule& rule) const {
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> ref, OptRef(key, rule));
  if (!ref) return Fail(key, "is required");
  return *ref;
}

Result<std::vector<std::string_view>> ObjectReader::OptRefList(std::string_view key,
                                                               const RefRule& rule) const {
  std::vector<std::string_view> out;
  const json::value* v = Find(key);
  if (!v) return out;
  const json::array* a = v->if_array();
  if (!a) return Fail(key, fmt::format("must be a list, found {}", KindName(*v)));
  if (a->empty()) return Fail(key, "must not be an empty list");
  for (size_t i = 0; i < a->size(); ++i) {
    QX_ASSIGN_OR_RETURN(std::string_view ref,
                        CheckRef(fmt::format("{}[{}]", key, i), (*a)[i], rule));
    out.push_back(ref);
  }
  return out;
}

Result<std::vector<std::string_view>> ObjectReader::RefList(std::string_view key,
                                                            const RefRule& rule) const {
  if (!Has(key)) return Fail(key, "is required");
  return OptRefList(key, rule);
}

Result<std::vector<std::string_view>> ObjectReader::OptStringList(std::string_view key) const {
  std::vector<std::string_view> out;
  const json::value* v = Find(key);
  if (!v) return out;
  const json::array* a = v->if_array();
  if (!a) return Fail(key, fmt::format("must be a list, found {}", KindName(*v)));
  if (a->empty()) return Fail(key, "must not be an empty list");
  for (size_t i = 0; i < a->size(); ++i) {
    const json::string* s = (*a)[i].if_string();
    if (!s) {
      return Fail(fmt::format("{}[{}]", key, i),
                  fmt::format("must be a string, found {}", KindName((*a)[i])));
    }
    out.push_back(*s);
  }
  return out;
}

Result<std::vector<std::string_view>> ObjectReader::StringList(std::string_view key) const {
  if (!Has(key)) return Fail(key, "is required");
  return OptStringList(key);
}

Result<const json::object*> ObjectReader::OptObject(std::string_view key) const {
  const json::value* v = Find(key);
  if (!v) return nullptr;
  const json::object* o = v->if_object();
  if (!o) return Fail(key, fmt::format("must be an object, found {}", KindName(*v)));
  if (o->empty()) return Fail(key, "must not be an empty dictionary");
  return o;
}

Result<const json::object*> ObjectReader::Object(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(const json::object* o, OptObject(key));
  if (!o) return Fail(key, "is required");
  return o;
}

Result<std::vector<const json::object*>> ObjectReader::OptObjectList(std::string_view key) const {
  std::vector<const json::object*> out;
  const json::value* v = Find(key);
  if (!v) return out;
  const json::array* a = v->if_array();
  if (!a) return Fail(key, fmt::format("must be a list, found {}", KindName(*v)));
  if (a->empty()) return Fail(key, "must not be an empty list");
  for (size_t i = 0; i < a->size(); ++i) {
    const json::object* o = (*a)[i].if_object();
    if (!o) {
      return Fail(fmt::format("{}[{}]", key, i),
                  fmt::format("must be an object, found {}", KindName((*a)[i])));
    }
    out.push_back(o);
  }
  return out;
}

Status ObjectReader::OptEnum(std::string_view key,
                             std::initializer_list<std::string_view> allowed) const {
  QX_ASSIGN_OR_RETURN(std::optional<std::string_view> s, OptString(key));
  if (!s) return Ok();
  std::string list;
  for (const std::string_view a : allowed) {
    if (*s == a) return Ok();
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return Fail(key, fmt::format("must be one of {}, found {}", list, Quote(*s)));
}

Status ObjectReader::Ordered(std::string_view earlier, std::string_view later,
                             bool strictly) const {
  QX_ASSIGN_OR_RETURN(std::optional<StixTimestamp> first, OptTimestamp(earlier));
  QX_ASSIGN_OR_RETURN(std::optional<StixTimestamp> last, OptTimestamp(later));
  if (!first || !last) return Ok();
  if (strictly && !(*last > *first)) {
    return Fail(later, fmt::format("must be later than '{}{}'", prefix_, earlier));
  }
  if (!strictly && *last < *first) {
    return Fail(later, fmt::format("must not be earlier than '{}{}'", prefix_, earlier));
  }
  return Ok();
}

Status ObjectReader::AtLeastOneOf(std::initializer_list<std::string_view> keys) const {
  std::string list;
  for (const std::string_view k : keys) {
    if (Has(k)) return Ok();
    list += fmt::format("{}'{}{}'", list.empty() ? "" : ", ", prefix_, k);
  }
  return FailObject(fmt::format("one of {} is required", list));
}

Status ObjectReader::OptHashes(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(const json::object* hashes, OptObject(key));
  if (!hashes) return Ok();
  for (const auto& [name, value] : *hashes) {
    const std::string property = fmt::format("{}.{}", key, std::string_view(name));
    if (!IsHashName(name)) {
      return Fail(key, fmt::format("has an invalid algorithm name {}", Quote(name)));
    }
    const json::string* digest = value.if_string();
    if (!digest || digest->empty()) return Fail(property, "must be a non-empty string");
    const size_t length = DigestHexLength(name);
    if (length != 0 && (digest->size() != length || !IsHexDigits(*digest))) {
      return Fail(property, fmt::format("must be {} hex digits, found {}", length, Quote(*digest)));
    }
  }
  return Ok();
}

Status ObjectReader::OptKillChainPhases(std::string_view key) const {
  QX_ASSIGN_OR_RETURN(std::vector<const json::object*> phases, OptObjectList(key));
  for (size_t i = 0; i < phases.size(); ++i) {
    const ObjectReader phase(*phases[i], label_, fmt::format("{}{}[{}].", prefix_, key, i));
    QX_RETURN_IF_ERROR(phase.String("kill_chain_name"));
    QX_RETURN_IF_ERROR(phase.String("phase_name"));
  }
  return Ok();
}

}  // namespace qx::stix::detail
