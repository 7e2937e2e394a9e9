#include "ticket_text.h"

#include <algorithm>
#include <array>
#include <vector>

namespace kb {

namespace {

// Lines that open or close a letter, in the languages of kb's readers. Compared lower-cased, without
// trailing punctuation, as the start of a line that has at most a few more words.
constexpr std::array kGreetings = {
    "hi",     "hello",  "hey",        "dear",     "good morning", "good afternoon", "good evening", "greetings",
    "hallo",  "sveiki", "labdien",    "labrīt",   "नमस्ते",         "नमस्कार",          "నమస్కారం",        "నమస్తే",
    "ਸਤ ਸ੍ਰੀ ਅਕਾਲ", "ਨਮਸਤੇ",
};
constexpr std::array kSignOffs = {
    "thanks",      "thank you",     "thanks in advance", "many thanks", "thx",     "regards",  "best regards",
    "kind regards", "warm regards", "best",              "cheers",      "sincerely", "yours sincerely", "br",
    "ar cieņu",    "paldies",       "धन्यवाद",             "సహాయానికి ధన్యవాదాలు", "ధన్యవాదాలు", "ਧੰਨਵਾਦ",
};
// Lines a mail client adds.
constexpr std::array kClientLines = {"sent from my", "get outlook for", "sent from outlook", "sent from mail for"};
// A line after which everything is an earlier message.
constexpr std::array kEarlierMessage = {"-----original message-----", "________________________________"};
// Header lines of a forwarded or quoted message.
constexpr std::array kHeaderFields = {"from:", "sent:", "to:", "cc:", "subject:", "date:"};

constexpr size_t kMaxGreetingWords = 4;  // "Hi team," "Good morning all," "Dear Support,"

std::string lower_ascii(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return lowered;
}

std::string_view trim(std::string_view line) {
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
}

size_t word_count(std::string_view line) {
  size_t words = 0;
  bool in_word = false;
  for (const char c : line) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// The line is `phrase`, maybe followed by a name or a few words ("Hi team," "Thanks again!").
bool opens_with(std::string_view lowered, std::string_view phrase, size_t max_extra_words) {
  if (!lowered.starts_with(phrase)) return false;
  const std::string_view rest = lowered.substr(phrase.size());
  if (!rest.empty() && rest.front() != ' ' && rest.front() != ',' && rest.front() != '!' && rest.front() != '.' &&
      rest.front() != ':') {
    return false;  // "hiring", "bestellen"
  }
  return word_count(rest) <= max_extra_words;
}

template <size_t N>
bool opens_with_any(std::string_view lowered, const std::array<const char*, N>& phrases, size_t max_extra_words) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](const char* phrase) { return opens_with(lowered, phrase, max_extra_words); });
}

// Words that announce an order's or a person's number: "Order #A-20931", "case 118-442", "ticket no. 5521".
constexpr std::array kReferenceWords = {"order", "case", "ticket", "ref", "reference", "invoice", "po", "account", "customer"};
constexpr std::array kNumberWords = {"no", "no.", "nr", "number", "id", "#", ":", "num"};
constexpr int kPhoneDigits = 9;  // nine or more digits with separators between: a phone number

bool has_digit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Only digits and the separators of phone numbers: "+44", "(0)20", "7946-0321". Not a version
// ("16.0.4266.1001").
bool is_phone_part(std::string_view word) {
  return has_digit(word) && std::count(word.begin(), word.end(), '.') < 2 &&
         std::all_of(word.begin(), word.end(), [](char c) {
           return (c >= '0' && c <= '9') || c == '+' || c == '(' || c == ')' || c == '.' || c == '-' || c == '/';
         });
}

std::string_view without_trailing_punctuation(std::string_view word) {
  while (!word.empty() && (word.back() == ',' || word.back() == '.' || word.back() == ';' || word.back() == ':' ||
                           word.back() == ')' || word.back() == '!' || word.back() == '?')) {
    word.remove_suffix(1);
  }
  return word;
}

// The line's words without e-mail addresses, links, numbered references and phone numbers. Word by
// word, in one pass: tickets are untrusted text, and backtracking regular expressions are not safe on
// long runs of it.
std::string without_identifiers(std::string_view line) {
  std::vector<std::string_view> words;
  for (size_t at = 0; at < line.size();) {
    const size_t begin = line.find_first_not_of(" \t", at);
    if (begin == std::string_view::npos) break;
    const size_t end = std::min(line.find_first_of(" \t", begin), line.size());
    words.push_back(line.substr(begin, end - begin));
    at = end;
  }
  std::vector<bool> dropped(words.size(), false);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string lowered = lower_ascii(words[i]);
    const std::string_view bare = without_trailing_punctuation(lowered);
    const size_t at_sign = lowered.find('@');
    if ((at_sign != std::string::npos && lowered.find('.', at_sign) != std::string::npos) ||
        lowered.starts_with("http://") || lowered.starts_with("https://") || lowered.starts_with("www.") ||
        (lowered.starts_with('#') && has_digit(lowered))) {
      dropped[i] = true;
      continue;
    }
    if (std::find(kReferenceWords.begin(), kReferenceWords.end(), bare) != kReferenceWords.end()) {
      size_t next = i + 1;
      while (next < words.size() &&
             std::find(kNumberWords.begin(), kNumberWords.end(), lower_ascii(words[next])) != kNumberWords.end()) {
        ++next;
      }
      if (next < words.size() && has_digit(words[next])) {
        for (size_t j = i; j <= next; ++j) dropped[j] = true;
        i = next;
      }
      continue;
    }
    if (is_phone_part(bare)) {
      size_t next = i;
      int digits = 0;
      for (; next < words.size() && is_phone_part(without_trailing_punctuation(words[next])); ++next) {
        digits += static_cast<int>(std::count_if(words[next].begin(), words[next].end(),
                                                 [](char c) { return c >= '0' && c <= '9'; }));
      }
      // One word alone is a phone number only with its country code or area code marked: an error
      // number ("-2147467259") is not.
      const bool marked = words[i].find_first_of("+(") != std::string_view::npos;
      if (digits >= kPhoneDigits && (next - i >= 2 || marked)) {
        for (size_t j = i; j < next; ++j) dropped[j] = true;
      }
      i = next - 1;
    }
  }
  std::string kept;
  for (size_t i = 0; i < words.size(); ++i) {
    if (dropped[i]) continue;
    if (!kept.empty()) kept += ' ';
    kept += words[i];
  }
  return kept;
}

}  // namespace

TicketText problem_text(std::string_view subject, std::string_view body) {
  TicketText text;
  // "RE: FW: urgent - shared calendar broken"
  std::string cleaned_subject(trim(subject));
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const char* prefix : {"re:", "fw:", "fwd:", "aw:", "wg:"}) {
      if (lower_ascii(cleaned_subject).starts_with(prefix)) {
        cleaned_subject = std::string(trim(std::string_view(cleaned_subject).substr(std::string_view(prefix).size())));
        stripped = true;
      }
    }
  }
  text.subject = without_identifiers(cleaned_subject);

  bool content_seen = false;
  size_t start = 0;
  while (start <= body.size()) {
    const size_t newline = std::min(body.find('\n', start), body.size());
    const std::string_view raw = body.substr(start, newline - start);
    start = newline + 1;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const std::string lowered = lower_ascii(line);
    if (raw.starts_with("-- ") || line == "--") break;  // a signature follows
    if (std::any_of(kEarlierMessage.begin(), kEarlierMessage.end(),
                    [&](const char* marker) { return lowered.starts_with(marker); })) {
      break;
    }
    if (line.front() == '>') continue;  // quoted from an earlier message
    // "On Mon, 3 Nov 2026, Support <help@example.com> wrote:"
    if (lowered.ends_with("wrote:") || lowered.starts_with("---------- forwarded message")) continue;
    if (std::any_of(kHeaderFields.begin(), kHeaderFields.end(),
                    [&](const char* field) { return lowered.starts_with(field); })) {
      continue;
    }
    if (std::any_of(kClientLines.begin(), kClientLines.end(),
                    [&](const char* client) { return lowered.starts_with(client); })) {
      continue;
    }
    if (!content_seen && opens_with_any(lowered, kGreetings, kMaxGreetingWords)) continue;
    // A sign-off ends the problem: a name, a title, a company and a phone number follow.
    if (content_seen && opens_with_any(lowered, kSignOffs, 2)) break;
    content_seen = true;
    if (!text.body.empty()) text.body += '\n';
    text.body += without_identifiers(line);
  }
  return text;
}

}  // namespace kb
