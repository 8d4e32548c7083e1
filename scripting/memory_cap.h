// A per-script allocator with a ceiling: the memory cap of the design (default 64 MiB).
// Lua asks it for every byte; past the cap it answers NULL, which Lua turns into an
// out-of-memory error (after a full collection and one more try).
#pragma once

#include <cstddef>

namespace oh {

struct MemoryCap {
    std::size_t cap = 0;
    std::size_t used = 0;
    std::size_t peak = 0;
    bool hit = false; // set when a request was refused; the host reads and clears it

    // A lua_Alloc; ud is the MemoryCap.
    static void* alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept;
};

} // namespace oh
