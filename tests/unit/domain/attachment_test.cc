#include "qx/domain/attachment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "disposition_name.h"

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
    EXPECT_EQ(qx::testing::DispositionName(h), c.decoded) << h;
  }
  // Long names in Azerbaijani and Russian come back whole; the fallback has one '_' per letter.
  const std::string az = "Kritik_infrastruktur_obyektinin_təhlükəsizlik_qiymətləndirilməsi_hesabatı_2026_əlavə_ş.pdf";
  const std::string ru = "Отчёт_об_оценке_защищённости_объекта_критической_инфраструктуры.pdf";
  EXPECT_EQ(qx::testing::DispositionName(AttachmentDisposition(az)), az);
  EXPECT_EQ(qx::testing::DispositionName(AttachmentDisposition(ru)), ru);
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
