#include "qx/core/text.h"

#include <gtest/gtest.h>

namespace qx {
namespace {

TEST(TextTest, FoldsAsciiAzerbaijaniAndCyrillic) {
  EXPECT_EQ(FoldCase("Security POLICY"), "security policy");
  EXPECT_EQ(FoldCase("TƏHLÜKƏSİZLİK ŞƏBƏKƏ ÇIXIŞ ĞÖ"), "təhlükəsizlik şəbəkə çixiş ğö");
  EXPECT_EQ(FoldCase("БЕЗОПАСНОСТЬ Ёж"), "безопасность ёж");
  EXPECT_EQ(FoldCase("ÇIXIŞ"), FoldCase("çıxış"));
  EXPECT_EQ(FoldCase("Łódź Ÿ"), "łódź ÿ");
}

TEST(TextTest, LeavesOtherTextAndBadBytesAlone) {
  EXPECT_EQ(FoldCase("日本 ✓ 123"), "日本 ✓ 123");
  EXPECT_EQ(FoldCase(std::string("a\xC3") + "B"), std::string("a\xC3") + "b");
  EXPECT_EQ(FoldCase("\xC0\x80"), "\xC0\x80");  // overlong NUL stays as it is
  EXPECT_EQ(FoldCase("×"), "×");
}

}  // namespace
}  // namespace qx
