#include "qx/match/sightings.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "progress.h"
#include "taxii_client.h"

namespace qx::match {
namespace {

TEST(SightingsTest, AggregatesPerIndicatorIntoStixSightings) {
  SightingAggregator agg;
  agg.Add("indicator--a", "x.log", "nginx:client", 2000);
  agg.Add("indicator--a", "y.log", "bind:query", 1000);
  agg.Add("indicator--b", "x.log", "text:token", 3000);
  const auto all = agg.Summaries();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].count, 2u);
  EXPECT_EQ(all[0].first_seen, 1000);
  EXPECT_EQ(all[0].last_seen, 2000);
  const unsigned char r[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const std::string uuid = UuidV4(r);
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
  const auto v = boost::json::parse(SightingJson(all[0], 1700000000123, "identity--x", uuid)).as_object();
  EXPECT_EQ(v.at("type"), "sighting");
  EXPECT_EQ(v.at("id").as_string(), "sighting--" + uuid);
  EXPECT_EQ(v.at("sighting_of_ref"), "indicator--a");
  EXPECT_EQ(v.at("count"), 2);
  EXPECT_EQ(v.at("first_seen"), "1970-01-01T00:00:01.000Z");
  EXPECT_EQ(v.at("created"), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(v.at("where_sighted_refs").as_array().size(), 1u);
  agg.Clear();
  EXPECT_TRUE(agg.empty());
}

TEST(SightingsTest, EachSightingIsMarkedWithItsIndicatorsTlpRaisedToTheFloor) {
  SightingAggregator agg;
  agg.Add("indicator--a", "x.log", "text:token", 1000, stix::Tlp::kGreen);
  agg.Add("indicator--b", "x.log", "text:token", 1000, stix::Tlp::kRed);
  agg.Add("indicator--c", "x.log", "text:token", 1000);  // unmarked
  const unsigned char r[16] = {};
  auto marking = [&](const SightingSummary& s, std::optional<stix::Tlp> floor) {
    const auto v = boost::json::parse(SightingJson(s, 0, "", UuidV4(r), floor)).as_object();
    const auto& refs = v.at("object_marking_refs").as_array();
    EXPECT_EQ(refs.size(), 1u);
    return std::string(refs.at(0).as_string());
  };
  const auto all = agg.Summaries();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(marking(all[0], std::nullopt), stix::kTlp2GreenId);
  EXPECT_EQ(marking(all[0], stix::Tlp::kAmber), stix::kTlp2AmberId);   // raised to the floor
  EXPECT_EQ(marking(all[0], stix::Tlp::kClear), stix::kTlp2GreenId);   // never lowered
  EXPECT_EQ(marking(all[1], stix::Tlp::kGreen), stix::kTlp2RedId);
  EXPECT_EQ(marking(all[2], std::nullopt), stix::kTlp2AmberId);       // AMBER when nothing is known
  EXPECT_EQ(marking(all[2], stix::Tlp::kGreen), stix::kTlp2GreenId);  // the floor when it is
  EXPECT_EQ(SightingTlp(stix::Tlp::kAmberStrict, stix::Tlp::kAmber), stix::Tlp::kAmberStrict);
  // One indicator's TLP, as several matches report it: the most restrictive.
  agg.Add("indicator--a", "y.log", "text:token", 2000, stix::Tlp::kAmber);
  for (const auto& s : agg.Summaries()) {
    if (s.indicator_id == "indicator--a") {
      EXPECT_EQ(s.tlp, stix::Tlp::kAmber);
    }
  }
}

TEST(SightingsTest, ProgressLineAndPageUrls) {
  EXPECT_EQ(qx::match_cli::FormatBytes(1500000), "1.5 MB");
  EXPECT_EQ(qx::match_cli::FormatDuration(65), "1m05s");
  const auto line = qx::match_cli::ProgressLine("a.log", 500000000, 1000000000, 1.0);
  EXPECT_NE(line.find("500.0 MB / 1.0 GB"), std::string::npos);
  EXPECT_NE(line.find("0m01s left"), std::string::npos);
  EXPECT_EQ(qx::match_cli::PageUrl("http://h/c/objects/", "2024-01-01T00:00:00Z", 10, "n+1"),
            "http://h/c/objects/?limit=10&added_after=2024-01-01T00%3A00%3A00Z&next=n%2B1");
}

}  // namespace
}  // namespace qx::match
