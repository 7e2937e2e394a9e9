// The insights store: a SQLite file (WAL, the default for one machine) or a PostgreSQL database
// (`postgresql://...`, one store for several replicas), opened and migrated to this build's schema.
#pragma once

#include <string>

#include "sql.h"
#include "status.h"

namespace kb::insights {

// Schema version this build writes: SQLite's PRAGMA user_version, PostgreSQL's kb_schema table.
int current_schema_version();

// Opens (a SQLite file: creating it and its folder if needed, WAL, synchronous=FULL so every
// committed batch is on disk before the next one starts) and migrates the store for writing.
// kInvalidArgument when the store was written by a newer kb (a later schema version).
Result<sql::Connection> open_for_writing(const std::string& location);

// A read-only connection for reports (PostgreSQL: an ordinary one); the store must be migrated already.
Result<sql::Connection> open_for_reading(const std::string& location);

// False for a SQLite file not created yet: reports show nothing rather than an error.
bool store_exists(const std::string& location);
// The location as logs and pages show it: a PostgreSQL URL without its password.
std::string printable_location(const std::string& location);

}  // namespace kb::insights
