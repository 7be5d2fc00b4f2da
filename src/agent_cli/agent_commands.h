#pragma once

namespace qx::agent_cli {

int Main(int argc, char** argv);

}  // namespace qx::agent_cli
