#include "live_index.h"

#include <iostream>
#include <map>
#include <mutex>

#include "free_memory.h"
#include "schema.h"

namespace kb {

namespace {

std::atomic<unsigned long> next_id{1};

// The generation's name in a live stamp ("gen-...Z:inode:mtime") or a version ("gen-...Z+r...").
std::string generation_of(const std::string& stamp) { return stamp.substr(0, stamp.find_first_of(":+")); }

}  // namespace

LiveIndex::LiveIndex(std::string root, size_t card_cache_bytes)
    : folder_(std::move(root)), card_cache_bytes_(card_cache_bytes), id_(next_id++) {}

Result<std::unique_ptr<IndexHandle>> LiveIndex::open(const std::string& stamp, bool retried) const {
  const std::string generation = generation_of(stamp);
  if (generation.empty()) {
    return Status::unavailable("no index in " + folder_.root().string() + " (run kb-index first)");
  }
  try {
    auto handle = std::make_unique<IndexHandle>();
    handle->stamp = stamp;
    handle->directory = folder_.root() / generation;
    handle->assets = folder_.assets_of(generation);
    handle->database = Xapian::Database(handle->directory.string());
    // A replica's copies are in "current/replica_0" and "current/replica_1" in turn: versions, which
    // caches of answers are keyed by and which must sort by age, use the name kb-index gave the
    // generation. Generations written before it was recorded have their folder's.
    handle->generation = handle->database.get_metadata(std::string(schema::kMetaGeneration));
    if (handle->generation.empty()) handle->generation = generation;
    char revision[24];
    std::snprintf(revision, sizeof revision, "+r%012llu", static_cast<unsigned long long>(handle->database.get_revision()));
    handle->version = handle->generation + revision;
    const std::string version = handle->database.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (version.empty()) {
      return Status::unavailable("index " + generation + " holds no kb index yet (empty, or not written by kb-index)");
    }
    if (version != std::to_string(schema::kSchemaVersion)) {
      return Status::unavailable("index " + generation + " has schema version '" + version + "', this kb-serve reads " +
                                 std::to_string(schema::kSchemaVersion) + ": rebuild it with this version's kb-index");
    }
    const std::string languages = handle->database.get_metadata(std::string(schema::kMetaLanguages));
    for (size_t start = 0; start < languages.size();) {
      size_t end = languages.find('\n', start);
      if (end == std::string::npos) end = languages.size();
      handle->languages.push_back(languages.substr(start, end - start));
      start = end + 1;
    }
    handle->base_url = handle->database.get_metadata(std::string(schema::kMetaBaseUrl));
    const SharedData shared = shared_data(*handle);
    handle->history = shared.history;
    handle->files = shared.files;
    // Damaged since another thread opened it: Xapian opens some tables only when first used, so this
    // thread would fail on them. It keeps serving the generation it has, whose files it holds open.
    if (const std::string damage = handle->files->damage(); !damage.empty()) {
      return Status::unavailable("index " + handle->directory.string() + " was damaged on disk: " + damage);
    }
    handle->searcher =
        std::make_unique<Searcher>(handle->database, handle->languages, text::Stemming::kLanguage,
                                                  shared.facets, shared.cards, shared.spelling);
    handle->catalog = std::make_unique<Catalog>(handle->database);
    return handle;
  } catch (const Xapian::DatabaseModifiedError& e) {
    // Two commits while this thread read the revision's metadata: the newest one opens.
    if (!retried) return open(folder_.live_stamp(), true);
    return Status::unavailable("cannot open index " + generation + ": " + e.get_description());
  } catch (const Xapian::Error& e) {
    // The live database moved while this thread opened it: on a replica, a whole copy switched in
    // and xapian-replicate removed the folder this thread had just read the name of. The new one opens.
    if (const std::string now = folder_.live_stamp(); !retried && now != stamp) return open(now, true);
    return Status::unavailable("cannot open index " + generation + ": " + e.get_description());
  }
}

LiveIndex::SharedData LiveIndex::shared_data(const IndexHandle& handle) const {
  std::lock_guard lock(shared_mutex_);
  if (shared_.version != handle.version) {
    // Read whole before any of it is kept: a read that throws leaves the previous version's data.
    SharedData fresh;
    fresh.facets = FacetTable::read(handle.database);
    if (card_cache_bytes_ > 0) fresh.cards = std::make_shared<CardCache>(card_cache_bytes_);
    fresh.spelling = std::make_shared<SharedSpellingIndex>();
    // A commit that left the slug history as it was (most do) keeps the one parsed already.
    fresh.history_fingerprint = handle.database.get_metadata(std::string(schema::kMetaSlugHistoryFingerprint));
    if (!fresh.history_fingerprint.empty() && fresh.history_fingerprint == shared_.history_fingerprint) {
      fresh.history = shared_.history;
    } else {
      fresh.history = std::make_shared<const SlugHistory>(
          SlugHistory::from_json(handle.database.get_metadata(std::string(schema::kMetaSlugHistory))));
    }
    fresh.files = GenerationFiles::record(handle.directory);
    fresh.version = handle.version;
    shared_ = std::move(fresh);
    // The metadata just read left its freed memory in the allocator: 210 MB resident at 100k
    // articles with glibc, against 84 MB once returned to the system.
    return_free_memory();
  }
  return shared_;
}

Status LiveIndex::check() const {
  auto opened = open(folder_.live_stamp());
  return opened.is_ok() ? Status::ok() : opened.status();
}

std::unique_ptr<IndexHandle>& LiveIndex::thread_handle() {
  thread_local std::map<unsigned long, std::unique_ptr<IndexHandle>> handles;
  return handles[id_];
}

void LiveIndex::discard_thread_handle() {
  thread_handle().reset();
}

Result<IndexHandle*> LiveIndex::handle() {
  auto& mine = thread_handle();
  const std::string live = folder_.live_stamp();
  if (!mine || mine->stamp != live) {
    auto opened = open(live);
    if (opened.is_ok()) {
      mine = std::move(opened.value());
      std::lock_guard lock(failure_mutex_);
      failed_stamp_.reset();
    } else {
      std::lock_guard lock(failure_mutex_);
      if (failed_stamp_ != live) {  // an empty optional differs from every stamp
        std::cerr << "kb-serve: " << opened.status().message() << (mine ? "; still serving " + mine->version : "")
                  << "\n";
        failed_stamp_ = live;
      }
    }
    if (!mine) return opened.status();
  }
  return mine.get();
}

std::string LiveIndex::problem(const IndexHandle& serving) const {
  if (const std::string stamp = folder_.live_stamp(); serving.stamp != stamp) {
    std::lock_guard lock(failure_mutex_);
    if (failed_stamp_ == stamp) {
      const std::string live = generation_of(stamp);  // the live database's folder
      if (live == generation_of(serving.stamp)) {
        // Damage to the generation (below) is what a removed folder or table says; otherwise only
        // its newest revision fails.
        if (!serving.files || serving.files->damage().empty()) {
          return "the live revision of generation " + live + " cannot be opened; serving " + serving.version;
        }
      } else {
        std::string why = "cannot be opened";
        {
          std::lock_guard shared_lock(shared_mutex_);
          if (shared_.files && shared_.files->folder() == folder_.root() / live) {
            if (const std::string damage = shared_.files->damage(); !damage.empty())
              why = "was damaged on disk: " + damage;
          }
        }
        return "the live generation " + (live.empty() ? std::string("(none)") : live) + " " + why +
               "; serving the previous generation " + serving.generation;
      }
    }
  }
  if (!serving.files) return "";
  const std::string damage = serving.files->damage();
  if (damage.empty()) return "";
  if (serving.files->first_report()) {
    std::cerr << "kb-serve: index: " << serving.files->folder().string() << " was damaged on disk: " << damage
              << "; still serving it from the files already open, until kb-index publishes a new generation\n";
  }
  return "generation " + serving.generation + " was damaged on disk: " + damage + "; serving it from the files open";
}

}  // namespace kb
