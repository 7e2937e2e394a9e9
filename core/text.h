// Text normalisation shared by indexing and querying: UTF-8 checks, Unicode NFC, ids, stemmers.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace kb::text {

bool is_valid_utf8(std::string_view s);

// Unicode NFC (ICU). Without it "ਸ਼" (one code point) and "ਸ" + "਼" never match.
// Invalid UTF-8 sequences are replaced by U+FFFD.
std::string nfc(std::string_view s);

// Lower-cases with ICU's root locale rules (every script, not only ASCII).
std::string lower(std::string_view s);

// Text for HTML element content and quoted attribute values: & < > " ' escaped.
std::string escape_html(std::string_view text);

// An HTML id / URL fragment for a heading: lower-cased, letters, marks and digits of any script kept,
// every other run of characters turned into one '-'. "Before you start!" -> "before-you-start".
std::string anchor_id(std::string_view heading_text);

// Removes accents from Latin letters only ("pasūtījumu" -> "pasutijumu", "ß" -> "ss"). Marks on
// other scripts are letters, not accents: stripping them would destroy Indic words (రద్దు -> రదదు).
std::string fold_latin_accents(std::string_view word);

// Whether a stemmer reduces inflected forms (the product) or keeps words whole (a baseline for
// measuring what stemming brings).
enum class Stemming { kLanguage, kNone };

// The stemmer for a BCP 47 language code: Xapian's Snowball stemmer for its primary subtag where
// there is one, else our light stemmer (Latvian, Hindi, Telugu, Punjabi), else whole words; the stem
// then has Latin accents folded. Every document gets "Z" stem terms, so a query in any language can
// use STEM_SOME and match across accents and word forms. A new object per call, which remembers the
// words it stemmed: never share one between threads (Xapian objects are not shared anyway).
Xapian::Stem stemmer_for(std::string_view language, Stemming stemming = Stemming::kLanguage);

// The language's own name for itself ("te" -> "తెలుగు", "lv" -> "latviešu"), capitalised as a label.
std::string language_name(std::string_view language);
// True for languages written right to left (ar, he, fa, ur, ...): pages set dir="rtl".
bool is_right_to_left(std::string_view language);

// A stable 64-bit fingerprint (xxHash's XXH3, whose output is frozen) as 16 hex digits: unlike
// std::hash, the same on every run and machine. It hashes every article body of every build and every
// response's ETag, at several GB/s; the byte-wise FNV-1a it replaced was a twentieth of a one-article
// rebuild.
std::string fingerprint(std::string_view s);

}  // namespace kb::text
