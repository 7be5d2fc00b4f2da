#include "agent_commands.h"

int main(int argc, char** argv) { return qx::agent_cli::Main(argc, argv); }
