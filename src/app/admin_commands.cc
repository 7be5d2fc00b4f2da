#include "admin_commands.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <iostream>

#include "command_support.h"
#include "installation.h"
#include "qx/audit_trail/audit_trail.h"
#include "qx/identity/directory_service.h"

namespace qx::app {
namespace {

namespace json = boost::json;

std::string ReadPasswordFromStdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

template <typename T, typename Fetch>
std::vector<T> FetchAll(Fetch fetch) {
  std::vector<T> all;
  store::PageRequest page{0, 1000};
  for (;;) {
    auto p = OrFail(fetch(page));
    for (auto& item : p.items) all.push_back(std::move(item));
    if (!p.next) return all;
    page.after = *p.next;
  }
}

domain::Role RoleOrFail(const std::string& name) {
  auto role = domain::ParseRole(name);
  if (!role) throw CommandFailed{"unknown role '" + name + "' (admin, officer, analyst, staff, auditor, machine)"};
  return *role;
}

}  // namespace

void AddAdminCommands(CLI::App& app, ConfigResolver resolve) {
  auto run = CommandRunner(resolve);

  app.add_subcommand("migrate", "Apply database migrations and exit")
      ->callback(run([](const Config& c) {
        Session s(c);
        std::cout << "database is up to date\n";
      }));

  // org add | list
  auto* org = app.add_subcommand("org", "Organisations")->require_subcommand(1);
  {
    auto* add = org->add_subcommand("add", "Register an organisation; prints its id");
    static std::string name, kind, sector;
    add->add_option("--name", name, "organisation name")->required();
    add->add_option("--kind", kind, "regulator, cert, operator or provider")->required();
    add->add_option("--sector", sector, "sector (operators): oil_and_gas, energy, finance, ...");
    add->callback(run([](const Config& c) {
      Session s(c);
      domain::Organisation o;
      o.name = name;
      auto k = domain::ParseOrgKind(kind);
      if (!k) throw CommandFailed{"unknown kind '" + kind + "' (regulator, cert, operator, provider)"};
      o.kind = *k;
      o.sector = sector;
      std::cout << OrFail(s.directory->CreateOrganisation(s.actor, o)).id << "\n";
    }));
    auto* list = org->add_subcommand("list", "List organisations");
    static bool as_json = false;
    list->add_flag("--json", as_json, "print JSON");
    list->callback(run([](const Config& c) {
      Session s(c);
      auto orgs = FetchAll<domain::Organisation>(
          [&](const store::PageRequest& p) { return s.directory->ListOrganisations(s.actor, p); });
      if (as_json) {
        json::array out;
        for (const auto& o : orgs) {
          out.push_back({{"id", o.id}, {"name", o.name}, {"kind", domain::Name(o.kind)},
                         {"sector", o.sector}});
        }
        std::cout << json::serialize(out) << "\n";
        return;
      }
      for (const auto& o : orgs) {
        std::cout << fmt::format("{:>5}  {:<10} {:<12} {}\n", o.id, domain::Name(o.kind), o.sector, o.name);
      }
    }));
  }

  // user add | passwd | list
  auto* user = app.add_subcommand("user", "People")->require_subcommand(1);
  {
    auto* add = user->add_subcommand("add", "Add a person; prints the generated password unless --password-stdin");
    static std::int64_t org_id = 0;
    static std::string username, display_name, role = "staff";
    static bool password_stdin = false;
    add->add_option("--org", org_id, "organisation id")->required();
    add->add_option("--username", username, "login name")->required();
    add->add_option("--display-name", display_name, "full name");
    add->add_option("--role", role, "admin, officer, analyst, staff or auditor");
    add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
    add->callback(run([](const Config& c) {
      Session s(c);
      identity::NewUser in{org_id, username, display_name.empty() ? username : display_name,
                           RoleOrFail(role), ""};
      in.password = password_stdin ? ReadPasswordFromStdin() : crypto::RandomPassword();
      const auto created = OrFail(s.directory->CreateUser(s.actor, in));
      std::cout << "user " << created.id << " created";
      if (!password_stdin) std::cout << "; password: " << in.password;
      std::cout << "\n";
    }));

    auto* passwd = user->add_subcommand("passwd", "Set a person's password (from stdin, or generated and printed)");
    static std::string who;
    static bool pw_stdin = false;
    passwd->add_option("--username", who, "login name")->required();
    passwd->add_flag("--password-stdin", pw_stdin, "read the password from standard input");
    passwd->callback(run([](const Config& c) {
      Session s(c);
      auto cred = OrFail(store::Transact(*s.db, store::TxMode::kRead, [&](store::Tx& tx) {
        return tx.users().FindByUsername(who);
      }));
      const std::string password = pw_stdin ? ReadPasswordFromStdin() : crypto::RandomPassword();
      OrFail(s.directory->SetPassword(s.actor, cred.user.id, password));
      std::cout << "password changed" << (pw_stdin ? "" : "; password: " + password) << "\n";
    }));

    auto* list = user->add_subcommand("list", "List an organisation's people");
    static std::int64_t list_org = 0;
    static bool as_json = false;
    list->add_option("--org", list_org, "organisation id")->required();
    list->add_flag("--json", as_json, "print JSON");
    list->callback(run([](const Config& c) {
      Session s(c);
      auto users = FetchAll<domain::User>([&](const store::PageRequest& p) {
        return s.directory->ListUsers(s.actor, list_org, p);
      });
      if (as_json) {
        json::array out;
        for (const auto& u : users) {
          out.push_back({{"id", u.id}, {"org_id", u.org_id}, {"username", u.username},
                         {"display_name", u.display_name}, {"role", domain::Name(u.role)},
                         {"disabled", u.disabled}});
        }
        std::cout << json::serialize(out) << "\n";
        return;
      }
      for (const auto& u : users) {
        std::cout << fmt::format("{:>5}  {:<8} {:<24} {}{}\n", u.id, domain::Name(u.role),
                                 u.username, u.display_name, u.disabled ? " (disabled)" : "");
      }
    }));
  }

  // token create | revoke | list
  auto* token = app.add_subcommand("token", "API tokens for machines and scripts")->require_subcommand(1);
  {
    auto* create = token->add_subcommand("create", "Create a token; prints only the token");
    static std::int64_t org_id = 0;
    static std::string role = "machine", name = "cli";
    static int days = 90;
    create->add_option("--org", org_id, "organisation id")->required();
    create->add_option("--role", role, "role the token acts with")->required();
    create->add_option("--name", name, "what the token is for");
    create->add_option("--days", days, "days until it expires (1-3650)");
    create->callback(run([](const Config& c) {
      Session s(c);
      auto issued = OrFail(s.directory->CreateToken(s.actor, {org_id, name, RoleOrFail(role), days}));
      std::cout << issued.secret << "\n";
    }));

    auto* revoke = token->add_subcommand("revoke", "Revoke a token");
    static std::int64_t token_id = 0;
    revoke->add_option("--id", token_id, "token id")->required();
    revoke->callback(run([](const Config& c) {
      Session s(c);
      OrFail(s.directory->RevokeToken(s.actor, token_id));
      std::cout << "token " << token_id << " revoked\n";
    }));

    auto* list = token->add_subcommand("list", "List an organisation's tokens");
    static std::int64_t list_org = 0;
    static bool as_json = false;
    list->add_option("--org", list_org, "organisation id")->required();
    list->add_flag("--json", as_json, "print JSON");
    list->callback(run([](const Config& c) {
      Session s(c);
      auto tokens = FetchAll<domain::ApiToken>([&](const store::PageRequest& p) {
        return s.directory->ListTokens(s.actor, list_org, p);
      });
      json::array out;
      for (const auto& t : tokens) {
        out.push_back({{"id", t.id}, {"name", t.name}, {"role", domain::Name(t.role)},
                       {"expires_at", FormatRfc3339(t.expires_at)},
                       {"revoked", t.revoked_at.has_value()}});
      }
      if (as_json) {
        std::cout << json::serialize(out) << "\n";
        return;
      }
      for (const auto& t : tokens) {
        std::cout << fmt::format("{:>5}  {:<8} {:<24} expires {}{}\n", t.id, domain::Name(t.role),
                                 t.name, FormatRfc3339(t.expires_at), t.revoked_at ? " (revoked)" : "");
      }
    }));
  }

  auto* audit = app.add_subcommand("audit", "The audit trail")->require_subcommand(1);
  audit->add_subcommand("verify", "Walk the hash chain; exit 1 at the first broken link")
      ->callback(run([](const Config& c) {
        Session s(c);
        audit_trail::AuditTrail trail(*s.db);
        const auto report = OrFail(trail.Verify());
        if (!report.ok) {
          throw CommandFailed{fmt::format("audit chain broken at record {}: {}", *report.broken_seq,
                                          report.reason)};
        }
        std::cout << "audit chain ok: " << report.records << " records\n";
      }));
}

}  // namespace qx::app
