// THE index schema: term prefixes, value slots, metadata keys, field weights, query-parser set-up.
//
// Do not renumber or rename anything here: it is stored in built indexes. Any change that alters what
// an index holds must bump kSchemaVersion; kb-serve refuses an index of another version.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include <xapian.h>

namespace kb::schema {

inline constexpr int kSchemaVersion = 4;  // 2: short codes, slug history, order; 3: result cards; 4: snippet text in the card

// Term prefixes. Omega's standard letters where one fits, X... for the rest.
inline constexpr std::string_view kIdPrefix = "Q";               // Q<language>/<slug>: article identity
inline constexpr std::string_view kTitlePrefix = "S";            // title words
inline constexpr std::string_view kLanguagePrefix = "L";         // boolean: language code
inline constexpr std::string_view kTagPrefix = "K";              // boolean: tag
inline constexpr std::string_view kProductPrefix = "XP";         // boolean: product SKU
inline constexpr std::string_view kSummaryPrefix = "XS";         // summary words
inline constexpr std::string_view kHeadingPrefix = "XH";         // heading words
inline constexpr std::string_view kSlugPrefix = "XSLUG";         // boolean: slug, in any language
inline constexpr std::string_view kAliasPrefix = "XALIAS";       // boolean: earlier slug of an article
inline constexpr std::string_view kTranslationPrefix = "XT";     // boolean: translation_key
inline constexpr std::string_view kShortCodePrefix = "XCODE";    // boolean: short code of the translation_key

// Every prefix the indexer may write (free-text prefixes carry a "Z" stem form too).
inline constexpr std::array<std::string_view, 11> kAllPrefixes = {
    kIdPrefix,      kTitlePrefix,   kLanguagePrefix, kTagPrefix,         kProductPrefix,  kSummaryPrefix,
    kHeadingPrefix, kSlugPrefix,    kAliasPrefix,    kTranslationPrefix, kShortCodePrefix};

// Value slots.
inline constexpr Xapian::valueno kSlotUpdated = 0;   // "YYYYMMDD", sortable
inline constexpr Xapian::valueno kSlotLanguage = 1;  // language code, for facets
inline constexpr Xapian::valueno kSlotTags = 2;      // tags joined by '\n', for facets
inline constexpr Xapian::valueno kSlotProducts = 3;  // SKUs joined by '\n', for facets
// Slot 4 held the plain body text for snippets until schema 4; it is in kSlotCard now.
inline constexpr Xapian::valueno kSlotHtml = 5;      // rendered body HTML, for article pages
inline constexpr Xapian::valueno kSlotCard = 6;      // a search result's fields and text (stored_article.h)

// Metadata keys.
inline constexpr std::string_view kMetaSchemaVersion = "kb.schema_version";
inline constexpr std::string_view kMetaLanguages = "kb.languages";     // languages present, '\n'-joined
inline constexpr std::string_view kMetaBuiltAt = "kb.built_at";        // ISO 8601 UTC
inline constexpr std::string_view kMetaArticleHashes = "kb.hashes";    // JSON {id: content hash}
inline constexpr std::string_view kMetaBaseUrl = "kb.base_url";        // kb-index --base-url, may be empty
inline constexpr std::string_view kMetaSynonyms = "kb.synonyms";       // JSON {language: [[word, phrase...]]}
// JSON [{language, slug, title, source}]: every slug ever published, carried into each new generation.
inline constexpr std::string_view kMetaSlugHistory = "kb.slug_history";
// text::fingerprint of kMetaSlugHistory, written with it: a reader that has parsed a history with the
// same fingerprint keeps it (34 MB of JSON at 100k articles; most commits leave it as it was).
inline constexpr std::string_view kMetaSlugHistoryFingerprint = "kb.slug_history_fingerprint";
// The indexer that wrote the documents (version and a fingerprint of the kb-index binary): an
// incremental build reuses only documents written by the same one (rendering or stemming may differ).
inline constexpr std::string_view kMetaIndexerVersion = "kb.indexer_version";
// The generation's folder name on the indexer ("gen-...Z"): the same on every replica, whose copy of the
// database sits in a folder of another name (IndexFolder, replica layout).
inline constexpr std::string_view kMetaGeneration = "kb.generation";

// Field weights, as within-document-frequency increments: BM25 then ranks a word in the title above the
// same word in the body, as Omega does with its title weight.
inline constexpr Xapian::termcount kTitleWeight = 5;
inline constexpr Xapian::termcount kSummaryWeight = 3;
inline constexpr Xapian::termcount kHeadingWeight = 2;
inline constexpr Xapian::termcount kBodyWeight = 1;

// A boolean term: prefix + value, with ':' between when the value starts with a capital (Omega's rule,
// so that "XP" + "KR-1800" cannot be read as prefix "XPK").
std::string boolean_term(std::string_view prefix, std::string_view value);

// The article identity term for one language version.
std::string id_term(std::string_view language, std::string_view slug);

// Canonical forms of filter values, applied both when indexing and when filtering.
std::string normalize_language(std::string_view language);
std::string normalize_tag(std::string_view tag);
std::string normalize_product(std::string_view sku);

// Field names users may type in queries ("title:router", "tag:setup"): words searched in one field,
// and filters whose value is a tag, SKU or language code rather than words.
inline constexpr std::array<std::string_view, 3> kQueryTextFields = {"title", "summary", "heading"};
inline constexpr std::array<std::string_view, 3> kQueryFilterFields = {"tag", "product", "lang"};
void configure_query_parser(Xapian::QueryParser& parser);

// A query that matches every document, new on each call. Never copy Xapian::Query::MatchAll: it is one
// static object, and copying it bumps a reference count that Xapian does not update atomically, so
// worker threads copying it at once corrupt it (kb-serve crashed under load on the home page).
inline Xapian::Query match_all() { return Xapian::Query(std::string()); }

}  // namespace kb::schema
