#include "declared_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace qx::agent_server {
namespace {

const std::string kDigestA(64, 'a'), kDigestB(64, 'b');

// A compute that counts its calls: each call is one parse of the policy's YAML in the service.
struct CountingParse {
  std::atomic<int> calls{0};
  DeclaredCache::Compute For(std::string rule, std::string requirement) {
    return [this, rule = std::move(rule),
            requirement = std::move(requirement)]() -> Result<DeclaredRequirements> {
      ++calls;
      DeclaredRequirements d;
      d[rule].insert(requirement);
      return d;
    };
  }
};

TEST(DeclaredCacheTest, ASecondUploadOfThePolicyDoesNotReparse) {
  DeclaredCache cache(4);
  CountingParse parse;
  auto first = cache.Get(7, kDigestA, parse.For("ssh", "acc-1"));
  ASSERT_TRUE(first) << first.error().message;
  auto second = cache.Get(7, kDigestA, parse.For("ssh", "acc-1"));
  ASSERT_TRUE(second);
  EXPECT_EQ(parse.calls, 1);
  EXPECT_EQ(first->get(), second->get());  // the very map kept
  ASSERT_EQ((*second)->count("ssh"), 1u);
  EXPECT_EQ((*second)->at("ssh").count("acc-1"), 1u);
}

TEST(DeclaredCacheTest, AnotherPolicyOrAnotherDocumentUnderTheIdIsComputed) {
  DeclaredCache cache(4);
  CountingParse parse;
  ASSERT_TRUE(cache.Get(7, kDigestA, parse.For("ssh", "acc-1")));
  auto other = cache.Get(8, kDigestA, parse.For("banner", "pol-1"));
  ASSERT_TRUE(other);
  EXPECT_EQ((*other)->count("banner"), 1u);
  // The same id with another document (a database replaced under the server): not the kept map.
  auto replaced = cache.Get(7, kDigestB, parse.For("banner", "pol-2"));
  ASSERT_TRUE(replaced);
  EXPECT_EQ((*replaced)->count("ssh"), 0u);
  EXPECT_EQ(parse.calls, 3);
  EXPECT_EQ(cache.size(), 2u);  // the replaced entry took the old one's place
  ASSERT_TRUE(cache.Get(7, kDigestB, parse.For("x", "y")));
  EXPECT_EQ(parse.calls, 3);
}

TEST(DeclaredCacheTest, AFailedParseIsReturnedAndNotKept) {
  DeclaredCache cache(4);
  int calls = 0;
  auto failing = [&]() -> Result<DeclaredRequirements> {
    ++calls;
    return MakeError(ErrorCode::kInvalidArgument, "not a readable native policy");
  };
  auto r = cache.Get(3, kDigestA, failing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(cache.Get(3, kDigestA, failing));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(DeclaredCacheTest, KeepsAtMostItsCapacityDroppingTheLeastRecentlyUsed) {
  DeclaredCache cache(2);
  CountingParse parse;
  ASSERT_TRUE(cache.Get(1, kDigestA, parse.For("r", "q")));
  ASSERT_TRUE(cache.Get(2, kDigestA, parse.For("r", "q")));
  ASSERT_TRUE(cache.Get(1, kDigestA, parse.For("r", "q")));  // 1 used again: 2 is the oldest
  ASSERT_TRUE(cache.Get(3, kDigestA, parse.For("r", "q")));  // drops 2
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(parse.calls, 3);
  ASSERT_TRUE(cache.Get(1, kDigestA, parse.For("r", "q")));
  EXPECT_EQ(parse.calls, 3);
  ASSERT_TRUE(cache.Get(2, kDigestA, parse.For("r", "q")));
  EXPECT_EQ(parse.calls, 4);

  DeclaredCache none(0);
  ASSERT_TRUE(none.Get(1, kDigestA, parse.For("r", "q")));
  ASSERT_TRUE(none.Get(1, kDigestA, parse.For("r", "q")));
  EXPECT_EQ(parse.calls, 6);
  EXPECT_EQ(none.size(), 0u);
}

TEST(DeclaredCacheTest, ConcurrentUploadsShareTheCacheSafely) {
  DeclaredCache cache(3);
  CountingParse parse;
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const std::int64_t id = (i + t) % 5;
        const std::string rule = "rule-" + std::to_string(id);
        auto got = cache.Get(id, kDigestA, parse.For(rule, "req"));
        if (!got || (*got)->count(rule) != 1) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_LE(cache.size(), 3u);
}

}  // namespace
}  // namespace qx::agent_server
