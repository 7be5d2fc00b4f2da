// ValidateObject: the cyber-observable objects indicators and sightings use (spec section 6).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "object_test_util.h"
#include "qx/stix/object.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::ErrorOf;
using ::testing::HasSubstr;
using testing::Json;
using testing::Sco;

std::string ErrorFor(const boost::json::value& o) { return ErrorOf(ValidateObject(o)); }

void ExpectValid(const boost::json::value& v) {
  auto s = ValidateObject(v);
  EXPECT_TRUE(s) << s.error().message << "\n" << boost::json::serialize(v);
}

std::string Label(const std::string& type) {
  return type + "--28bb3599-77cd-5a82-a950-b5bc3caf07c4: ";
}

boost::json::object WithValue(const std::string& type, boost::json::value value) {
  boost::json::object o = Sco(type);
  o["value"] = std::move(value);
  return o;
}

TEST(ScoValidationTest, ValueObjectsRequireTheirValue) {
  for (const char* type :
       {"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "mac-addr"}) {
    EXPECT_EQ(ErrorFor(Sco(type)), Label(type) + "'value' is required") << type;
  }
  ExpectValid(WithValue("domain-name", "example.com"));
  ExpectValid(WithValue("url", "https://example.com/research/index.html"));
  ExpectValid(WithValue("email-addr", "john@example.com"));
  EXPECT_EQ(ErrorFor(WithValue("domain-name", "")),
            Label("domain-name") + "'value' must not be empty");
  EXPECT_EQ(ErrorFor(WithValue("url", 5)),
            Label("url") + "'value' must be a string, found a number");
  EXPECT_EQ(ErrorFor(WithValue("email-addr", "john at example.com")),
            Label("email-addr") + "'value' must be an email address, found 'john at example.com'");
}

TEST(ScoValidationTest, IpAddressesMustBeAddressesOrCidrs) {
  for (const char* v : {"198.51.100.3", "198.51.100.0/24", "0.0.0.0/0", "255.255.255.255/32"}) {
    ExpectValid(WithValue("ipv4-addr", v));
  }
  for (const char* v : {"198.51.100", "198.51.100.256", "198.51.100.03", "198.51.100.0/33",
                        "198.51.100.0/", "::1", " 198.51.100.3", "198.51.100.3.4"}) {
    EXPECT_EQ(ErrorFor(WithValue("ipv4-addr", v)),
              Label("ipv4-addr") + "'value' must be an IPv4 address or CIDR, found '" + v + "'");
  }
  for (const char* v : {"2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8::/96", "::", "::1",
                        "fe80::", "::ffff:192.0.2.1", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8/128"}) {
    ExpectValid(WithValue("ipv6-addr", v));
  }
  for (const char* v : {"2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "12345::", "g::1",
                        ":1::", "1:2:3:4:5:6:7", "::1/129", "fe80::1%eth0", "198.51.100.3", ""}) {
    EXPECT_FALSE(ValidateObject(WithValue("ipv6-addr", v))) << v;
  }
}

TEST(ScoValidationTest, MacAddressesAreLowerCaseColonDelimited) {
  ExpectValid(WithValue("mac-addr", "d2:fb:49:24:37:18"));
  for (const char* v :
       {"D2:FB:49:24:37:18", "d2-fb-49-24-37-18", "d2:fb:49:24:37:1", "d2fb.4924.3718"}) {
    EXPECT_THAT(ErrorFor(WithValue("mac-addr", v)), HasSubstr("'value' must be a lower-case")) << v;
  }
}

TEST(ScoValidationTest, FileNeedsHashesOrNameAndValidDigests) {
  boost::json::object file = Sco("file");
  EXPECT_EQ(ErrorFor(file), Label("file") + "one of 'hashes', 'name' is required");
  file["name"] = "foo.dll";
  ExpectValid(file);
  file["hashes"] =
      Json(R"({"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b",
                            "MD5": "79054025255FB1A26E4BC422AEF54EB4",
                            "ssdeep": "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
                            "x_custom-algo": "anything"})");
  ExpectValid(file);
  file["hashes"] = Json(R"({"SHA-256": "6db12788"})");
  EXPECT_EQ(ErrorFor(file),
            Label("file") + "'hashes.SHA-256' must be 64 hex digits, found '6db12788'");
  file["hashes"] = Json(R"({"SHA-1": "zz2c9bf3a6c0d85b3cd84a2d0c86d5ad8dd0d4c2e"})");
  EXPECT_THAT(ErrorFor(file), HasSubstr("'hashes.SHA-1' must be 40 hex digits"));
  file["hashes"] = Json(R"({"SHA 256": "x"})");
  EXPECT_EQ(ErrorFor(file), Label("file") + "'hashes' has an invalid algorithm name 'SHA 256'");
  file["hashes"] = Json(R"({"MD5": ""})");
  EXPECT_EQ(ErrorFor(file), Label("file") + "'hashes.MD5' must be a non-empty string");
  file["hashes"] = Json("{}");
  EXPECT_EQ(ErrorFor(file), Label("file") + "'hashes' must not be an empty dictionary");
  file.erase("hashes");
  file["size"] = -1;
  EXPECT_THAT(ErrorFor(file), HasSubstr("'size' must be an integer from 0 to"));
}

TEST(ScoValidationTest, NetworkTrafficNeedsProtocolsAndAnEndpoint) {
  boost::json::object o = Sco("network-traffic");
  o["protocols"] = boost::json::array{"ipv4", "tcp"};
  EXPECT_EQ(ErrorFor(o), Label("network-traffic") + "one of 'src_ref', 'dst_ref' is required");
  o["dst_ref"] = "ipv4-addr--6da8dad3-4de3-5f8e-ab23-45d0b8f12f16";
  o["dst_port"] = 443;
  ExpectValid(o);
  o["dst_port"] = 65536;
  EXPECT_EQ(ErrorFor(o),
            Label("network-traffic") + "'dst_port' must be an integer from 0 to 65535");
  o.erase("protocols");
  o["dst_port"] = 80;
  EXPECT_EQ(ErrorFor(o), Label("network-traffic") + "'protocols' is required");
}

TEST(ScoValidationTest, ObjectsWithoutRequiredPropertiesNeedAtLeastOne) {
  EXPECT_EQ(ErrorFor(Sco("process")),
            Label("process") + "a process must have at least one of its properties");
  boost::json::object process = Sco("process");
  process["pid"] = 1221;
  process["command_line"] = "./gedit-bin --new-window";
  ExpectValid(process);
  EXPECT_THAT(ErrorFor(Sco("x509-certificate")), HasSubstr("at least one of its properties"));
  boost::json::object cert = Sco("x509-certificate");
  cert["issuer"] = "C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc";
  ExpectValid(cert);
  boost::json::object account = Sco("user-account");
  account["user_id"] = "1001";
  account["account_login"] = "jdoe";
  account["is_privileged"] = "no";
  EXPECT_EQ(ErrorFor(account),
            Label("user-account") + "'is_privileged' must be a boolean, found a string");
}

TEST(ScoValidationTest, OtherScosRequiredProperties) {
  EXPECT_EQ(ErrorFor(Sco("mutex")), Label("mutex") + "'name' is required");
  EXPECT_EQ(ErrorFor(Sco("software")), Label("software") + "'name' is required");
  EXPECT_EQ(ErrorFor(Sco("directory")), Label("directory") + "'path' is required");
  EXPECT_EQ(ErrorFor(Sco("autonomous-system")),
            Label("autonomous-system") + "'number' is required");
  EXPECT_EQ(ErrorFor(Sco("email-message")), Label("email-message") + "'is_multipart' is required");
  boost::json::object email = Sco("email-message");
  email["is_multipart"] = false;
  email["body_multipart"] = Json(R"([{"content_type": "text/plain", "body": "x"}])");
  EXPECT_EQ(
      ErrorFor(email),
      Label("email-message") + "'body_multipart' must not be present when 'is_multipart' is false");
  EXPECT_EQ(ErrorFor(Sco("artifact")),
            Label("artifact") + "exactly one of 'payload_bin' and 'url' is required");
  boost::json::object artifact = Sco("artifact");
  artifact["payload_bin"] = "not base64!";
  EXPECT_EQ(ErrorFor(artifact), Label("artifact") + "'payload_bin' must be base64 (RFC 4648)");
  artifact["payload_bin"] = "dGhpcyBpcyBhIHRlc3Q=";
  ExpectValid(artifact);
  artifact.erase("payload_bin");
  artifact["url"] = "https://example.com/sample";
  EXPECT_EQ(ErrorFor(artifact), Label("artifact") + "'hashes' is required when 'url' is present");
}

TEST(ScoValidationTest, CommonScoProperties) {
  boost::json::object o = WithValue("domain-name", "example.com");
  o["spec_version"] = "2.1";
  o["defanged"] = true;
  o["object_marking_refs"] =
      boost::json::array{"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"};
  o["extensions"] = Json(R"({"x-acme-whois": {"registrar": "ACME"}})");
  ExpectValid(o);
  o["defanged"] = "yes";
  EXPECT_EQ(ErrorFor(o), Label("domain-name") + "'defanged' must be a boolean, found a string");
  o = WithValue("domain-name", "example.com");
  o["id"] = "domain-name--28bb3599";
  EXPECT_EQ(ErrorFor(o),
            "domain-name: 'id' must be 'domain-name--<RFC 4122 UUID>', found "
            "'domain-name--28bb3599'");
}

}  // namespace
}  // namespace qx::stix
