// The articles readers open most from search results and find most helpful, for the home page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "status.h"

namespace kb::insights {

struct ArticleRef {
  std::string language;
  std::string slug;
  int64_t count = 0;  // clicks, or "yes" votes
};

struct Popular {
  std::vector<ArticleRef> most_read;     // most clicked in search results
  std::vector<ArticleRef> most_helpful;  // best share of "yes" votes, only articles with at least one
};

// Since `since` (Unix seconds), in `language` ('' = all), at most `limit` of each. A missing store
// reads as empty.
Result<Popular> read_popular(const std::string& path, int64_t since, const std::string& language, int limit);

}  // namespace kb::insights
