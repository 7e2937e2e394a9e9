#include "free_memory.h"

#ifdef KB_JEMALLOC
#include <jemalloc/jemalloc.h>
#else
#include <malloc.h>
#endif

namespace kb {

void return_free_memory() {
#ifdef KB_JEMALLOC
  // Every arena's unused pages, at once rather than after jemalloc's decay time (10 s).
  static_assert(MALLCTL_ARENAS_ALL == 4096, "the arena number in the name below");
  mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
#else
  malloc_trim(0);  // glibc's interface: the sanitizer builds, which have no jemalloc
#endif
}

}  // namespace kb
