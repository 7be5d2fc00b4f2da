#include "qx/requirements/requirements_service.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <deque>
#include <optional>

#include "qx/oscal/canonical_json.h"
#include "qx/oscal/translation.h"
#include "qx/requirements/publication.h"
#include "version_content.h"

namespace qx::requirements {
namespace {

namespace json = boost::json;
using domain::Action;
using domain::CatalogKind;
using domain::CatalogScope;
using domain::VersionStatus;
using identity::Actor;
using store::Tx;
using store::TxMode;

Status Audit(Tx& tx, const Actor& actor, domain::OrgId org, std::string action,
             std::int64_t catalog_id, json::object detail, UnixMillis at) {
  return tx.audit()
      .Append({actor.label(), org, std::move(action), "catalog", std::to_string(catalog_id),
               json::serialize(detail)},
              at)
      .map([](auto&&) {});
}

// Loads imported catalogs for profile resolution, keeping them alive for the lookup's lifetime.
class CatalogLoader {
 public:
  CatalogLoader(Tx& tx, bool published_only) : tx_(tx), published_only_(published_only) {}

  Result<std::optional<ImportedCatalog>> operator()(std::string_view name) {
    auto record = tx_.requirements().FindCatalogByName(std::string(name));
    if (!record) {
      if (record.error().code == ErrorCode::kNotFound) return std::optional<ImportedCatalog>();
      return tl::unexpected(record.error());
    }
    if (record->kind != CatalogKind::kCatalog) {
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("'{}' is a profile, not a catalog", name));
    }
    QX_ASSIGN_OR_RETURN(auto version, tx_.requirements().LatestVersion(
        record->id, published_only_ ? std::optional(VersionStatus::kPublished) : std::nullopt));
    if (!version) {
      return MakeError(ErrorCode::kConflict, fmt::format("catalog '{}' has no {}version", name,
                                                         published_only_ ? "published " : ""));
    }
    QX_ASSIGN_OR_RETURN(json::value doc, ParseJsonText(version->document, "stored catalog"));
    QX_ASSIGN_OR_RETURN(oscal::CatalogIndex index, oscal::CatalogIndex::BuildStored(std::move(doc)));
    QX_ASSIGN_OR_RETURN(store::Translations stored, tx_.requirements().GetTranslations(version->id));
    std::map<std::string, json::value> translations;
    for (const auto& [lang, text] : stored) {
      QX_ASSIGN_OR_RETURN(translations[lang], ParseJsonText(text, "stored translation"));
    }
    indexes_.push_back(std::move(index));
    translations_.push_back(std::move(translations));
    return std::optional(ImportedCatalog{&indexes_.back(), &translations_.back()});
  }

 private:
  Tx& tx_;
  bool published_only_;
  std::deque<oscal::CatalogIndex> indexes_;
  std::deque<std::map<std::string, json::value>> translations_;
};

store::Translations SerializeTranslations(const std::map<std::string, json::value>& t) {
  store::Translations out;
  for (const auto& [lang, overlay] : t) out.emplace(lang, json::serialize(overlay));
  return out;
}

// What is hashed and signed: everything a reader of the version relies on.
json::value Payload(const domain::CatalogRecord& c, const domain::CatalogVersion& v,
                    const store::Translations& translations) {
  json::object p{{"name", c.name},
                 {"kind", domain::Name(c.kind)},
                 {"scope", domain::Name(c.scope)},
                 {"owner_org", c.owner_org},
                 {"seq", v.seq},
                 {"version", v.version},
                 {"published_at", v.published_at ? FormatRfc3339(*v.published_at) : ""},
                 {"published_by", v.published_by}};
  boost::system::error_code ec;
  p["document"] = json::parse(v.document, ec);
  if (!v.resolved.empty()) p["resolved"] = json::parse(v.resolved, ec);
  json::object t;
  for (const auto& [lang, overlay] : translations) t[lang] = json::parse(overlay, ec);
  p["translations"] = std::move(t);
  return p;
}

// A stored document in canonical form, so that a re-import with other whitespace or member order
// counts as the same content.
Result<std::string> CanonicalText(std::string_view text, std::string_view what) {
  if (text.empty()) return std::string();
  QX_ASSIGN_OR_RETURN(json::value doc, ParseJsonText(text, what));
  return oscal::CanonicalJson(doc);
}

// A profile's resolved catalog as compared between versions: without its metadata.last-modified,
// the time of the import that resolved it, so that a re-import of the same profile against the
// same catalogs counts as the same content.
Result<std::string> CanonicalResolved(std::string_view text, std::string_view what) {
  if (text.empty()) return std::string();
  QX_ASSIGN_OR_RETURN(json::value doc, ParseJsonText(text, what));
  if (auto* catalog = doc.is_object() ? doc.as_object().if_contains("catalog") : nullptr;
      catalog != nullptr && catalog->is_object()) {
    if (auto* metadata = catalog->as_object().if_contains("metadata"); metadata != nullptr && metadata->is_object()) {
      metadata->as_object().erase("last-modified");
    }
  }
  return oscal::CanonicalJson(doc);
}

// OSCAL's metadata.version names a document's content: publishing other content under the
// metadata.version of an earlier published version would give two signed documents the same
// identity. Publishing the same content again (a re-import of the same document) is allowed.
Status CheckVersionIsNew(Tx& tx, const domain::CatalogVersion& draft) {
  QX_ASSIGN_OR_RETURN(std::vector<domain::CatalogVersion> versions,
                      tx.requirements().ListVersions(draft.catalog_id));
  // The draft's canonical forms only when an earlier version shares its metadata.version (the
  // usual publication has none).
  std::optional<std::pair<std::string, std::string>> canonical;
  for (const domain::CatalogVersion& v : versions) {
    if (v.seq == draft.seq || v.status == VersionStatus::kDraft || v.version != draft.version) {
      continue;
    }
    if (!canonical) {
      QX_ASSIGN_OR_RETURN(std::string document, CanonicalText(draft.document, "draft"));
      QX_ASSIGN_OR_RETURN(std::string resolved, CanonicalResolved(draft.resolved, "draft"));
      canonical.emplace(std::move(document), std::move(resolved));
    }
    const auto& [document, resolved] = *canonical;
    QX_ASSIGN_OR_RETURN(domain::CatalogVersion earlier,
                        tx.requirements().GetVersion(draft.catalog_id, v.seq));
    QX_ASSIGN_OR_RETURN(std::string earlier_document,
                        CanonicalText(earlier.document, "stored version"));
    QX_ASSIGN_OR_RETURN(std::string earlier_resolved,
                        CanonicalResolved(earlier.resolved, "stored version"));
    if (earlier_document != document || earlier_resolved != resolved) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("metadata.version '{}' is already the version of published version {}, "
                      "whose content differs; give the revised document a new metadata.version "
                      "(and a new uuid) and import it again",
                      draft.version, v.seq));
    }
  }
  return Ok();
}

}  // namespace

Status RequirementsService::AuthorizeRead(const Actor& actor, const domain::CatalogRecord& c) const {
  return actor.Authorize(c.scope == CatalogScope::kGeneral ? Action::kGeneralRequirementsRead
                                                           : Action::kSpecialRequirementsRead,
                         c.owner_org);
}

Result<ImportResult> RequirementsService::Import(const Actor& actor, const ImportRequest& req) {
  QX_RETURN_IF_ERROR(domain::ValidateCatalogName(req.name));
  domain::OrgId owner = req.owner_org;
  if (owner == 0) {
    if (!actor.subject()) return MakeError(ErrorCode::kInvalidArgument, "the owner organisation is required");
    owner = actor.subject()->org_id;
  }
  QX_RETURN_IF_ERROR(actor.Authorize(req.scope == CatalogScope::kGeneral
                                         ? Action::kGeneralRequirementsWrite
                                         : Action::kSpecialRequirementsWrite,
                                     owner));
  QX_ASSIGN_OR_RETURN(json::value document, ParseJsonText(req.document, "document"));
  const bool is_profile = document.is_object() && document.as_object().contains("profile");
  std::vector<json::value> overlays;
  for (size_t i = 0; i < req.translations.size(); ++i) {
    QX_ASSIGN_OR_RETURN(json::value o, ParseJsonText(req.translations[i], fmt::format("translation {}", i + 1)));
    overlays.push_back(std::move(o));
  }
  if (is_profile && !overlays.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a profile takes its translations from the catalogs it imports");
  }
  const UnixMillis now = clock_.Now();

  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<ImportResult> {
    QX_ASSIGN_OR_RETURN(domain::Organisation owner_org, tx.orgs().Get(owner));
    if (req.scope == CatalogScope::kGeneral && owner_org.kind != domain::OrgKind::kRegulator) {
      return MakeError(ErrorCode::kInvalidArgument, "general requirements belong to the regulator");
    }
    CatalogLoader loader(tx, /*published_only=*/false);
    QX_ASSIGN_OR_RETURN(VersionContent content,
                        is_profile ? ProfileContent(document, std::ref(loader), FormatRfc3339(now))
                                   : CatalogContent(document, overlays));
    ImportResult out;
    auto existing = tx.requirements().FindCatalogByName(req.name);
    if (existing) {
      out.catalog = *existing;
      if (out.catalog.kind != content.kind || out.catalog.scope != req.scope ||
          out.catalog.owner_org != owner) {
        return MakeError(ErrorCode::kConflict,
                         fmt::format("'{}' already exists as a {} {} of organisation {}", req.name,
                                     domain::Name(out.catalog.scope), domain::Name(out.catalog.kind),
                                     out.catalog.owner_org));
      }
      QX_RETURN_IF_ERROR(tx.requirements().SetCatalogTitle(out.catalog.id, content.title));
      out.catalog.title = content.title;
    } else if (existing.error().code == ErrorCode::kNotFound) {
      out.catalog = {0, req.name, content.kind, req.scope, owner, content.title, now};
      QX_ASSIGN_OR_RETURN(out.catalog.id, tx.requirements().InsertCatalog(out.catalog));
    } else {
      return tl::unexpected(existing.error());
    }
    QX_ASSIGN_OR_RETURN(auto latest, tx.requirements().LatestVersion(out.catalog.id, std::nullopt));
    int seq = latest ? latest->seq + 1 : 1;
    if (latest && latest->status == VersionStatus::kDraft) {
      QX_RETURN_IF_ERROR(tx.requirements().DeleteDraft(latest->id));
      seq = latest->seq;
    }
    domain::CatalogVersion& v = out.version;
    v.catalog_id = out.catalog.id;
    v.seq = seq;
    v.version = content.version;
    v.status = VersionStatus::kDraft;
    v.document = req.document;
    if (is_profile) v.resolved = json::serialize(content.effective->document());
    v.created_at = now;
    v.created_by = actor.label();
    QX_ASSIGN_OR_RETURN(v.id, tx.requirements().InsertVersion(v, content.index,
                                                              SerializeTranslations(content.translations)));
    v.document.clear();
    v.resolved.clear();
    out.requirements = content.index.size();
    out.warnings = std::move(content.warnings);
    QX_RETURN_IF_ERROR(Audit(tx, actor, owner, "catalog.import", out.catalog.id,
                             {{"name", req.name}, {"seq", seq}, {"version", v.version},
                              {"requirements", out.requirements}},
                             now));
    return out;
  });
}

Result<PublishResult> RequirementsService::Publish(const Actor& actor, std::int64_t id) {
  const UnixMillis now = clock_.Now();
  return store::Transact(db_, TxMode::kWrite, [&](Tx& tx) -> Result<PublishResult> {
    PublishResult out;
    QX_ASSIGN_OR_RETURN(domain::CatalogRecord catalog, tx.requirements().GetCatalog(id));
    QX_RETURN_IF_ERROR(AuthorizeRead(actor, catalog));
    QX_RETURN_IF_ERROR(actor.Authorize(Action::kRequirementsPublish, catalog.owner_org));
    QX_ASSIGN_OR_RETURN(auto draft, tx.requirements().LatestVersion(id, std::nullopt));
    if (!draft || draft->status != VersionStatus::kDraft) {
      return MakeError(ErrorCode::kConflict, "there is no draft to publish");
    }
    if (catalog.kind == CatalogKind::kProfile) {
      // A published profile rests on published catalogs only.
      QX_ASSIGN_OR_RETURN(json::value doc, ParseJsonText(draft->document, "stored profile"));
      CatalogLoader loader(tx, /*published_only=*/true);
      // Resolved as of the draft's creation, as the import did: same catalogs, same bytes.
      QX_ASSIGN_OR_RETURN(VersionContent content,
                          ProfileContent(std::move(doc), std::ref(loader),
                                         FormatRfc3339(draft->created_at)));
      const std::string resolved = json::serialize(content.effective->document());
      if (resolved != draft->resolved) {
        return MakeError(ErrorCode::kConflict,
                         "the profile resolves differently against the published catalogs; "
                         "publish them first or import the profile again");
      }
      out.warnings = std::move(content.warnings);
    }
    QX_RETURN_IF_ERROR(CheckVersionIsNew(tx, *draft));
    QX_ASSIGN_OR_RETURN(store::Translations translations, tx.requirements().GetTranslations(draft->id));
    draft->published_at = now;
    draft->published_by = actor.label();
    const Seal seal = SealPayload(Payload(catalog, *draft, translations), key_);
    draft->digest = seal.digest;
    draft->signature = seal.signature;
    draft->key_id = seal.key_id;
    draft->status = VersionStatus::kPublished;
    QX_RETURN_IF_ERROR(tx.requirements().Publish(*draft));
    QX_RETURN_IF_ERROR(Audit(tx, actor, catalog.owner_org, "catalog.publish", id,
                             {{"name", catalog.name}, {"seq", draft->seq}, {"digest", seal.digest}},
                             now));
    draft->document.clear();
    draft->resolved.clear();
    out.version = std::move(*draft);
    return out;
  });
}

Result<store::Page<RequirementsService::Listed>> RequirementsService::ListCatalogs(
    const Actor& actor, std::optional<CatalogKind> kind, const store::PageRequest& page) {
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) -> Result<store::Page<Listed>> {
    QX_ASSIGN_OR_RETURN(auto all, tx.requirements().ListCatalogs(kind, page));
    store::Page<Listed> out;
    out.next = all.next;
    for (auto& c : all.items) {
      if (!AuthorizeRead(actor, c)) continue;
      QX_ASSIGN_OR_RETURN(auto latest, tx.requirements().LatestVersion(c.id, VersionStatus::kPublished));
      if (!latest) {
        QX_ASSIGN_OR_RETURN(latest, tx.requirements().LatestVersion(c.id, std::nullopt));
      }
      if (latest) {
        latest->document.clear();
        latest->resolved.clear();
      }
      out.items.push_back({std::move(c), std::move(latest)});
    }
    return out;
  });
}

Result<domain::CatalogRecord> RequirementsService::GetCatalog(const Actor& actor, std::int64_t id) {
  QX_ASSIGN_OR_RETURN(auto c, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.requirements().GetCatalog(id);
                      }));
  QX_RETURN_IF_ERROR(AuthorizeRead(actor, c));
  return c;
}

Result<std::vector<domain::CatalogVersion>> RequirementsService::ListVersions(const Actor& actor,
                                                                               std::int64_t id) {
  QX_RETURN_IF_ERROR(GetCatalog(actor, id));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) { return tx.requirements().ListVersions(id); });
}

Result<VersionView> RequirementsService::LoadVersion(Tx& tx, std::int64_t id, int seq) {
  VersionView view;
  QX_ASSIGN_OR_RETURN(view.catalog, tx.requirements().GetCatalog(id));
  if (seq == 0) {
    QX_ASSIGN_OR_RETURN(auto latest, tx.requirements().LatestVersion(id, VersionStatus::kPublished));
    if (!latest) {
      QX_ASSIGN_OR_RETURN(latest, tx.requirements().LatestVersion(id, std::nullopt));
    }
    if (!latest) return MakeError(ErrorCode::kNotFound, "the catalog has no version");
    view.version = std::move(*latest);
  } else {
    QX_ASSIGN_OR_RETURN(view.version, tx.requirements().GetVersion(id, seq));
  }
  QX_ASSIGN_OR_RETURN(auto translations, tx.requirements().GetTranslations(view.version.id));
  for (const auto& [lang, overlay] : translations) view.languages.push_back(lang);
  return view;
}

Result<VersionView> RequirementsService::GetVersion(const Actor& actor, std::int64_t id, int seq) {
  QX_ASSIGN_OR_RETURN(VersionView view, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return LoadVersion(tx, id, seq);
                      }));
  QX_RETURN_IF_ERROR(AuthorizeRead(actor, view.catalog));
  return view;
}

Result<json::value> RequirementsService::SourceDocument(const Actor& actor, std::int64_t id, int seq) {
  QX_ASSIGN_OR_RETURN(VersionView view, GetVersion(actor, id, seq));
  return ParseJsonText(view.version.document, "stored document");
}

Result<json::value> RequirementsService::EffectiveCatalog(const Actor& actor, std::int64_t id,
                                                          int seq, const std::string& lang) {
  QX_ASSIGN_OR_RETURN(VersionView view, GetVersion(actor, id, seq));
  const std::string& text =
      view.catalog.kind == CatalogKind::kProfile ? view.version.resolved : view.version.document;
  QX_ASSIGN_OR_RETURN(json::value doc, ParseJsonText(text, "stored catalog"));
  if (lang.empty() || std::find(view.languages.begin(), view.languages.end(), lang) == view.languages.end()) {
    return doc;
  }
  QX_ASSIGN_OR_RETURN(auto translations, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.requirements().GetTranslations(view.version.id);
                      }));
  QX_ASSIGN_OR_RETURN(json::value overlay, ParseJsonText(translations.at(lang), "stored translation"));
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex index, oscal::CatalogIndex::BuildStored(std::move(doc)));
  return oscal::Localize(index, overlay);
}

Result<store::Page<domain::RequirementRow>> RequirementsService::ListRequirements(
    const Actor& actor, std::int64_t id, int seq, const store::RequirementFilter& f,
    const store::PageRequest& page) {
  QX_ASSIGN_OR_RETURN(VersionView view, GetVersion(actor, id, seq));
  return store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
    return tx.requirements().ListRequirements(view.version.id, f, page);
  });
}

Result<json::value> RequirementsService::Requirement(const Actor& actor, std::int64_t id, int seq,
                                                     const std::string& control_id,
                                                     const std::string& lang) {
  QX_ASSIGN_OR_RETURN(json::value doc, EffectiveCatalog(actor, id, seq, lang));
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex index, oscal::CatalogIndex::BuildStored(std::move(doc)));
  const oscal::ControlInfo* control = index.Find(control_id);
  if (!control) return MakeError(ErrorCode::kNotFound, "no requirement '" + control_id + "'");
  // json_path is "$.catalog.groups[0].controls[2]...": walk it back into the document.
  const json::value* node = &index.document();
  std::string_view path = control->json_path;
  path.remove_prefix(1);  // "$"
  while (!path.empty() && node) {
    path.remove_prefix(1);  // '.'
    const size_t end = path.find_first_of(".[");
    const std::string key(path.substr(0, end));
    path.remove_prefix(std::min(end, path.size()));
    node = node->is_object() ? node->as_object().if_contains(key) : nullptr;
    while (node && !path.empty() && path.front() == '[') {
      const size_t close = path.find(']');
      const size_t i = std::stoul(std::string(path.substr(1, close - 1)));
      node = node->is_array() && i < node->as_array().size() ? &node->as_array()[i] : nullptr;
      path.remove_prefix(close + 1);
    }
  }
  if (!node) return MakeError(ErrorCode::kInternal, "index and document disagree");
  return json::value{{"control", *node},
                     {"group_path", json::value_from(control->group_path)},
                     {"parent_control", control->parent_control}};
}

Result<oscal::CatalogDiff> RequirementsService::Diff(const Actor& actor, std::int64_t id,
                                                     int from_seq, int to_seq) {
  QX_ASSIGN_OR_RETURN(json::value from, EffectiveCatalog(actor, id, from_seq, ""));
  QX_ASSIGN_OR_RETURN(json::value to, EffectiveCatalog(actor, id, to_seq, ""));
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex a, oscal::CatalogIndex::BuildStored(std::move(from)));
  QX_ASSIGN_OR_RETURN(oscal::CatalogIndex b, oscal::CatalogIndex::BuildStored(std::move(to)));
  return oscal::Diff(a, b);
}

Result<std::string> RequirementsService::ExportSigned(const Actor& actor, std::int64_t id, int seq) {
  QX_ASSIGN_OR_RETURN(VersionView view, GetVersion(actor, id, seq));
  if (view.version.status == VersionStatus::kDraft) {
    return MakeError(ErrorCode::kConflict, "a draft is not signed; publish it first");
  }
  QX_ASSIGN_OR_RETURN(auto translations, store::Transact(db_, TxMode::kRead, [&](Tx& tx) {
                        return tx.requirements().GetTranslations(view.version.id);
                      }));
  const Seal seal{view.version.digest, view.version.signature, view.version.key_id};
  return Envelope(Payload(view.catalog, view.version, translations), seal, key_.PublicKeyHex());
}

}  // namespace qx::requirements
