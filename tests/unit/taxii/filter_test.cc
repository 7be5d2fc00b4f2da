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

// TAXII 2.1 3.4: each parameter at most once; `all` alone; match[version] names each once.
TEST(FilterTest, MalformedQueriesAreRefused) {
  for (const Query& bad :
       {Query{{"added_after", "2026-01-01T00:00:00Z"}, {"added_after", "2026-01-02T00:00:00Z"}},
        Query{{"match[type]", "indicator"}, {"match[type]", "malware"}},
        Query{{"match[id]", "indicator--a"}, {"match[id]", "indicator--b"}},
        Query{{"match[version]", "last"}, {"match[version]", "first"}},
        Query{{"match[spec_version]", "2.1"}, {"match[spec_version]", "2.0"}},
        Query{{"limit", "1"}, {"limit", "2"}}, Query{{"next", EncodeCursor(1)}, {"next", EncodeCursor(2)}},
        Query{{"match[version]", "all,last"}}, Query{{"match[version]", "first,all"}},
        Query{{"match[version]", "last,last"}},
        Query{{"match[version]", "2026-01-01T00:00:00Z,2026-01-01T00:00:00Z"}}, Query{{"match[version]", ""}}}) {
    auto q = ParseFilter(bad, 100);
    EXPECT_FALSE(q) << bad.begin()->first << "=" << bad.begin()->second;
    if (!q) {
      EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_TRUE(ParseFilter({{"match[version]", "all"}}, 100));
  EXPECT_TRUE(ParseFilter({{"match[version]", "first,last"}}, 100));
  EXPECT_TRUE(ParseFilter({{"match[type]", "indicator,indicator"}}, 100));  // OR of the same: harmless
}

}  // namespace
}  // namespace qx::taxii
