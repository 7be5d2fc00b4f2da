#include "model_check.h"

#include <fmt/format.h>

#include "json_util.h"

namespace qx::oscal::detail {
namespace {

namespace json = boost::json;

Status OptionalUuid(const json::object& o, std::string_view key, const std::string& path) {
  QX_ASSIGN_OR_RETURN(std::string_view uuid, OptionalString(o, key, path));
  if (o.contains(key) && !IsUuid(uuid)) {
    return Invalid(Member(path, key), fmt::format("'{}' is not a version 4 or 5 uuid", uuid));
  }
  return Ok();
}

Status CheckPropsAndLinks(const json::object& o, const std::string& path) {
  QX_RETURN_IF_ERROR(EachObject(o, "props", path, CheckProp));
  return EachObject(o, "links", path, CheckLink);
}

Status CheckRevision(const json::object& r, const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(r, path, "revision",
                                  {"title", "published", "last-modified", "version",
                                   "oscal-version", "props", "links", "remarks"}));
  QX_RETURN_IF_ERROR(OptionalDateTime(r, "published", path));
  QX_RETURN_IF_ERROR(OptionalDateTime(r, "last-modified", path));
  QX_RETURN_IF_ERROR(RequireOscalString(r, "version", path));
  return CheckPropsAndLinks(r, path);
}

}  // namespace

Status CheckMetadata(const json::object& metadata, const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(
      metadata, path, "metadata",
      {"title", "published", "last-modified", "version", "oscal-version", "revisions",
       "document-ids", "props", "links", "roles", "locations", "parties", "responsible-parties",
       "actions", "remarks"}));
  QX_RETURN_IF_ERROR(RequireString(metadata, "title", path));
  QX_RETURN_IF_ERROR(OptionalDateTime(metadata, "published", path));
  QX_RETURN_IF_ERROR(RequireDateTime(metadata, "last-modified", path));
  QX_RETURN_IF_ERROR(RequireOscalString(metadata, "version", path));
  QX_RETURN_IF_ERROR(RequireOscalString(metadata, "oscal-version", path));
  QX_RETURN_IF_ERROR(EachObject(metadata, "revisions", path, CheckRevision));
  for (std::string_view key : {"document-ids", "roles", "locations", "parties", "responsible-parties",
                               "actions"}) {
    QX_RETURN_IF_ERROR(OptionalNonEmptyArray(metadata, key, path));
  }
  return CheckPropsAndLinks(metadata, path);
}

Status CheckProp(const json::object& prop, const std::string& path) {
  QX_RETURN_IF_ERROR(
      KnownMembers(prop, path, "prop", {"name", "uuid", "ns", "value", "class", "group", "remarks"}));
  QX_RETURN_IF_ERROR(RequireToken(prop, "name", path));
  QX_RETURN_IF_ERROR(RequireOscalString(prop, "value", path));
  QX_RETURN_IF_ERROR(OptionalUri(prop, "ns", path));
  QX_RETURN_IF_ERROR(OptionalToken(prop, "class", path));
  QX_RETURN_IF_ERROR(OptionalToken(prop, "group", path));
  QX_RETURN_IF_ERROR(OptionalUuid(prop, "uuid", path));
  return OptionalString(prop, "remarks", path).map([](std::string_view) {});
}

Status CheckLink(const json::object& link, const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(link, path, "link",
                                  {"href", "rel", "media-type", "resource-fragment", "text"}));
  QX_RETURN_IF_ERROR(RequireString(link, "href", path));
  QX_RETURN_IF_ERROR(OptionalToken(link, "rel", path));
  QX_RETURN_IF_ERROR(OptionalOscalString(link, "media-type", path));
  QX_RETURN_IF_ERROR(OptionalOscalString(link, "resource-fragment", path));
  return OptionalString(link, "text", path).map([](std::string_view) {});
}

Status CheckBackMatter(const json::object& back_matter, const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(back_matter, path, "back-matter", {"resources"}));
  return EachObject(
      back_matter, "resources", path, [](const json::object& r, const std::string& rp) -> Status {
        QX_RETURN_IF_ERROR(KnownMembers(r, rp, "resource",
                                        {"uuid", "title", "description", "props", "document-ids",
                                         "citation", "rlinks", "base64", "remarks"}));
        QX_ASSIGN_OR_RETURN(std::string_view uuid, RequireString(r, "uuid", rp));
        if (!IsUuid(uuid)) {
          return Invalid(Member(rp, "uuid"), fmt::format("'{}' is not a uuid", uuid));
        }
        QX_RETURN_IF_ERROR(OptionalNonEmptyArray(r, "document-ids", rp));
        QX_RETURN_IF_ERROR(OptionalNonEmptyArray(r, "rlinks", rp));
        return EachObject(r, "props", rp, CheckProp);
      });
}

}  // namespace qx::oscal::detail
