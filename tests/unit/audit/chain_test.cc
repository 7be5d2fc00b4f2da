#include "qx/audit/chain.h"

#include <gtest/gtest.h>

#include <vector>

namespace qx::audit {
namespace {

std::vector<AuditRecord> Chain(int n) {
  std::vector<AuditRecord> out;
  std::string prev(kGenesisHash);
  for (int i = 1; i <= n; ++i) {
    AuditRecord r;
    r.seq = i;
    r.at = 1000 * i;
    r.entry = {"user:1", 3, "user.create", "user", std::to_string(i), R"({"role":"staff"})"};
    Seal(r, prev);
    prev = r.hash;
    out.push_back(r);
  }
  return out;
}

std::optional<std::int64_t> FirstBroken(const std::vector<AuditRecord>& records) {
  ChainVerifier v;
  for (const auto& r : records) {
    if (!v.Add(r)) break;
  }
  return v.broken_seq();
}

TEST(ChainTest, AnIntactChainVerifies) {
  EXPECT_EQ(FirstBroken(Chain(5)), std::nullopt);
  EXPECT_EQ(FirstBroken({}), std::nullopt);
}

TEST(ChainTest, AnEditedFieldIsCaughtAtItsRecord) {
  auto records = Chain(5);
  records[2].entry.actor = "user:2";
  EXPECT_EQ(FirstBroken(records), 3);
}

TEST(ChainTest, AnEditedDetailIsCaught) {
  auto records = Chain(5);
  records[3].entry.detail = R"({"role":"admin"})";
  EXPECT_EQ(FirstBroken(records), 4);
}

TEST(ChainTest, AResealedRecordBreaksTheNextLink) {
  auto records = Chain(5);
  records[1].entry.action = "user.delete";
  Seal(records[1], records[0].hash);  // a forger recomputes this record's hash...
  EXPECT_EQ(FirstBroken(records), 3);  // ...but the next one still points at the old hash
}

TEST(ChainTest, ARemovedRecordIsCaught) {
  auto records = Chain(5);
  records.erase(records.begin() + 2);
  EXPECT_EQ(FirstBroken(records), 4);
}

TEST(ChainTest, ATruncatedTailStillVerifies) {
  // Deleting the newest records leaves a valid prefix: the count, not the chain, shows it.
  auto records = Chain(5);
  records.resize(3);
  EXPECT_EQ(FirstBroken(records), std::nullopt);
}

}  // namespace
}  // namespace qx::audit
