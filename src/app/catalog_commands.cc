// `qalxan catalog import|publish|list|export|verify`: requirement catalogs and profiles from the
// command line, through the same service as the API.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "catalog_files.h"
#include "command_support.h"
#include "qx/requirements/publication.h"

namespace qx::app {
namespace json = boost::json;

void AddCatalogCommands(CLI::App& app, ConfigResolver resolve) {
  auto run = CommandRunner(resolve);
  auto* catalog = app.add_subcommand("catalog", "Requirement catalogs and profiles (OSCAL)")
                      ->require_subcommand(1);

  auto* import = catalog->add_subcommand(
      "import", "Import an OSCAL catalog or profile as a draft (translations NAME.<lang>.json beside it)");
  static std::string file, name, scope = "general";
  static std::int64_t owner = 0;
  static bool publish = false;
  import->add_option("file", file, "OSCAL catalog or profile JSON")->required();
  import->add_option("--name", name, "catalog name (default: from the file name)");
  import->add_option("--scope", scope, "general (the regulator's) or special (an operator's)");
  import->add_option("--owner", owner, "owner organisation id (default: the regulator)");
  import->add_flag("--publish", publish, "publish the draft right away");
  import->callback(run([](const Config& c) {
    Session s(c);
    auto req = OrFail(ReadCatalogFile(file));
    if (!name.empty()) req.name = name;
    auto parsed_scope = domain::ParseCatalogScope(scope);
    if (!parsed_scope) throw CommandFailed{"--scope must be general or special"};
    req.scope = *parsed_scope;
    req.owner_org = owner;
    if (owner == 0) {
      auto orgs = OrFail(s.directory->ListOrganisations(s.actor, {0, 1000}));
      for (const auto& o : orgs.items) {
        if (o.kind == domain::OrgKind::kRegulator) {
          req.owner_org = o.id;
          break;
        }
      }
    }
    auto result = OrFail(s.requirements->Import(s.actor, req));
    std::cout << fmt::format("{} {} '{}' version {} (draft {}): {} requirements\n",
                             domain::Name(result.catalog.kind), result.catalog.id,
                             result.catalog.name, result.version.version, result.version.seq,
                             result.requirements);
    for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
    if (publish) {
      auto p = OrFail(s.requirements->Publish(s.actor, result.catalog.id));
      std::cout << fmt::format("published version {}: {}\n", p.version.seq, p.version.digest);
    }
  }));

  auto* pub = catalog->add_subcommand("publish", "Publish a catalog's latest draft (frozen and signed)");
  static std::int64_t pub_id = 0;
  pub->add_option("id", pub_id, "catalog id")->required();
  pub->callback(run([](const Config& c) {
    Session s(c);
    auto p = OrFail(s.requirements->Publish(s.actor, pub_id));
    for (const std::string& w : p.warnings) std::cerr << "warning: " << w << "\n";
    std::cout << fmt::format("published version {}: {}\n", p.version.seq, p.version.digest);
  }));

  auto* list = catalog->add_subcommand("list", "List catalogs and profiles");
  static bool as_json = false;
  list->add_flag("--json", as_json, "print JSON");
  list->callback(run([](const Config& c) {
    Session s(c);
    auto page = OrFail(s.requirements->ListCatalogs(s.actor, std::nullopt, {0, 1000}));
    json::array out;
    for (const auto& listed : page.items) {
      const auto& cat = listed.catalog;
      out.push_back({{"id", cat.id}, {"name", cat.name}, {"kind", domain::Name(cat.kind)},
                     {"scope", domain::Name(cat.scope)}, {"title", cat.title}});
      if (!as_json) {
        std::cout << fmt::format("{:>4}  {:<8} {:<8} {:<24} {}\n", cat.id, domain::Name(cat.kind),
                                 domain::Name(cat.scope), cat.name, cat.title);
      }
    }
    if (as_json) std::cout << json::serialize(out) << "\n";
  }));

  auto* exp = catalog->add_subcommand("export", "Write a version as OSCAL JSON, or as the signed publication");
  static std::int64_t exp_id = 0;
  static int exp_seq = 0;
  static std::string format = "oscal", lang;
  exp->add_option("id", exp_id, "catalog id")->required();
  exp->add_option("--version", exp_seq, "version number (default: the latest published)");
  exp->add_option("--format", format, "oscal (effective catalog), source (as imported) or signed");
  exp->add_option("--lang", lang, "language of the text (oscal format)");
  exp->callback(run([](const Config& c) {
    Session s(c);
    if (format == "signed") {
      std::cout << OrFail(s.requirements->ExportSigned(s.actor, exp_id, exp_seq)) << "\n";
    } else if (format == "source") {
      std::cout << json::serialize(OrFail(s.requirements->SourceDocument(s.actor, exp_id, exp_seq))) << "\n";
    } else if (format == "oscal") {
      std::cout << json::serialize(OrFail(s.requirements->EffectiveCatalog(s.actor, exp_id, exp_seq, lang)))
                << "\n";
    } else {
      throw CommandFailed{"--format must be oscal, source or signed"};
    }
  }));

  auto* verify = catalog->add_subcommand(
      "verify", "Check a signed publication offline: digest and the regulator's signature");
  static std::string envelope_file, public_key;
  verify->add_option("file", envelope_file, "publication JSON (catalog export --format signed)")->required();
  verify->add_option("--public-key", public_key,
                     "the regulator's public key in hex (GET /api/v1/keys); default: this installation's");
  verify->callback([resolve, envelope_file = &envelope_file, public_key = &public_key] {
    // Works without an installation when --public-key is given.
    std::ifstream in(*envelope_file, std::ios::binary);
    if (!in) {
      std::cerr << "qalxan: cannot read " << *envelope_file << "\n";
      throw CLI::RuntimeError(1);
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string key = *public_key;
    if (key.empty()) {
      auto config = resolve();
      auto loaded = config ? LoadPublicationKey(*config) : tl::unexpected(config.error());
      if (!loaded) {
        std::cerr << "qalxan: no --public-key and no local key: " << loaded.error().message << "\n";
        throw CLI::RuntimeError(1);
      }
      key = loaded->PublicKeyHex();
    }
    auto verified = requirements::VerifyEnvelope(text.str(), key);
    if (!verified) {
      std::cerr << "qalxan: " << *envelope_file << ": NOT VALID: " << verified.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    const auto& p = verified->payload.as_object();
    auto field = [&](const char* k) {
      const auto* v = p.if_contains(k);
      return v ? json::serialize(*v) : std::string("?");
    };
    std::cout << fmt::format("valid: {} {} version {} (seq {}), published {} by {}, {} signed by key {}\n",
                             field("kind"), field("name"), field("version"), field("seq"),
                             field("published_at"), field("published_by"), verified->digest,
                             verified->key_id);
  });
}

}  // namespace qx::app
