// The insights store on disk: opening the SQLite file in WAL mode and migrating its schema.
#pragma once

#include <string>

#include "sqlite.h"
#include "status.h"

namespace kb::insights {

// Schema version this build writes; stored as SQLite's PRAGMA user_version.
int current_schema_version();

// Opens (creating the file and its folder if needed) and migrates the store for writing: WAL,
// synchronous=FULL so every committed batch is on disk before the next one starts.
// kInvalidArgument when the file was written by a newer kb (a later schema version).
Result<sqlite::Connection> open_for_writing(const std::string& path);

// A read-only connection for reports; the file must exist and be migrated already.
Result<sqlite::Connection> open_for_reading(const std::string& path);

}  // namespace kb::insights
