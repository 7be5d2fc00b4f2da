#include "catalog_walk.h"

#include <fmt/format.h>

#include <algorithm>

#include "applicability.h"
#include "json_util.h"
#include "markup.h"
#include "model_check.h"

namespace qx::oscal::detail {
namespace {

namespace json = boost::json;

tl::unexpected<Error> TooDeep(const std::string& path) {
  return Invalid(path, fmt::format("nested more than {} levels deep", kMaxNesting));
}

std::vector<std::string> SortedCopy(const std::unordered_set<std::string>& set) {
  std::vector<std::string> out(set.begin(), set.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<CatalogWalkResult> CatalogWalker::Walk(const json::object& catalog,
                                              const std::string& path) {
  QX_RETURN_IF_ERROR(KnownMembers(catalog, path, "catalog",
                                  {"uuid", "metadata", "params", "controls", "groups",
                                   "back-matter"}));
  QX_ASSIGN_OR_RETURN(std::string_view uuid, RequireString(catalog, "uuid", path));
  if (!IsUuid(uuid)) {
    return Invalid(Member(path, "uuid"), fmt::format("'{}' is not a version 4 or 5 uuid", uuid));
  }
  QX_ASSIGN_OR_RETURN(const json::object* metadata, RequireObject(catalog, "metadata", path));
  QX_RETURN_IF_ERROR(CheckMetadata(*metadata, Member(path, "metadata")));
  QX_RETURN_IF_ERROR(Params(catalog, path, nullptr));
  Place place;
  QX_RETURN_IF_ERROR(Children(catalog, path, 0, place));
  QX_RETURN_IF_ERROR(BackMatter(catalog, path));
  for (const auto& [param_id, text_path] : inserts_) {
    if (param_ids_.count(param_id) == 0) {
      return Invalid(text_path, fmt::format("insert of unknown param '{}'", param_id));
    }
  }
  result_.param_ids = SortedCopy(param_ids_);
  std::sort(result_.group_ids.begin(), result_.group_ids.end());
  return std::move(result_);
}

Status CatalogWalker::Children(const json::object& owner, const std::string& path, int depth,
                               Place& place) {
  QX_RETURN_IF_ERROR(
      EachObject(owner, "controls", path,
                 [&](const json::object& c, const std::string& p, size_t i) -> Status {
                   place.locator.push_back(static_cast<uint32_t>(2 * i + 1));
                   Status s = Control(c, p, depth + 1, place);
                   place.locator.pop_back();
                   return s;
                 }));
  return EachObject(owner, "groups", path,
                    [&](const json::object& g, const std::string& p, size_t i) -> Status {
                      // Structure, not schema: checked for stored documents too (KnownMembers
                      // is not, see StoredDocumentScope).
                      if (!place.parent_control.empty()) return Invalid(p, "a control cannot contain groups");
                      place.locator.push_back(static_cast<uint32_t>(2 * i));
                      Status s = Group(g, p, depth + 1, place);
                      place.locator.pop_back();
                      return s;
                    });
}

Status CatalogWalker::Group(const json::object& g, const std::string& path, int depth,
                            Place& place) {
  if (depth > kMaxNesting) return TooDeep(path);
  QX_RETURN_IF_ERROR(KnownMembers(g, path, "group",
                                  {"id", "class", "title", "params", "props", "links", "parts",
                                   "groups", "controls"}));
  QX_ASSIGN_OR_RETURN(std::string_view id, OptionalToken(g, "id", path));
  QX_RETURN_IF_ERROR(OptionalToken(g, "class", path));
  std::string title;
  if (!g.contains("title")) return Invalid(Member(path, "title"), "missing");
  QX_RETURN_IF_ERROR(MarkupMember(g, "title", path, &title));
  if (g.contains("id")) {
    QX_RETURN_IF_ERROR(ClaimId(id, Member(path, "id")));
    result_.group_ids.emplace_back(id);
  }
  QX_RETURN_IF_ERROR(Params(g, path, nullptr));
  Applicability scratch;
  QX_RETURN_IF_ERROR(Props(g, path, scratch));
  QX_RETURN_IF_ERROR(Links(g, path));
  std::vector<PartText> parts;
  QX_RETURN_IF_ERROR(Parts(g, path, 1, parts));
  place.group_path.emplace_back(g.contains("id") ? std::string(id) : title);
  Status s = Children(g, path, depth, place);
  place.group_path.pop_back();
  return s;
}

Status CatalogWalker::Control(const json::object& c, const std::string& path, int depth,
                              Place& place) {
  if (depth > kMaxNesting) return TooDeep(path);
  QX_RETURN_IF_ERROR(KnownMembers(c, path, "control",
                                  {"id", "class", "title", "params", "props", "links", "parts",
                                   "controls"}));
  ControlInfo info;
  QX_ASSIGN_OR_RETURN(std::string_view id, RequireToken(c, "id", path));
  QX_RETURN_IF_ERROR(ClaimId(id, Member(path, "id")));
  info.id = std::string(id);
  QX_ASSIGN_OR_RETURN(std::string_view cls, OptionalToken(c, "class", path));
  info.control_class = std::string(cls);
  if (!c.contains("title")) return Invalid(Member(path, "title"), "missing");
  QX_RETURN_IF_ERROR(MarkupMember(c, "title", path, &info.title));
  info.group_path = place.group_path;
  info.parent_control = place.parent_control;
  info.json_path = path;
  QX_RETURN_IF_ERROR(Params(c, path, &info.params));
  QX_RETURN_IF_ERROR(Props(c, path, info.applicability));
  QX_RETURN_IF_ERROR(Links(c, path));
  QX_RETURN_IF_ERROR(Parts(c, path, 1, info.parts));
  result_.controls.push_back(std::move(info));
  result_.locators.push_back(place.locator);
  std::string saved = std::move(place.parent_control);
  place.parent_control = std::string(id);
  Status s = Children(c, path, depth, place);
  place.parent_control = std::move(saved);
  return s;
}

Status CatalogWalker::Params(const json::object& owner, const std::string& path,
                             std::vector<ParamInfo>* out) {
  return EachObject(owner, "params", path,
                    [&](const json::object& p, const std::string& param_path, size_t) -> Status {
                      ParamInfo info;
                      QX_RETURN_IF_ERROR(Param(p, param_path, info));
                      if (out != nullptr) out->push_back(std::move(info));
                      return Ok();
                    });
}

Status CatalogWalker::Param(const json::object& p, const std::string& path, ParamInfo& out) {
  // depends-on is OSCAL 1.0's; 1.1 documents converted from 1.0 may still carry it.
  QX_RETURN_IF_ERROR(KnownMembers(p, path, "param",
                                  {"id", "class", "depends-on", "props", "links", "label", "usage",
                                   "constraints", "guidelines", "values", "select", "remarks"}));
  QX_ASSIGN_OR_RETURN(std::string_view id, RequireToken(p, "id", path));
  if (!param_ids_.emplace(id).second) {
    return Invalid(Member(path, "id"), fmt::format("duplicate param id '{}'", id));
  }
  out.id = std::string(id);
  QX_RETURN_IF_ERROR(OptionalToken(p, "class", path));
  QX_RETURN_IF_ERROR(OptionalToken(p, "depends-on", path));
  QX_RETURN_IF_ERROR(MarkupMember(p, "label", path, &out.label));
  QX_RETURN_IF_ERROR(MarkupMember(p, "usage", path, nullptr));
  Applicability scratch;
  QX_RETURN_IF_ERROR(Props(p, path, scratch));
  QX_RETURN_IF_ERROR(Links(p, path));
  QX_RETURN_IF_ERROR(EachObject(
      p, "guidelines", path, [&](const json::object& g, const std::string& gp, size_t) -> Status {
        QX_RETURN_IF_ERROR(KnownMembers(g, gp, "guideline", {"prose"}));
        if (!g.contains("prose")) {
          return Invalid(Member(gp, "prose"), "missing");
        }
        return MarkupMember(g, "prose", gp, nullptr);
      }));
  QX_RETURN_IF_ERROR(EachObject(
      p, "constraints", path, [&](const json::object& c, const std::string& cp, size_t) -> Status {
        QX_RETURN_IF_ERROR(KnownMembers(c, cp, "constraint", {"description", "tests"}));
        QX_RETURN_IF_ERROR(EachObject(
            c, "tests", cp, [](const json::object& t, const std::string& tp, size_t) -> Status {
              QX_RETURN_IF_ERROR(KnownMembers(t, tp, "constraint test", {"expression", "remarks"}));
              return RequireOscalString(t, "expression", tp).map([](std::string_view) {});
            }));
        return MarkupMember(c, "description", cp, nullptr);
      }));
  QX_ASSIGN_OR_RETURN(const json::array* values, OptionalNonEmptyArray(p, "values", path));
  if (values != nullptr) {
    const std::string values_path = Member(path, "values");
    for (size_t i = 0; i < values->size(); ++i) {
      const json::string* v = (*values)[i].if_string();
      if (v == nullptr) return Invalid(Index(values_path, i), "expected a string");
      if (!IsOscalString(View(*v))) {
        return Invalid(Index(values_path, i),
                       fmt::format("'{}' is not a valid OSCAL string (empty, several lines, or "
                                   "leading or trailing whitespace)",
                                   View(*v)));
      }
      out.values.emplace_back(View(*v));
    }
  }
  QX_ASSIGN_OR_RETURN(const json::object* select, OptionalObject(p, "select", path));
  if (select != nullptr) {
    const std::string select_path = Member(path, "select");
    QX_RETURN_IF_ERROR(KnownMembers(*select, select_path, "select", {"how-many", "choice"}));
    QX_ASSIGN_OR_RETURN(std::string_view how_many,
                        OptionalString(*select, "how-many", select_path));
    if (select->contains("how-many") && how_many != "one" && how_many != "one-or-more") {
      return Invalid(Member(select_path, "how-many"),
                     fmt::format("must be 'one' or 'one-or-more', got '{}'", how_many));
    }
    out.how_many = select->contains("how-many") ? std::string(how_many) : "one";
    QX_ASSIGN_OR_RETURN(const json::array* choices,
                        OptionalNonEmptyArray(*select, "choice", select_path));
    if (choices != nullptr) {
      const std::string choice_path = Member(select_path, "choice");
      for (size_t i = 0; i < choices->size(); ++i) {
        const json::string* ch = (*choices)[i].if_string();
        if (ch == nullptr) return Invalid(Index(choice_path, i), "expected a string");
        QX_RETURN_IF_ERROR(Markup(View(*ch), Index(choice_path, i)));
        out.choices.emplace_back(View(*ch));
      }
    }
  }
  return Ok();
}

Status CatalogWalker::Props(const json::object& owner, const std::string& path,
                            Applicability& app) {
  return EachObject(
      owner, "props", path,
      [&](const json::object& prop, const std::string& prop_path, size_t) -> Status {
        QX_RETURN_IF_ERROR(CheckProp(prop, prop_path));
        if (FindString(prop, "ns") == kQalxanNs) {
          return AddQalxanProp(FindString(prop, "name"), FindString(prop, "value"), prop_path, app);
        }
        return Ok();
      });
}

Status CatalogWalker::Links(const json::object& owner, const std::string& path) {
  return EachObject(owner, "links", path,
                    [&](const json::object& link, const std::string& link_path, size_t) -> Status {
                      QX_RETURN_IF_ERROR(CheckLink(link, link_path));
                      return MarkupMember(link, "text", link_path, nullptr);
                    });
}

Status CatalogWalker::Parts(const json::object& owner, const std::string& path, int depth,
                            std::vector<PartText>& out) {
  return EachObject(
      owner, "parts", path,
      [&](const json::object& part, const std::string& part_path, size_t) -> Status {
        if (depth > kMaxNesting) return TooDeep(part_path);
        QX_RETURN_IF_ERROR(KnownMembers(part, part_path, "part",
                                        {"id", "name", "ns", "class", "title", "props", "prose",
                                         "parts", "links"}));
        PartText text;
        QX_ASSIGN_OR_RETURN(std::string_view id, OptionalToken(part, "id", part_path));
        if (part.contains("id")) {
          QX_RETURN_IF_ERROR(ClaimId(id, Member(part_path, "id")));
        }
        QX_ASSIGN_OR_RETURN(std::string_view name, RequireToken(part, "name", part_path));
        QX_RETURN_IF_ERROR(OptionalUri(part, "ns", part_path));
        QX_RETURN_IF_ERROR(OptionalToken(part, "class", part_path));
        QX_RETURN_IF_ERROR(MarkupMember(part, "title", part_path, nullptr));
        text.id = std::string(id);
        text.name = std::string(name);
        QX_RETURN_IF_ERROR(MarkupMember(part, "prose", part_path, &text.prose));
        Applicability scratch;
        QX_RETURN_IF_ERROR(Props(part, part_path, scratch));
        QX_RETURN_IF_ERROR(Links(part, part_path));
        out.push_back(std::move(text));
        return Parts(part, part_path, depth + 1, out);
      });
}

Status CatalogWalker::MarkupMember(const json::object& o, std::string_view key,
                                   const std::string& path, std::string* out) {
  QX_ASSIGN_OR_RETURN(std::string_view text, OptionalString(o, key, path));
  if (out != nullptr) *out = std::string(text);
  if (text.find("{{") == std::string_view::npos) return Ok();
  return Markup(text, Member(path, key));
}

Status CatalogWalker::Markup(std::string_view text, const std::string& path) {
  std::vector<std::string_view> ids;
  if (!ScanInserts(text, ids)) return Invalid(path, "malformed {{ insert: ... }} placeholder");
  for (std::string_view id : ids) inserts_.emplace_back(std::string(id), path);
  return Ok();
}

Status CatalogWalker::ClaimId(std::string_view id, const std::string& path) {
  if (!ids_.emplace(id).second) return Invalid(path, fmt::format("duplicate id '{}'", id));
  return Ok();
}

Status CatalogWalker::BackMatter(const json::object& catalog, const std::string& path) {
  QX_ASSIGN_OR_RETURN(const json::object* back, OptionalObject(catalog, "back-matter", path));
  if (back == nullptr) return Ok();
  return CheckBackMatter(*back, Member(path, "back-matter"));
}

}  // namespace qx::oscal::detail
