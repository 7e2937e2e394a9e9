// The SQLite backend of the insights store (sql.h): one file, the default for one machine.
#pragma once

#include <string>

#include "sql.h"
#include "status.h"

namespace kb::sqlite {

enum class Mode { kReadWriteCreate, kReadOnly };
Result<sql::Connection> open(const std::string& path, Mode mode);

}  // namespace kb::sqlite
