// ListComparisons / ListObservations: what the indicator matcher indexes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qx/stix/pattern.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::MustParse;

struct Row {
  size_t observation;
  std::string path;
  std::string op;
  std::string value;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.observation << " " << r.path << " " << r.op << " " << r.value;
}

std::vector<Row> Rows(const Pattern& p) {
  std::vector<Row> rows;
  for (const PatternComparison& pc : ListComparisons(p)) {
    const Comparison& c = pc.comparison;
    rows.push_back({pc.observation, FormatObjectPath(c.path),
                    std::string(c.negated ? "NOT " : "") + std::string(ComparisonOpName(c.op)),
                    c.op == ComparisonOp::kExists ? "" : FormatConstant(c.value)});
  }
  return rows;
}

TEST(PatternComparisonsTest, ListsComparisonsWithTheirObservationInTextOrder) {
  const Pattern p = MustParse(
      "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4' OR file:name NOT LIKE 'a%'] "
      "FOLLOWEDBY [windows-registry-key:key = 'HKLM\\\\run']) WITHIN 300 SECONDS "
      "OR [ipv4-addr:value ISSUBSET '198.51.100.0/24' AND EXISTS ipv4-addr:resolves_to_refs]");
  EXPECT_THAT(Rows(p), ::testing::ElementsAre(
                           Row{0, "file:hashes.MD5", "=", "'79054025255fb1a26e4bc422aef54eb4'"},
                           Row{0, "file:name", "NOT LIKE", "'a%'"},
                           Row{1, "windows-registry-key:key", "=", "'HKLM\\\\run'"},
                           Row{2, "ipv4-addr:value", "ISSUBSET", "'198.51.100.0/24'"},
                           Row{2, "ipv4-addr:resolves_to_refs", "EXISTS", ""}));
}

TEST(PatternComparisonsTest, ListsObservationNodesInTheSameOrder) {
  const Pattern p = MustParse(
      "([a:x = 1] WITHIN 5 SECONDS) WITHIN 9 SECONDS AND "
      "[b:x = 2 OR b:y IN (3, 4)] REPEATS 2 TIMES");
  const std::vector<const ObservationExpr*> observations = ListObservations(p);
  ASSERT_EQ(observations.size(), 2u);
  EXPECT_EQ(observations[0]->comparison.comparison.path.object_type, "a");
  EXPECT_EQ(observations[1]->comparison.op, BoolOp::kOr);
  EXPECT_EQ(observations[1]->qualifiers.size(), 1u);
  const std::vector<PatternComparison> comparisons = ListComparisons(p);
  ASSERT_EQ(comparisons.size(), 3u);
  EXPECT_EQ(comparisons[2].observation, 1u);
  EXPECT_EQ(comparisons[2].comparison.value.elements.size(), 2u);
}

}  // namespace
}  // namespace qx::stix
