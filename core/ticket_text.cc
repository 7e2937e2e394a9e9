#include "ticket_text.h"

#include <algorithm>
#include <array>
#include <vector>

#include "text.h"

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

template <size_t N>
bool starts_with_any(std::string_view lowered, const std::array<const char*, N>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const char* prefix) { return lowered.starts_with(prefix); });
}

// The phrase starts the line and ends at a word boundary ("hi" is not "hiring").
bool opens_with(std::string_view lowered, std::string_view phrase) {
  if (!lowered.starts_with(phrase)) return false;
  const std::string_view rest = lowered.substr(phrase.size());
  return rest.empty() || rest.front() == ' ' || rest.front() == ',' || rest.front() == '!' || rest.front() == '.' ||
         rest.front() == ':';
}

// The line without its greeting ("Hi team," "Dear Support," "Hello!"): up to the first comma or
// exclamation mark within a few words, else the whole line when it is only the greeting and a name.
// A line that only starts with a greeting word ("Hi I cannot log in") is kept whole.
std::string_view without_greeting(std::string_view line, std::string_view lowered) {
  for (const char* greeting : kGreetings) {
    if (!opens_with(lowered, greeting)) continue;
    const size_t mark = lowered.find_first_of(",!");
    if (mark != std::string_view::npos && word_count(lowered.substr(0, mark)) <= kMaxGreetingWords) {
      return trim(line.substr(mark + 1));
    }
    if (word_count(lowered) <= kMaxGreetingWords) return {};
    return line;
  }
  return line;
}

// "Thanks," "Best regards" "Thank you!" "Cheers, Bob": the phrase alone, or with its punctuation and
// at most a name. "Best guess: firmware?" and "Thanks to the update, ..." are not.
bool is_sign_off(std::string_view lowered) {
  return std::any_of(kSignOffs.begin(), kSignOffs.end(), [&](const char* phrase) {
    if (!lowered.starts_with(phrase)) return false;
    std::string_view rest = lowered.substr(std::string_view(phrase).size());
    if (rest.empty()) return true;
    if (rest.front() != ',' && rest.front() != '!' && rest.front() != '.') return false;
    return word_count(rest.substr(1)) <= 2;
  });
}

// What follows a sign-off looks like a signature: a few short lines (name, title, company, phone),
// or an earlier message.
bool only_signature_follows(const std::vector<std::string_view>& lines, size_t from) {
  constexpr size_t kMaxSignatureLines = 6, kMaxSignatureWords = 8;
  size_t signature_lines = 0;
  for (size_t i = from; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const std::string lowered = text::lower(lines[i]);
    if (lines[i].front() == '>' || lines[i] == "--" || lowered.ends_with("wrote:") ||
        starts_with_any(lowered, kEarlierMessage) || starts_with_any(lowered, kHeaderFields)) {
      return true;
    }
    if (++signature_lines > kMaxSignatureLines || word_count(lines[i]) > kMaxSignatureWords) return false;
  }
  return true;
}

// U+00A0, which mail turned into text is full of, as a plain space: words and lines are cut at it.
std::string without_no_break_spaces(std::string_view text) {
  std::string spaced;
  spaced.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      spaced += ' ';
      ++i;
    } else if (text[i] != '\r') {
      spaced += text[i];
    }
  }
  return spaced;
}

// Words that announce an order's or a person's number: "Order #A-20931", "case 118-442", "ticket no. 5521".
constexpr std::array kReferenceWords = {"order", "case", "ticket", "ref", "reference", "invoice", "po", "account", "customer"};
constexpr std::array kNumberWords = {"no", "no.", "nr", "number", "id", "#", ":", "num"};
constexpr int kPhoneDigits = 9;  // nine or more digits with separators between: a phone number

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool has_digit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), is_digit);
}

// "20931", "A-20931", "118-442", not "2FA": at least half of its letters and digits are digits.
bool is_mostly_digits(std::string_view word) {
  const auto digits = std::count_if(word.begin(), word.end(), is_digit);
  const auto letters = std::count_if(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  return digits > 0 && digits >= letters;
}

// "#12345": a number; "#DIV/0!" is an error a customer saw.
bool is_hash_number(std::string_view word) {
  return word.size() > 1 && word.front() == '#' && std::all_of(word.begin() + 1, word.end(), is_digit);
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
    const std::string lowered = text::lower(words[i]);
    const std::string_view bare = without_trailing_punctuation(lowered);
    const size_t at_sign = lowered.find('@');
    if ((at_sign != std::string::npos && lowered.find('.', at_sign) != std::string::npos) ||
        lowered.starts_with("http://") || lowered.starts_with("https://") || lowered.starts_with("www.") ||
        is_hash_number(bare)) {
      dropped[i] = true;
      continue;
    }
    if (std::find(kReferenceWords.begin(), kReferenceWords.end(), bare) != kReferenceWords.end()) {
      size_t next = i + 1;
      while (next < words.size() &&
             std::find(kNumberWords.begin(), kNumberWords.end(), text::lower(words[next])) != kNumberWords.end()) {
        ++next;
      }
      if (next < words.size() && is_mostly_digits(without_trailing_punctuation(words[next]))) {
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
      // A phone number starts with its country code ("+44 …") or is written in groups with
      // separators ("(020) 7946-0321"); error numbers ("-2147467259", "1603 1618 1619") are not.
      const bool grouped = next - i >= 2 && std::any_of(words.begin() + static_cast<std::ptrdiff_t>(i),
                                                        words.begin() + static_cast<std::ptrdiff_t>(next),
                                                        [](std::string_view word) {
                                                          // "1619." ends a sentence: its dot is no separator.
                                                          return without_trailing_punctuation(word).find_first_of(
                                                                     "-.()") != std::string_view::npos;
                                                        });
      if (digits >= kPhoneDigits && (words[i].starts_with('+') || grouped)) {
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
  std::string cleaned_subject(trim(without_no_break_spaces(subject)));
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const char* prefix : {"re:", "fw:", "fwd:", "aw:", "wg:"}) {
      if (text::lower(cleaned_subject).starts_with(prefix)) {
        cleaned_subject = std::string(trim(std::string_view(cleaned_subject).substr(std::string_view(prefix).size())));
        stripped = true;
      }
    }
  }
  text.subject = without_identifiers(cleaned_subject);

  const std::string spaced = without_no_break_spaces(body);
  std::vector<std::string_view> lines;  // trimmed; "--" for a signature separator ("-- ")
  for (size_t start = 0; start <= spaced.size();) {
    const size_t newline = std::min(spaced.find('\n', start), spaced.size());
    const std::string_view raw = std::string_view(spaced).substr(start, newline - start);
    lines.push_back(raw.starts_with("-- ") ? std::string_view("--") : trim(raw));
    start = newline + 1;
  }

  std::vector<std::string> kept;
  bool forwarded = false;  // inside a forwarded message: the customer's evidence, headers aside
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.empty()) continue;
    const std::string lowered = text::lower(line);
    if (line == "--" || starts_with_any(lowered, kEarlierMessage)) break;  // a signature, an earlier message
    if (line.front() == '>') continue;                                    // quoted from an earlier message
    // "On Mon, 3 Nov 2026, Support <help@example.com> wrote:", maybe wrapped over two lines: what
    // follows is the earlier exchange.
    if (lowered.ends_with("wrote:")) {
      if (lowered == "wrote:" && !kept.empty() && text::lower(kept.back()).starts_with("on ")) kept.pop_back();
      break;
    }
    if (lowered.starts_with("---------- forwarded message") || lowered.starts_with("begin forwarded message")) {
      forwarded = true;
      continue;
    }
    if (starts_with_any(lowered, kHeaderFields)) {
      // Two header lines in a row outside a forwarded message: an earlier message quoted whole.
      const bool block = i + 1 < lines.size() && starts_with_any(text::lower(lines[i + 1]), kHeaderFields);
      if (block && !forwarded) break;
      continue;
    }
    if (starts_with_any(lowered, kClientLines)) continue;
    if (is_sign_off(lowered)) {
      // A name, a title, a company and a phone number follow: the problem ended. A sign-off with
      // more to say after it ("Thanks.\nAlso the app cannot log in.") is only skipped.
      if (!kept.empty() && only_signature_follows(lines, i + 1)) break;
      continue;
    }
    std::string_view content = line;
    if (kept.empty()) content = without_greeting(line, lowered);
    if (content.empty()) continue;
    kept.push_back(without_identifiers(content));
  }
  for (const auto& line : kept) {
    if (line.empty()) continue;
    if (!text.body.empty()) text.body += '\n';
    text.body += line;
  }
  return text;
}

}  // namespace kb
