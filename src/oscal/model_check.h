// Checks of the OSCAL 1.1.2 assemblies that catalogs and profiles share: metadata, prop, link and
// back-matter. Each checks the members it knows (datatype, required, minItems 1) and refuses
// members the OSCAL schema does not define ("additionalProperties": false).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "qx/core/result.h"

namespace qx::oscal::detail {

// metadata: title, last-modified (date-time with time zone), version, oscal-version required;
// published and revisions' dates checked; props and links as below. Roles, parties, locations
// and the other sub-assemblies are kept unchecked beyond being non-empty arrays or objects.
Status CheckMetadata(const boost::json::object& metadata, const std::string& path);
// prop: name (token) and value (string) required, ns a URI, class and group tokens, uuid a uuid.
Status CheckProp(const boost::json::object& prop, const std::string& path);
// link: href required, rel a token.
Status CheckLink(const boost::json::object& link, const std::string& path);
// back-matter: resources, each with a uuid.
Status CheckBackMatter(const boost::json::object& back_matter, const std::string& path);

}  // namespace qx::oscal::detail
