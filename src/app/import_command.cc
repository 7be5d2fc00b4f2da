// `qalxan import results.bundle`: an offline (air-gapped) agent's signed result bundle, verified
// and ingested through the same AgentService path as a bundle posted over HTTP.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "command_support.h"
#include "qx/agent_server/agent_service.h"

namespace qx::app {

void AddImportCommand(CLI::App& app, ConfigResolver resolve) {
  auto run = CommandRunner(resolve);
  auto* cmd = app.add_subcommand("import", "Verify and ingest an agent's signed result bundle (air-gapped networks)");
  static std::string path;
  static bool as_json = false;
  cmd->add_option("bundle", path, "the bundle file written by `qalxan-agent run --out`")->required();
  cmd->add_flag("--json", as_json, "print the outcome as JSON");
  cmd->callback(run([](const Config& c) {
    Session s(c);
    agent_server::AgentService agents(*s.db, s.clock, *s.key);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CommandFailed{path + ": cannot open"};
    // One byte over the limit is enough to refuse it; never read an unbounded file.
    std::string buffer(agent_server::AgentOptions{}.max_bundle_bytes + 1, '\0');
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.resize(static_cast<std::size_t>(in.gcount()));
    auto done = OrFail(agents.Ingest(buffer, std::nullopt, "import"));
    if (as_json) {
      std::cout << boost::json::serialize(boost::json::object{{"result_id", done.result_id},
                                                              {"agent_id", done.agent_id},
                                                              {"object_id", done.object_id},
                                                              {"sequence", done.sequence},
                                                              {"rules", done.rules},
                                                              {"observations_added", done.observations_added},
                                                              {"observations_unchanged", done.observations_unchanged},
                                                              {"duplicate", done.duplicate}})
                << "\n";
      return;
    }
    if (done.duplicate) {
      std::cout << fmt::format("already imported as result {} (agent {} sequence {}): nothing written\n",
                               done.result_id, done.agent_id, done.sequence);
      return;
    }
    std::cout << fmt::format("imported: agent {} object {} sequence {}: {} rules, {} new observations, {} unchanged\n",
                             done.agent_id, done.object_id, done.sequence, done.rules, done.observations_added,
                             done.observations_unchanged);
  }));
}

}  // namespace qx::app
