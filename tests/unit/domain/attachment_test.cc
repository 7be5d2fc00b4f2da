#include "qx/domain/attachment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace qx::domain {
namespace {

std::string Why(const Result<std::string>& r) { return r ? std::string("accepted") : r.error().message; }

TEST(CheckFileNameTest, AcceptsOrdinaryAndUnicodeNames) {
  EXPECT_EQ(*CheckFileName("edr-export 2026.log"), "edr-export 2026.log");
  EXPECT_EQ(*CheckFileName("hadisə.txt"), "hadisə.txt");
  EXPECT_EQ(*CheckFileName("отчёт.pdf"), "отчёт.pdf");
  EXPECT_TRUE(CheckFileName(std::string(kMaxFileNameBytes, 'a')));
}

TEST(CheckFileNameTest, RejectsWhatCannotBeShownOrSavedSafely) {
  EXPECT_EQ(Why(CheckFileName("")), "a file name is required");
  EXPECT_EQ(Why(CheckFileName(std::string(kMaxFileNameBytes + 1, 'a'))), "the file name is longer than 200 bytes");
  EXPECT_EQ(Why(CheckFileName("../etc/passwd")), "the file name must not start with a dot or a space");
  EXPECT_EQ(Why(CheckFileName(".htaccess")), "the file name must not start with a dot or a space");
  EXPECT_EQ(Why(CheckFileName(" x")), "the file name must not start with a dot or a space");
  EXPECT_EQ(Why(CheckFileName("logs/a.txt")), "the file name must not hold a path");
  EXPECT_EQ(Why(CheckFileName("c:\\a.txt")), "the file name must not hold a path");
  EXPECT_EQ(Why(CheckFileName("a\r\nSet-Cookie: x")), "the file name must not hold control characters");
  EXPECT_EQ(Why(CheckFileName(std::string("a\0b", 3))), "the file name must not hold control characters");
  EXPECT_EQ(Why(CheckFileName("a\x7F.txt")), "the file name must not hold control characters");
  EXPECT_EQ(Why(CheckFileName("a\xC2\x85.txt")), "the file name must not hold control characters");  // NEL
  EXPECT_EQ(Why(CheckFileName("invoice\xE2\x80\xAE" "fdp.exe")), "the file name must not hold control characters");
  EXPECT_EQ(Why(CheckFileName("a\xE2\x81\xA6" "b.txt")), "the file name must not hold control characters");
  EXPECT_EQ(Why(CheckFileName("a\xE2\x80\x8F" "b.txt")), "the file name must not hold control characters");
  EXPECT_EQ(Why(CheckFileName("a\".txt")), "the file name must not hold quotes or ';'");
  EXPECT_EQ(Why(CheckFileName("a;b.txt")), "the file name must not hold quotes or ';'");
  EXPECT_EQ(Why(CheckFileName("\xC3(.txt")), "the file name is not valid UTF-8");
  EXPECT_EQ(Why(CheckFileName("a\xE2\x82")), "the file name is not valid UTF-8");
  EXPECT_EQ(Why(CheckFileName("\xC0\xAF.txt")), "the file name is not valid UTF-8");  // overlong '/'
  EXPECT_EQ(Why(CheckFileName("\xED\xA0\x80.txt")), "the file name is not valid UTF-8");  // surrogate
}

TEST(NormaliseMediaTypeTest, KeepsTypeAndSubtypeLowercased) {
  EXPECT_EQ(*NormaliseMediaType(""), "application/octet-stream");
  EXPECT_EQ(*NormaliseMediaType("  "), "application/octet-stream");
  EXPECT_EQ(*NormaliseMediaType("Text/Plain; charset=utf-8"), "text/plain");
  EXPECT_EQ(*NormaliseMediaType("application/vnd.tcpdump.pcap"), "application/vnd.tcpdump.pcap");
  EXPECT_EQ(*NormaliseMediaType("image/svg+xml"), "image/svg+xml");
}

TEST(NormaliseMediaTypeTest, RejectsWhatIsNotAMediaType) {
  for (const char* bad : {"text", "/plain", "text/", "text/plain/x", "text/pl ain", "text/<b>", "a/b\r\nX: y"}) {
    EXPECT_FALSE(NormaliseMediaType(bad)) << bad;
  }
  EXPECT_FALSE(NormaliseMediaType("a/" + std::string(100, 'b')));
}

// What filename*= says, percent-decoded, with the header checked to be one safe line: printable
// ASCII only, the fallback a quoted-string with exactly its two quotes, nothing after filename*.
std::string DecodedName(const std::string& header) {
  for (char c : header) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 && u < 0x7F) << "byte " << int(u) << " in " << header;
  }
  EXPECT_EQ(header.rfind("attachment; filename=\"", 0), 0u) << header;
  EXPECT_EQ(std::count(header.begin(), header.end(), '"'), 2) << header;
  const std::string marker = "\"; filename*=UTF-8''";
  const std::size_t at = header.find(marker);
  if (at == std::string::npos) return "<no filename*>";
  const std::string value = header.substr(at + marker.size());
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool attr = std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    if (c == '%' && i + 2 < value.size() && std::isxdigit(static_cast<unsigned char>(value[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(value[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(value.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      EXPECT_TRUE(attr) << "'" << c << "' is not an RFC 5987 attr-char in " << header;
      out.push_back(c);
    }
  }
  return out;
}

TEST(AttachmentDispositionTest, HostileNamesNeverBreakTheHeader) {
  struct Case {
    std::string name, fallback, decoded;
  };
  const std::vector<Case> cases = {
      {"a\"b\\c.txt", "a_b_c.txt", "a\"b_c.txt"},
      {"a\r\nSet-Cookie: x=1", "a__Set-Cookie: x=1", "a__Set-Cookie: x=1"},
      {std::string("a\0b.txt", 7), "a_b.txt", "a_b.txt"},
      {"../../etc/passwd", ".._.._etc_passwd", ".._.._etc_passwd"},
      {"it's; name*=x.txt", "it's; name*=x.txt", "it's; name*=x.txt"},
      {"\xC3(.txt", "_(.txt", "_(.txt"},                            // not UTF-8
      {"\xC2\x85x\xE2\x80\xAE" "fdp.exe", "_x_fdp.exe", "_x_fdp.exe"},  // NEL, right-to-left override
      {"", "download", "download"},
  };
  for (const auto& c : cases) {
    const std::string h = AttachmentDisposition(c.name);
    EXPECT_NE(h.find("filename=\"" + c.fallback + "\";"), std::string::npos) << h;
    EXPECT_EQ(DecodedName(h), c.decoded) << h;
  }
  // Long names in Azerbaijani and Russian come back whole; the fallback has one '_' per letter.
  const std::string az = "Kritik_infrastruktur_obyektinin_təhlükəsizlik_qiymətləndirilməsi_hesabatı_2026_əlavə_ş.pdf";
  const std::string ru = "Отчёт_об_оценке_защищённости_объекта_критической_инфраструктуры.pdf";
  EXPECT_EQ(DecodedName(AttachmentDisposition(az)), az);
  EXPECT_EQ(DecodedName(AttachmentDisposition(ru)), ru);
  EXPECT_NE(AttachmentDisposition(ru).find("filename=\"_____"), std::string::npos);
  EXPECT_NE(AttachmentDisposition("ə.pdf").find("filename=\"_.pdf\""), std::string::npos);
}

TEST(AttachmentDispositionTest, AsciiFallbackAndEncodedUtf8Name) {
  EXPECT_EQ(AttachmentDisposition("edr log.txt"),
            "attachment; filename=\"edr log.txt\"; filename*=UTF-8''edr%20log.txt");
  EXPECT_EQ(AttachmentDisposition("hadisə.txt"),
            "attachment; filename=\"hadis_.txt\"; filename*=UTF-8''hadis%C9%99.txt");
  EXPECT_EQ(AttachmentDisposition("100%.txt"),
            "attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt");
}

}  // namespace
}  // namespace qx::domain
