// The writer's statements, each one transaction: a batch of events, the retention purge, a probe write.
#pragma once

#include <cstdint>
#include <deque>

#include "events.h"
#include "sql.h"
#include "status.h"

namespace kb::insights {

// All or nothing: on an error nothing of the batch is stored, so it can be written again whole.
Status insert_events(sql::Connection& db, const std::deque<Event>& events);

// The statement that stores one vote (at, language, slug, helpful, reason, id); a vote whose id is
// stored already is skipped.
const char* insert_vote_sql();
// Runs `statement` (insert_vote_sql(), or the vote outbox's insert of the same columns) for `vote`.
Status run_vote(sql::Statement& statement, const VoteEvent& vote);

// Deletes the events recorded before `cutoff` (Unix seconds).
Status delete_events_before(sql::Connection& db, int64_t cutoff);

// Writes one page and commits, changing nothing: tells whether the store takes writes again when no
// event is waiting (taking the write lock alone would not notice a full disk).
Status probe_write(sql::Connection& db);

}  // namespace kb::insights
