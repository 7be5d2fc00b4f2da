#include "qx/agent/command_check.h"

#include <gtest/gtest.h>

#include <chrono>

namespace qx::agent {
namespace {

TEST(CommandCheckTest, RunsWithoutAShellAndCapturesOutput) {
  auto r = RunCommand({"/bin/echo", "a;b", "$HOME"}, 5, 1024);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->output, "a;b $HOME\n");  // no shell: nothing expanded
}

TEST(CommandCheckTest, ReportsExitCodes) {
  auto r = RunCommand({"/bin/false"}, 5, 1024);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 1);
}

TEST(CommandCheckTest, KillsCommandsThatOutliveTheirTimeLimit) {
  const auto start = std::chrono::steady_clock::now();
  auto r = RunCommand({"/bin/sleep", "30"}, 1, 1024);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(CommandCheckTest, LimitsOutput) {
  auto r = RunCommand({"/usr/bin/head", "-c", "100000", "/dev/zero"}, 5, 1000);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->output_truncated);
  EXPECT_EQ(r->output.size(), 1000u);
}

TEST(CommandCheckTest, RefusesRelativeProgramsAndMissingOnes) {
  EXPECT_FALSE(RunCommand({"echo", "x"}, 5, 10));
  EXPECT_FALSE(RunCommand({}, 5, 10));
  EXPECT_FALSE(RunCommand({"/nonexistent/program"}, 5, 10));
}

}  // namespace
}  // namespace qx::agent
