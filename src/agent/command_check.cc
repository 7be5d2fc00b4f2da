#include "qx/agent/command_check.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace qx::agent {

Result<CommandOutcome> RunCommand(const std::vector<std::string>& argv, int timeout_seconds, size_t max_output_bytes) {
  if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
    return MakeError(ErrorCode::kInvalidArgument, "a command check needs an absolute program path");
  }
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return MakeError(ErrorCode::kUnavailable, "pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const char* safe_env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr, args.data(), const_cast<char**>(safe_env));
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    return MakeError(ErrorCode::kUnavailable, argv[0] + ": " + std::strerror(rc));
  }
  CommandOutcome outcome;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  char buf[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      outcome.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    const ssize_t got = ::read(out[0], buf, sizeof buf);
    if (got <= 0) break;
    const size_t room = max_output_bytes - std::min(max_output_bytes, outcome.output.size());
    if (static_cast<size_t>(got) > room) outcome.output_truncated = true;
    outcome.output.append(buf, std::min(room, static_cast<size_t>(got)));
  }
  ::close(out[0]);
  // The command may close stdout and keep running: the deadline holds until it has exited.
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, outcome.timed_out ? 0 : WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    if (!outcome.timed_out && std::chrono::steady_clock::now() >= deadline) outcome.timed_out = true;
    if (outcome.timed_out) {
      ::kill(-pid, SIGKILL);
      continue;
    }
    ::usleep(10000);
  }
  if (!outcome.timed_out) outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

}  // namespace qx::agent
