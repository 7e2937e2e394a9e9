#include "load_cache.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include "text.h"

namespace kb {

namespace {

namespace fs = std::filesystem;

// The file starts with this line; a new layout takes a new number.
constexpr std::string_view kMagic = "kb-load-cache 1\n";

// Bytes kept in a string (the cache file's entries).
struct StringSink {
  std::string bytes;
  void append(std::string_view part) { bytes.append(part); }
};

// Bytes only hashed, as they stream by: an article's key without a copy of its body.
class HashSink {
 public:
  HashSink() { XXH3_64bits_reset(state_.get()); }
  void append(std::string_view part) {
    XXH3_64bits_update(state_.get(), part.data(), part.size());
    size_ += part.size();
  }
  // The same as LoadCache::file_key of the bytes streamed.
  std::string key() const {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state_.get())));
    return std::string(hex) + ":" + std::to_string(size_);
  }

 private:
  struct Free {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };
  std::unique_ptr<XXH3_state_t, Free> state_{XXH3_createState()};
  size_t size_ = 0;
};

// Entries are length-prefixed fields: numbers as 4 bytes (little-endian), strings as a length and
// their bytes. Reading checks every length, so a damaged file reads as misses, never as garbage.
template <typename Sink>
class BasicWriter {
 public:
  void number(uint32_t value) {
    char bytes[4];
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    sink_.append(std::string_view(bytes, 4));
  }
  void integer(int value) { number(static_cast<uint32_t>(value)); }
  void flag(bool value) { number(value ? 1 : 0); }
  void text(std::string_view value) {
    number(static_cast<uint32_t>(value.size()));
    sink_.append(value);
  }
  void texts(const std::vector<std::string>& values) {
    number(static_cast<uint32_t>(values.size()));
    for (const auto& value : values) text(value);
  }
  void problems(const std::vector<Problem>& values) {
    number(static_cast<uint32_t>(values.size()));
    for (const auto& problem : values) {
      text(problem.file);
      integer(problem.line);
      text(problem.key);
      text(problem.reason);
    }
  }
  // Without `with_body`, the body is left out (the reader takes it from the file's content).
  void article(const Article& a, bool with_body = true) {
    text(a.source);
    text(a.slug);
    text(a.language);
    text(a.title);
    text(a.summary);
    texts(a.tags);
    texts(a.products);
    texts(a.aliases);
    text(a.translation_key);
    text(a.short_code);
    text(a.updated);
    flag(a.draft);
    flag(a.order.has_value());
    integer(a.order.value_or(0));
    text(with_body ? std::string_view(a.body) : std::string_view());
    integer(a.body_line);
    integer(a.slug_line);
    number(static_cast<uint32_t>(a.body_origins.size()));
    for (const auto& run : a.body_origins) {
      integer(run.first);
      text(run.source);
      integer(run.source_line);
      flag(run.unindexed);
    }
  }
  std::string& bytes() { return sink_.bytes; }
  Sink& sink() { return sink_; }

 private:
  Sink sink_;
};
using Writer = BasicWriter<StringSink>;

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == in_.size(); }

  uint32_t number() {
    if (!ok_ || in_.size() - at_ < 4) return fail();
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
    at_ += 4;
    return value;
  }
  int integer() { return static_cast<int>(number()); }
  bool flag() { return number() != 0; }
  std::string_view view() {
    const uint32_t size = number();
    if (!ok_ || in_.size() - at_ < size) return fail(), std::string_view();
    const std::string_view value = in_.substr(at_, size);
    at_ += size;
    return value;
  }
  std::string text() { return std::string(view()); }
  // A count of items that each take at least 4 bytes: a damaged count cannot make us reserve gigabytes.
  uint32_t count() {
    const uint32_t value = number();
    if (ok_ && value > (in_.size() - at_) / 4) return fail();
    return value;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> values(count());
    for (auto& value : values) value = text();
    return values;
  }
  std::vector<Problem> problems() {
    std::vector<Problem> values(count());
    for (auto& problem : values) {
      problem.file = text();
      problem.line = integer();
      problem.key = text();
      problem.reason = text();
    }
    return values;
  }
  Article article() {
    Article a;
    a.source = text();
    a.slug = text();
    a.language = text();
    a.title = text();
    a.summary = text();
    a.tags = texts();
    a.products = texts();
    a.aliases = texts();
    a.translation_key = text();
    a.short_code = text();
    a.updated = text();
    a.draft = flag();
    const bool has_order = flag();
    const int order = integer();
    if (has_order) a.order = order;
    a.body = text();
    a.body_line = integer();
    a.slug_line = integer();
    a.body_origins.resize(count());
    for (auto& run : a.body_origins) {
      run.first = integer();
      run.source = text();
      run.source_line = integer();
      run.unindexed = flag();
    }
    return a;
  }

 private:
  uint32_t fail() {
    ok_ = false;
    at_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

// A new field of Article must be written and read above too, or a cached parse would lose it: this
// stops the build until it is (the size of Article on the 64-bit Linux kb is built for).
static_assert(sizeof(Article) == 408, "Article changed: update Writer::article and Reader::article in load_cache.cc");

}  // namespace

LoadCache LoadCache::read(const fs::path& path, std::string_view stamp) {
  LoadCache cache{std::string(stamp)};
  std::error_code error;
  const auto size = fs::file_size(path, error);
  std::ifstream in(path, std::ios::binary);
  if (error || !in) return cache;
  cache.bytes_.resize(size);
  if (!in.read(cache.bytes_.data(), static_cast<std::streamsize>(size))) return LoadCache{std::string(stamp)};
  const std::string_view bytes(cache.bytes_.data(), cache.bytes_.size());
  if (!bytes.starts_with(kMagic)) return LoadCache{std::string(stamp)};
  Reader reader(bytes.substr(kMagic.size()));
  if (reader.view() != stamp) return LoadCache{std::string(stamp)};
  for (uint32_t n = reader.count(); n > 0 && reader.ok(); --n) {
    const std::string_view path_of = reader.view();
    const std::string_view key = reader.view();
    const std::string_view record = reader.view();
    cache.parses_.emplace(std::string(path_of), std::make_pair(key, record));
  }
  for (uint32_t n = reader.count(); n > 0 && reader.ok(); --n) {
    const std::string_view key = reader.view();
    const std::string_view record = reader.view();
    cache.checks_.emplace(key, record);
  }
  if (!reader.ok() || !reader.at_end()) return LoadCache{std::string(stamp)};
  return cache;
}

bool LoadCache::write(const fs::path& path) const {
  auto counted = [](const std::vector<std::string>& entries) {
    Writer count;
    count.number(static_cast<uint32_t>(std::count_if(entries.begin(), entries.end(), [](const auto& entry) { return !entry.empty(); })));
    return count.bytes();
  };
  Writer header;
  header.bytes() = kMagic;
  header.text(stamp_);
  // One kb-index at a time writes an index folder (its lock), so one name for the partial file.
  const fs::path temporary = path.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << header.bytes() << counted(new_parses_);
    for (const auto& entry : new_parses_) out << entry;
    out << counted(new_checks_);
    for (const auto& entry : new_checks_) out << entry;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) fs::remove(temporary, error);
  return !error;
}

std::string LoadCache::file_key(std::string_view content) {
  return text::fingerprint(content) + ":" + std::to_string(content.size());
}

std::string LoadCache::article_key(const Article& article) {
  BasicWriter<HashSink> writer;
  writer.article(article);
  return writer.sink().key();
}

std::optional<ParsedArticle> LoadCache::parse(const std::string& relative_path, const std::string& key,
                                              std::string_view content) const {
  const auto it = parses_.find(relative_path);
  if (it == parses_.end() || it->second.first != key) return std::nullopt;
  Reader reader(it->second.second);
  ParsedArticle parsed;
  if (reader.flag()) {
    const uint32_t body_tail = reader.number();
    parsed.article = reader.article();
    if (body_tail > content.size()) return std::nullopt;
    if (body_tail > 0) parsed.article->body = std::string(content.substr(content.size() - body_tail));
  }
  parsed.errors = reader.problems();
  parsed.warnings = reader.problems();
  parsed.ignored_keys = reader.texts();
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return parsed;
}

std::optional<CachedCheck> LoadCache::check(const std::string& key) const {
  const auto it = checks_.find(key);
  if (it == checks_.end()) return std::nullopt;
  Reader reader(it->second);
  CachedCheck check;
  check.lookups.resize(reader.count());
  for (auto& lookup : check.lookups) {
    const std::string_view kind = reader.view();
    lookup.kind = kind.size() == 1 ? kind[0] : '?';
    lookup.url = reader.text();
    lookup.written_in = reader.text();
    lookup.outcome = reader.text();
  }
  check.problems = reader.problems();
  check.warnings = reader.problems();
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return check;
}

void LoadCache::put_parse(size_t slot, const std::string& relative_path, const std::string& key,
                          std::string_view content, const ParsedArticle& parsed) {
  Writer record;
  record.flag(parsed.article.has_value());
  if (parsed.article) {
    // Most bodies are the file's last bytes as they are (already NFC, LF endings): the cache then
    // records only their length, which keeps it a tenth of the articles' size.
    const std::string& body = parsed.article->body;
    const bool tail = !body.empty() && content.ends_with(body);
    record.number(tail ? static_cast<uint32_t>(body.size()) : 0);
    record.article(*parsed.article, !tail);
  }
  record.problems(parsed.errors);
  record.problems(parsed.warnings);
  record.texts(parsed.ignored_keys);
  Writer entry;
  entry.text(relative_path);
  entry.text(key);
  entry.text(record.bytes());
  new_parses_.at(slot) = std::move(entry.bytes());
}

void LoadCache::carry_parse(size_t slot, const LoadCache& read, const std::string& relative_path) {
  const auto& [key, record] = read.parses_.at(relative_path);
  Writer entry;
  entry.text(relative_path);
  entry.text(key);
  entry.text(record);
  new_parses_.at(slot) = std::move(entry.bytes());
}

void LoadCache::carry_check(size_t slot, const LoadCache& read, const std::string& key) {
  Writer entry;
  entry.text(key);
  entry.text(read.checks_.find(key)->second);
  new_checks_.at(slot) = std::move(entry.bytes());
}

void LoadCache::put_check(size_t slot, const std::string& key, const CachedCheck& check) {
  Writer record;
  record.number(static_cast<uint32_t>(check.lookups.size()));
  for (const auto& lookup : check.lookups) {
    record.text(std::string_view(&lookup.kind, 1));
    record.text(lookup.url);
    record.text(lookup.written_in);
    record.text(lookup.outcome);
  }
  record.problems(check.problems);
  record.problems(check.warnings);
  Writer entry;
  entry.text(key);
  entry.text(record.bytes());
  new_checks_.at(slot) = std::move(entry.bytes());
}

}  // namespace kb
