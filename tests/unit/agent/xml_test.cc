#include "qx/agent/xml.h"

#include <gtest/gtest.h>

namespace qx::agent {
namespace {

TEST(XmlTest, ParsesElementsAttributesTextAndNamespaces) {
  auto doc = ParseXml(R"(<?xml version="1.0"?><a xmlns="urn:x" xmlns:y="urn:y" k="v"><y:b>t&amp;u</y:b><c/></a>)");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->name, "a");
  EXPECT_EQ(doc->ns, "urn:x");
  EXPECT_EQ(doc->AttrOr("k", ""), "v");
  ASSERT_EQ(doc->children.size(), 2u);
  EXPECT_EQ(doc->children[0].ns, "urn:y");
  EXPECT_EQ(doc->children[0].text, "t&u");
  EXPECT_NE(doc->Child("c"), nullptr);
}

TEST(XmlTest, SkipsElementsTheCallerDoesNotKeep) {
  auto doc = ParseXml("<a><description><p>long</p></description><rule id='1'/></a>",
                      [](std::string_view, std::string_view local, int) { return local != "description"; });
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->children.size(), 1u);
  EXPECT_EQ(doc->children[0].name, "rule");
}

TEST(XmlTest, RefusesEntityExpansion) {
  const char* laughs = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>)";
  auto doc = ParseXml(laughs);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("DOCTYPE"), std::string::npos) << doc.error().message;
}

TEST(XmlTest, RefusesExternalEntitiesAndDtds) {
  auto ext = ParseXml(R"(<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>)");
  EXPECT_FALSE(ext);
  auto dtd = ParseXml(R"(<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.org/r.dtd"><r/>)");
  EXPECT_FALSE(dtd);
}

TEST(XmlTest, MalformedTruncatedAndDeepInputAreErrors) {
  EXPECT_FALSE(ParseXml("<a><b></a>"));
  EXPECT_FALSE(ParseXml("<a><b>"));
  EXPECT_FALSE(ParseXml(""));
  EXPECT_FALSE(ParseXml(std::string("\x00\x01\x02garbage", 10)));
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += "<a>";
  for (int i = 0; i < 500; ++i) deep += "</a>";
  auto r = ParseXml(deep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("nesting"), std::string::npos);
  XmlLimits small;
  small.max_bytes = 10;
  EXPECT_FALSE(ParseXml("<a>0123456789</a>", nullptr, small));
}

}  // namespace
}  // namespace qx::agent
