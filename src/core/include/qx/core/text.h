// Text helpers for search: case folding of UTF-8 for the scripts Qalxan's users write in
// (Latin with Azerbaijani letters, Cyrillic). Pure.
#pragma once

#include <string>
#include <string_view>

namespace qx {

// Lower-cases ASCII, Latin-1, Latin Extended-A (Ç Ğ İ Ö Ş Ü ...), Ə and Cyrillic (А-Я, Ё, Ѐ-Џ);
// other characters and invalid bytes pass through unchanged. İ and ı fold to plain i, so that
// "ÇIXIŞ", "çıxış" and "Çixiş" all match whichever way a user types the dotless i.
std::string FoldCase(std::string_view utf8);

}  // namespace qx
