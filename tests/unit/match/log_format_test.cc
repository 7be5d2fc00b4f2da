#include "qx/match/log_format.h"

#include <gtest/gtest.h>

namespace qx::match {
namespace {

size_t At(std::string_view line, std::string_view value) { return line.find(value); }

TEST(LogFormatTest, NamesFieldsOfEachFormat) {
  const std::string nginx = R"(45.1.2.3 - - [01/Oct/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "https://evil.top/x" "curl/8")";
  EXPECT_EQ(FieldAt(nginx, 0, nullptr), "nginx:client");
  EXPECT_EQ(FieldAt(nginx, At(nginx, "evil.top"), nullptr), "nginx:referer");
  const std::string bind = "01-Oct-2024 00:00:00.000 queries: info: client @0x7f 10.0.0.1#5353 (evil.top): query: evil.top IN A + (10.0.0.2)";
  EXPECT_EQ(FieldAt(bind, At(bind, "10.0.0.1"), nullptr), "bind:client");
  EXPECT_EQ(FieldAt(bind, bind.rfind("evil.top"), nullptr), "bind:query");
  EXPECT_EQ(FieldAt(bind, At(bind, "10.0.0.2"), nullptr), "bind:server");
  const std::string squid = "1727740800.123    120 10.0.0.1 TCP_MISS/200 512 GET http://evil.top/x - HIER_DIRECT/9.9.9.9 text/html";
  EXPECT_EQ(FieldAt(squid, At(squid, "http://"), nullptr), "squid:url");
  EXPECT_EQ(FieldAt(squid, At(squid, "9.9.9.9"), nullptr), "squid:peer");
  const std::string syslog = "Oct  1 00:00:00 web01 edr-agent[42]: event=exec md5=abc sha1=def";
  EXPECT_EQ(FieldAt(syslog, At(syslog, "def"), nullptr), "syslog:sha1");
  const std::string json = R"({"src": {"ip": "45.1.2.3"}, "dns": {"qname": "evil.top"}})";
  EXPECT_EQ(FieldAt(json, At(json, "evil.top"), nullptr), "json:dns.qname");
  EXPECT_EQ(FieldAt("plain text evil.top", 11, nullptr), "text:token");
}

TEST(LogFormatTest, ZeekColumnsFromHeaderOrDefaultLayout) {
  const auto header = ParseZeekFieldsLine("#fields\tts\tuid\tid.orig_h\tid.resp_h");
  ASSERT_TRUE(header);
  EXPECT_EQ(FieldAt("1.0\tC1\t10.0.0.1\t45.1.2.3", 16, &*header), "zeek:id.resp_h");
  std::string conn = "1.0\tC1\t10.0.0.1\t1\t45.1.2.3";
  for (int i = 5; i < 21; ++i) conn += "\t-";
  EXPECT_EQ(FieldAt(conn, At(conn, "45.1.2.3"), nullptr), "zeek:id.resp_h");
  const auto http = ParseZeekFieldsLine("#fields\tts\thost\turi");
  ASSERT_TRUE(http);
  const auto layout = HttpLayoutOf(*http);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->host, 1);
  EXPECT_EQ(layout->uri, 2);
  EXPECT_FALSE(HttpLayoutOf(*header));
}

}  // namespace
}  // namespace qx::match
