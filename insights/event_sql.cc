#include "event_sql.h"

#include <string>

namespace kb::insights {

Status insert_events(sql::Connection& db, const std::deque<Event>& events) {
  sql::Transaction transaction(db);
  if (!transaction.begun().is_ok()) return transaction.begun();
  auto search = db.prepare(
      "INSERT INTO searches (id, at, query, language, tag, product, results, source, corrected_query) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  auto click = db.prepare("INSERT INTO clicks (at, search_id, language, slug, rank) VALUES (?, ?, ?, ?, ?)");
  auto vote = db.prepare(insert_vote_sql());
  auto arrival = db.prepare("INSERT INTO arrivals (at, source, language, slug) VALUES (?, ?, ?, ?)");
  for (auto* statement : {&search, &click, &vote, &arrival}) {
    if (!statement->is_ok()) return statement->status();
  }
  for (const Event& event : events) {
    Status status;
    if (const auto* s = std::get_if<SearchEvent>(&event)) {
      search->reset();
      status = search->bind(1, s->id)
                   .bind(2, s->at)
                   .bind(3, s->query)
                   .bind(4, s->language)
                   .bind(5, s->tag)
                   .bind(6, s->product)
                   .bind(7, s->results)
                   .bind(8, s->source)
                   .bind(9, s->corrected_query)
                   .run();
    } else if (const auto* c = std::get_if<ClickEvent>(&event)) {
      click->reset();
      status = click->bind(1, c->at).bind(2, c->search_id).bind(3, c->language).bind(4, c->slug).bind(5, c->rank).run();
    } else if (const auto* v = std::get_if<VoteEvent>(&event)) {
      status = run_vote(vote.value(), *v);
    } else if (const auto* a = std::get_if<ArrivalEvent>(&event)) {
      arrival->reset();
      status = arrival->bind(1, a->at).bind(2, a->source).bind(3, a->language).bind(4, a->slug).run();
    }
    if (!status.is_ok()) return status;
  }
  return transaction.commit();
}

const char* insert_vote_sql() {
  // NULLIF: a vote without an id (0) is stored with none, so such votes never clash. CAST: PostgreSQL
  // infers the parameter's type from it (a plain 0 would make it a 32-bit integer).
  return "INSERT INTO votes (at, language, slug, helpful, reason, id) "
         "VALUES (?, ?, ?, ?, ?, NULLIF(?, CAST(0 AS BIGINT))) ON CONFLICT (id) DO NOTHING";
}

Status run_vote(sql::Statement& statement, const VoteEvent& vote) {
  statement.reset();
  return statement.bind(1, vote.at)
      .bind(2, vote.language)
      .bind(3, vote.slug)
      .bind(4, int64_t{vote.helpful})
      .bind(5, vote.reason)
      .bind(6, vote.id)
      .run();
}

Status delete_events_before(sql::Connection& db, int64_t cutoff) {
  sql::Transaction transaction(db);
  Status status = transaction.begun();
  for (const char* table : {"searches", "clicks", "votes", "arrivals"}) {
    if (!status.is_ok()) return status;
    auto statement = db.prepare(std::string("DELETE FROM ") + table + " WHERE at < ?");
    status = statement.is_ok() ? statement->bind(1, cutoff).run() : statement.status();
  }
  return status.is_ok() ? transaction.commit() : status;
}

Status probe_write(sql::Connection& db) {
  sql::Transaction transaction(db);
  if (!transaction.begun().is_ok()) return transaction.begun();
  if (db.dialect() == sql::Dialect::kPostgres) {
    if (auto status = db.exec("UPDATE kb_schema SET version = version"); !status.is_ok()) return status;
    return transaction.commit();
  }
  auto version = db.query_int("PRAGMA user_version");
  if (!version.is_ok()) return version.status();
  // Setting the version it already has still rewrites the header page, so the commit writes to disk.
  if (auto status = db.exec("PRAGMA user_version = " + std::to_string(version.value())); !status.is_ok()) {
    return status;
  }
  return transaction.commit();
}

}  // namespace kb::insights
