// Stop words: the function words of a language, left out of queries (never out of the index, so
// phrase searches still match them).
#pragma once

#include <memory>
#include <string_view>

#include <xapian.h>

namespace kb {

// The stop words of a BCP 47 language's primary subtag, or nullptr when kb has no list for it.
// Lists are short on purpose: question words and particles customers type around their real words
// ("how do I reset my router"), not every frequent word.
std::unique_ptr<Xapian::Stopper> stopper_for(std::string_view language);

}  // namespace kb
