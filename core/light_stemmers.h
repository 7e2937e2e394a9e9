// Light suffix-stripping stemmers for languages Xapian 1.4 has no Snowball stemmer for.
//
// "Light" means they remove inflectional endings only (case, number, common verb endings) and leave
// a stem of a minimum length, so that different forms of one word meet while different words rarely
// do. Each works on lower-cased NFC text, one word at a time, in code points.
#pragma once

#include <string>
#include <string_view>

namespace kb::stemmers {

// Latvian: K. Kreslins' rules ("A stemming algorithm for Latvian", 1996) as used by Lucene's light
// Latvian stemmer: noun and adjective endings by vowel count, then undo consonant palatalisation
// (ļ -> l, ņ -> n, šņ -> sn ...) so that "pasūtījumu", "pasūtījums" and "pasūtījumā" share a stem.
std::u32string latvian(std::u32string word);

// Hindi: A. Ramanathan and D. Rao, "A Lightweight Stemmer for Hindi" (2003): longest matching suffix
// of five, four, three, two or one letters, keeping a stem of at least two letters.
std::u32string hindi(std::u32string word);

// Telugu: postpositions written as suffixes (-లో, -కు, -ని, -తో, -నుంచి ...), then the plural -లు/-ల,
// then the oblique and nominative endings (-ం, -ము, -ాన్ని) so that అనుభవం, అనుభవంలో, అనుభవాన్ని meet.
std::u32string telugu(std::u32string word);

// Punjabi (Gurmukhi): plural and oblique noun endings (-ਿਆਂ, -ੀਆਂ, -ਾਂ, -ੇ ...) and common verb
// endings (-ਣਾ/-ਨਾ, -ਦਾ, -ਦੀ, -ਿਆ ...), after the noun and verb suffix lists of V. Gupta and G. S. Lehal's
// Punjabi stemmer (2011), keeping a stem of at least two letters.
std::u32string punjabi(std::u32string word);

using LightStemmer = std::u32string (*)(std::u32string);

// The light stemmer for a primary language subtag ("lv", "hi", "te", "pa"), or nullptr.
LightStemmer light_stemmer_for(std::string_view primary_language);

}  // namespace kb::stemmers
