#include "catalog_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace qx::app {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxDocumentBytes = 256ull << 20;

Result<std::string> ReadFile(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return MakeError(ErrorCode::kNotFound, path.string() + ": " + ec.message());
  if (size > kMaxDocumentBytes) return MakeError(ErrorCode::kPayloadTooLarge, path.string() + ": larger than 256 MiB");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in && !in.eof()) return MakeError(ErrorCode::kUnavailable, "cannot read " + path.string());
  return out.str();
}

std::string BaseName(const fs::path& path) {
  std::string name = path.filename().string();
  for (std::string_view suffix : {".catalog.json", ".profile.json", ".json"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  return name;
}

std::vector<fs::path> FilesEndingWith(const fs::path& dir, std::string_view suffix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec) && e.path().filename().string().ends_with(suffix)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<requirements::ImportRequest> ReadCatalogFile(const std::string& path) {
  requirements::ImportRequest req;
  const fs::path p(path);
  req.name = BaseName(p);
  QX_ASSIGN_OR_RETURN(req.document, ReadFile(p));
  if (p.filename().string().ends_with(".catalog.json")) {
    // Translations: NAME.<lang>.json, lang of 2-3 letters.
    for (const fs::path& t : FilesEndingWith(p.parent_path().empty() ? "." : p.parent_path(), ".json")) {
      const std::string f = t.filename().string();
      if (!f.starts_with(req.name + ".") || f == p.filename().string()) continue;
      const std::string lang = f.substr(req.name.size() + 1, f.size() - req.name.size() - 6);
      if (lang.size() < 2 || lang.size() > 3 ||
          !std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        continue;
      }
      QX_ASSIGN_OR_RETURN(std::string overlay, ReadFile(t));
      req.translations.push_back(std::move(overlay));
    }
  }
  return req;
}

Result<std::vector<SeededCatalog>> SeedCatalogs(requirements::RequirementsService& service,
                                                store::Database& db, const std::string& dir) {
  std::vector<SeededCatalog> seeded;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return seeded;
  QX_ASSIGN_OR_RETURN(auto existing, store::Transact(db, store::TxMode::kRead, [](store::Tx& tx) {
                        return tx.requirements().ListCatalogs(std::nullopt, {0, 1});
                      }));
  if (!existing.items.empty()) return seeded;
  QX_ASSIGN_OR_RETURN(auto orgs, store::Transact(db, store::TxMode::kRead, [](store::Tx& tx) {
                        return tx.orgs().List({0, 1000});
                      }));
  domain::OrgId regulator = 0;
  for (const auto& o : orgs.items) {
    if (o.kind == domain::OrgKind::kRegulator) {
      regulator = o.id;
      break;
    }
  }
  if (regulator == 0) return MakeError(ErrorCode::kConflict, "no regulator organisation to own the catalogs");
  const identity::Actor system = identity::Actor::System("system:seed");
  std::vector<fs::path> files = FilesEndingWith(dir, ".catalog.json");
  for (const fs::path& p : FilesEndingWith(fs::path(dir) / "profiles", ".profile.json")) files.push_back(p);
  for (const fs::path& file : files) {
    QX_ASSIGN_OR_RETURN(requirements::ImportRequest req, ReadCatalogFile(file.string()));
    req.owner_org = regulator;
    auto imported = service.Import(system, req);
    if (!imported) {
      return MakeError(imported.error().code, file.string() + ": " + imported.error().message);
    }
    QX_RETURN_IF_ERROR(service.Publish(system, imported->catalog.id));
    seeded.push_back({req.name, imported->requirements});
  }
  return seeded;
}

}  // namespace qx::app
