#include "parallel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

TEST_CASE("parallel_for calls every index exactly once") {
  for (const size_t count : {size_t{0}, size_t{1}, size_t{2}, size_t{1000}}) {
    std::vector<std::atomic<int>> calls(count);
    kb::parallel_for(count, [&](size_t i) { ++calls[i]; });
    for (size_t i = 0; i < count; ++i) CHECK(calls[i] == 1);
  }
}

TEST_CASE("an exception in one call reaches the caller after every thread stopped") {
  std::atomic<int> running{0};
  CHECK_THROWS_WITH_AS(kb::parallel_for(500,
                                        [&](size_t i) {
                                          ++running;
                                          if (i == 7) {
                                            --running;
                                            throw std::runtime_error("article 7 failed");
                                          }
                                          --running;
                                        }),
                       "article 7 failed", std::runtime_error);
  CHECK(running == 0);
}
