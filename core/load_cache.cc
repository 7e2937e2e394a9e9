#include "load_cache.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>

#include "record_codec.h"
#include "text.h"

namespace kb {

namespace {

namespace fs = std::filesystem;
using record::BasicWriter;
using record::HashSink;
using record::Reader;
using record::Writer;

// The file starts with this line; a new layout takes a new number.
constexpr std::string_view kMagic = "kb-load-cache 1\n";

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
  return record::replace_file(path, [&](std::ostream& out) {
    out << header.bytes() << counted(new_parses_);
    for (const auto& entry : new_parses_) out << entry;
    out << counted(new_checks_);
    for (const auto& entry : new_checks_) out << entry;
  });
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
