// Hands memory the allocator holds but no one uses back to the system.
#pragma once

namespace kb {

// Reading a generation's metadata (the slug history alone is 34 MB of JSON at 100k articles) frees
// tens of megabytes at once, which the allocator would otherwise keep resident. A few milliseconds;
// once per generation, not per request.
void return_free_memory();

}  // namespace kb
