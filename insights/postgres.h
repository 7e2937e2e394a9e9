// The PostgreSQL backend of the insights store (sql.h): one store that every replica writes
// (docs/DEPLOY.md), chosen by `kb-serve --db postgresql://...`. Through libpq.
#pragma once

#include <string>

#include "sql.h"
#include "status.h"

namespace kb::postgres {

// Whether a --db value names a PostgreSQL database rather than a SQLite file.
bool is_url(const std::string& location);
// The URL without its password, for logs and pages.
std::string without_password(const std::string& url);
Result<sql::Connection> open(const std::string& url);
// The SQL text with SQLite's placeholders ('?', '?N') as PostgreSQL's ('$N'), string literals kept.
std::string numbered_placeholders(std::string_view sql);

}  // namespace kb::postgres
