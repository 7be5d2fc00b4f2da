#include "qx/taxii/filter.h"

#include <gtest/gtest.h>

#include "qx/taxii/protocol.h"

namespace qx::taxii {
namespace {

using Query = std::multimap<std::string, std::string>;

TEST(FilterTest, CommaListsAreOrAndFieldsAnd) {
  auto q = ParseFilter({{"match[type]", "indicator, malware"}, {"match[id]", "indicator--a"}}, 100);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->types, (std::vector<std::string>{"indicator", "malware"}));
  EXPECT_EQ(q->ids, (std::vector<std::string>{"indicator--a"}));
  EXPECT_TRUE(q->versions.last);
}

TEST(FilterTest, VersionsLimitAndNext) {
  auto q = ParseFilter({{"match[version]", "first,2026-01-01T00:00:00.5Z"},
                        {"limit", "5000"},
                        {"next", EncodeCursor(9)},
                        {"added_after", "2026-01-01T00:00:00Z"}},
                       1000);
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->versions.first);
  EXPECT_FALSE(q->versions.last);
  EXPECT_EQ(q->versions.versions_us, (std::vector<std::int64_t>{1'767'225'600'500'000}));
  EXPECT_EQ(q->limit, 1000);
  EXPECT_EQ(q->after_seq, 9);
  EXPECT_EQ(*q->added_after_us, 1'767'225'600'000'000);
  EXPECT_TRUE(ParseFilter({}, 100, true)->versions.all);
}

TEST(FilterTest, BadParametersAreNamed) {
  for (const Query& bad : {Query{{"limit", "0"}}, Query{{"limit", "ten"}},
                           Query{{"added_after", "2026"}}, Query{{"match[version]", "newest"}},
                           Query{{"match[colour]", "red"}}, Query{{"next", "x"}}}) {
    EXPECT_FALSE(ParseFilter(bad, 100)) << bad.begin()->first;
  }
}

}  // namespace
}  // namespace qx::taxii
