#include "agent_commands.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "qx/agent/host.h"
#include "qx/agent/rule_result.h"
#include "qx/agent/scap_content.h"

namespace qx::agent_cli {
namespace {

Result<std::string> ReadWhole(const std::string& path, size_t max) {
  agent::RootedHost host({});
  return host.ReadFile(path, max);
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"qalxan-agent: read-only host assessment (SCAP data streams and native policies)"};
  app.require_subcommand(1);
  std::string policy, profile, root = "/";
  bool json = false;
  auto* run = app.add_subcommand("run", "evaluate a policy on this host");
  run->add_option("--policy", policy, "SCAP source data stream or native YAML policy")->required();
  run->add_option("--profile", profile, "XCCDF profile id or short name (SCAP)");
  run->add_option("--root", root, "filesystem root to assess (default /)");
  run->add_flag("--json", json, "print the results as JSON");
  CLI11_PARSE(app, argc, argv);

  auto text = ReadWhole(policy, 512u << 20);
  if (!text) {
    std::cerr << "qalxan-agent: " << text.error().message << "\n";
    return 2;
  }
  auto content = agent::ScapContent::Parse(*text);
  if (!content) {
    std::cerr << "qalxan-agent: " << content.error().message << "\n";
    return 2;
  }
  text->clear();
  text->shrink_to_fit();
  auto profile_id = content->ResolveProfile(profile);
  if (!profile_id) {
    std::cerr << "qalxan-agent: " << profile_id.error().message << "\n";
    return 2;
  }
  agent::RootedHost host(agent::RootedHostOptions{root, std::nullopt, std::nullopt});
  auto report = content->Evaluate(host, *profile_id, {});
  if (!report) {
    std::cerr << "qalxan-agent: " << report.error().message << "\n";
    return 2;
  }
  if (json) {
    std::cout << agent::ReportToJson(*report) << "\n";
  } else {
    for (const auto& r : report->rules) std::cout << r.result << "\t" << r.id << "\t" << r.reason << "\n";
  }
  return 0;
}

}  // namespace qx::agent_cli
