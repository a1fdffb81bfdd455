#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "kgrep/core.h"

namespace kgrep {

std::string slugify(std::string_view name) {
  // Decompose so that accents become separate marks we can drop ("Tülu" -> "tulu").
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  if (U_SUCCESS(status)) text = nfkd->normalize(text, status);
  text.foldCase();

  std::string slug;
  bool pending_dash = false;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK) continue;
    if (c < 0x80 && (std::isalnum(static_cast<unsigned char>(c)) != 0)) {
      if (pending_dash && !slug.empty()) slug += '-';
      pending_dash = false;
      slug += static_cast<char>(c);
    } else if (c >= 0x80 && u_isalnum(c)) {
      // Keep non-Latin letters readable rather than dropping them: encode as u+hex.
      if (pending_dash && !slug.empty()) slug += '-';
      pending_dash = false;
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "u%04x", static_cast<unsigned>(c));
      slug += buffer;
    } else {
      pending_dash = true;
    }
  }
  return slug;
}

}  // namespace kgrep
