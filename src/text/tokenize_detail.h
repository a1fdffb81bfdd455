// The tokenizer's two ways through a text (internal to the text stage; the
// tests compare them).
#pragma once

#include <string_view>
#include <vector>

#include "kgrep/text.h"

namespace kgrep::text_detail {

// tokenize_into(); `by_blocks` false reads one character at a time only, the
// same tokens that blocks of 64 ASCII bytes give faster.
void tokenize_into(std::string_view normalized, std::vector<Token>& tokens, FoldedText& folds, bool by_blocks);

}  // namespace kgrep::text_detail
