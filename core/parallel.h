// Runs independent pieces of work on every core: kb-index parses and checks thousands of articles,
// each on its own, and the machine it runs on has more than one core.
#pragma once

#include <cstddef>
#include <functional>

namespace kb {

// Calls body(0) ... body(count - 1), each exactly once, on up to one thread per core, and returns when
// all are done. The calls must not touch shared state without their own lock. The first exception a
// call throws is rethrown here once every thread has stopped.
void parallel_for(size_t count, const std::function<void(size_t)>& body);

}  // namespace kb
