// Every pattern of STIX 2.1 part 9 (sections 9.1 to 9.8), and the patterns the OASIS pattern
// validator (cti-pattern-validator, v21 tests) expects to pass: each parses, and printing it
// gives text that parses to the same AST.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "qx/stix/pattern.h"
#include "stix_test_util.h"

namespace qx::stix {
namespace {

using testing::MustParse;

// Spec text as printed (not JSON-encoded): a backslash in the text is a backslash here.
const std::vector<std::string> kSpecPatterns = {
    // 9.1 Definitions.
    R"([ipv4-addr:value = '203.0.113.1' OR ipv4-addr:value = '203.0.113.2'])",
    R"(([ipv4-addr:value = '198.51.100.5'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.10']))",
    R"(([ipv4-addr:value = '198.51.100.5' ] AND [ipv4-addr:value = '198.51.100.10']) WITHIN 300 SECONDS)",
    R"([file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z')",
    R"([ipv4-addr:value = '198.51.100.5'] AND [ ipv4-addr:value = '198.51.100.10'])",
    R"([file:size = 25536])",
    // 9.3 STIX Patterns.
    R"([ipv4-addr:value = '198.51.100.1/32'])",
    R"([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'])",
    R"([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] REPEATS 5 TIMES)",
    R"(([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] FOLLOWEDBY [domain-name:value = 'example.com']) WITHIN 600 SECONDS)",
    // 9.5 Observation Expressions.
    R"([ network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58' ])",
    // 9.5.1 Qualifiers.
    R"(([file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'] AND [windows-registry-key:key = 'hkey']) WITHIN 120 SECONDS)",
    // 9.6.1 Comparison Operators (each example inside an observation expression).
    R"([file:name = 'foo.dll'])",
    R"([file:size != 4112])",
    R"([file:size > 256])",
    R"([file:size < 1024])",
    R"([file:size <= 25145])",
    R"([file:size >= 33312])",
    R"([process:name IN ('proccy', 'proximus', 'badproc')])",
    R"([directory:path LIKE 'C:\\Windows\\%\\foo'])",
    R"([directory:path MATCHES '^C:\\\\Windows\\w+$'])",
    R"([ipv4-addr:value ISSUBSET '198.51.100.0/24'])",
    R"([ipv4-addr:value ISSUPERSET '198.51.100.0/24'])",
    R"([EXISTS windows-registry-key:values])",
    // 9.6.4 Native Format Comparison.
    R"([artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q='])",
    R"([artifact:payload_bin = 'this is a test'])",
    R"([artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q='])",
    R"([artifact:payload_bin = h'7468697320697320612074657374'])",
    // 9.2 Constants (examples b'ABI=', h'ffc3', t'2014-01-13T07:03:17Z').
    R"([artifact:payload_bin = b'ABI='])",
    R"([file:magic_number_hex = h'ffc3'])",
    R"([file:created = t'2014-01-13T07:03:17Z'])",
    // 9.7 Object Path Syntax.
    R"([EXISTS file:size])",
    R"([EXISTS file:extensions.'windows-pebinary-ext'.sections[*].entropy])",
    R"([EXISTS network-traffic:protocols[0]])",
    R"([EXISTS file:hashes.ssdeep])",
    R"([EXISTS file:extensions.'raster-image-ext'.image_height])",
    R"([EXISTS email-message:from_ref.value])",
    R"([EXISTS directory:contains_refs[*].name])",
    // 9.8 Examples.
    R"([file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'])",
    R"([email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$'])",
    R"([file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf'])",
    "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' "
    "OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']\nAND [file:hashes.'SHA-256' = "
    "'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    R"(([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) WITHIN 300 SECONDS)",
    R"([user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary'])",
    R"([artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\xd4\\xc3\\xb2\\xa1\\x02\\x00\\x04\\x00'])",
    R"([file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\Windows\\System32'])",
    R"([file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0])",
    R"([file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8'])",
    R"([network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32'])",
    R"([network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS)",
    R"([domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32'])",
    R"([url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar'])",
    R"([x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28'])",
    R"([windows-registry-key:key = 'HKEY_CURRENT_USER\\Software\\CryptoLocker\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\Software\\Microsoft\\CurrentVersion\\Run\\CryptoLocker_0388'])",
    R"([(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z'])",
    R"([email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info'])",
    R"([x-usb-device:usbdrive.serial_number = '575833314133343231313937'])",
    R"([process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS)",
    R"([network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64'])",
    R"(([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) OR [process:image_ref.name = 'fooproc' OR process:image_ref.name = 'procfoo'])",
};

// PASS_CASES of cti-pattern-validator's v21 tests (the two with repeated qualifiers on one
// parenthesized expression are in pattern_error_test.cc: Qalxan rejects one of them).
const std::vector<std::string> kValidatorPassPatterns = {
    "[file:size = 1280]",
    "[file:size != 1280]",
    "[file:size < 1024]",
    "[file:size <= 1024]",
    "[file:size > 1024]",
    "[file:size >= 1024]",
    "[file:file_name = 'my_file_name']",
    "[file:extended_properties.'ntfs-ext'.sid = '234']",
    R"([emailaddr:value MATCHES '.+\\@ibm\\.com$' OR file:name MATCHES '^Final Report.+\\.exe$'])",
    "[ipv4addr:value ISSUBSET '192.168.0.1/24']",
    "[ipv4addr:value NOT ISSUBSET '192.168.0.1/24']",
    "[user-account:value = 'Peter'] AND [user-account:value != 'Paul'] AND "
    "[user-account:value = 'Mary'] WITHIN 5 SECONDS",
    "[file:file_system_properties.file_name LIKE 'name%']",
    "[file:file_name IN ('test.txt', 'test2.exe', 'README')]",
    "[file:size IN (1024, 2048, 4096)]",
    "[network-connection:extended_properties[0].source_payload MATCHES 'dGVzdHRlc3R0ZXN0']",
    R"([win-registry-key:key = 'hkey_local_machine\\foo\\bar'] WITHIN 5 SECONDS)",
    "[x_whatever:detected == t'2018-03-22T12:11:14.1Z']",
    "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
    "[foo:bar=1] REPEATS 9 TIMES",
    "[network-traffic:start = '2018-04-20T12:36:24.558Z']",
    "( [(network-traffic:dst_port IN(443,6443,8443) AND network-traffic:src_packets != 0) ])",
    R"(([win-registry-key:key = 'hkey_local_machine\\foo\\bar'] REPEATS 2 TIMES) REPEATS 2 TIMES)",
    "[network-traffic:src_port = 37020 AND network-traffic:dst_port = 22] "
    "START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR "
    "[ipv4-addr:value = '192.168.122.83'] "
    "START t'2016-06-01T03:55:00.123Z' STOP t'2016-06-01T04:30:24.743Z'",
};

class SpecPatternTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SpecPatternTest, ParsesAndRoundTrips) {
  const Pattern pattern = MustParse(GetParam());
  const std::string printed = PrintPattern(pattern);
  const Pattern reparsed = MustParse(printed);
  EXPECT_EQ(reparsed, pattern) << printed;
  EXPECT_EQ(PrintPattern(reparsed), printed);
  EXPECT_FALSE(ListComparisons(pattern).empty());
}

INSTANTIATE_TEST_SUITE_P(Spec21Part9, SpecPatternTest, ::testing::ValuesIn(kSpecPatterns));
INSTANTIATE_TEST_SUITE_P(OasisValidatorPassCases, SpecPatternTest,
                         ::testing::ValuesIn(kValidatorPassPatterns));

// Property: a mutated pattern either fails with an error inside the text, or parses to an AST
// that prints to text which parses back to the same AST. Seeded, so failures reproduce.
TEST(SpecPatternTest, MutatedPatternsFailCleanlyOrRoundTrip) {
  static constexpr std::string_view kAlphabet =
      "[]()':.,*=!<>-+/ \n\\0123456789abthxz_AND OR NOT IN LIKE EXISTS WITHIN SECONDS";
  std::mt19937 rng(20240611);
  size_t parsed = 0;
  size_t failed = 0;
  for (const std::string& original : kSpecPatterns) {
    for (int round = 0; round < 150; ++round) {
      std::string text = original;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        const size_t at = rng() % text.size();
        switch (rng() % 3) {
          case 0:
            text.erase(at, 1 + rng() % 4);
            break;
          case 1:
            text.insert(at, 1, kAlphabet[rng() % kAlphabet.size()]);
            break;
          default:
            text[at] = kAlphabet[rng() % kAlphabet.size()];
        }
      }
      auto result = ParsePattern(text);
      if (!result) {
        ++failed;
        const std::string& message = result.error().message;
        ASSERT_EQ(message.rfind("at offset ", 0), 0u) << text << "\n" << message;
        EXPECT_LE(std::stoul(message.substr(10)), text.size()) << text << "\n" << message;
        continue;
      }
      ++parsed;
      const std::string printed = PrintPattern(*result);
      auto reparsed = ParsePattern(printed);
      ASSERT_TRUE(reparsed) << text << "\nprinted: " << printed << "\n" << reparsed.error().message;
      EXPECT_EQ(*reparsed, *result) << text << "\nprinted: " << printed;
    }
  }
  // Both outcomes occur, so the property is exercised on both sides.
  EXPECT_GT(parsed, 100u);
  EXPECT_GT(failed, 1000u);
}

}  // namespace
}  // namespace qx::stix
