#include "memory_cap.h"

#include <cstdlib>

namespace oh {

void* MemoryCap::alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept {
    auto* m = static_cast<MemoryCap*>(ud);
    // When ptr is NULL, osize encodes the kind of object, not a size.
    const std::size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        std::free(ptr);
        m->used -= old;
        return nullptr;
    }
    // Shrinking never fails; growing is checked against the cap.
    if (nsize > old && (m->used >= m->cap || nsize - old > m->cap - m->used)) {
        m->hit = true;
        return nullptr;
    }
    void* p = std::realloc(ptr, nsize);
    if (!p) return nullptr;
    m->used = m->used - old + nsize;
    if (m->used > m->peak) m->peak = m->used;
    return p;
}

} // namespace oh

namespace oh {

bool MemoryCap::charge(std::size_t bytes) noexcept {
    if (!fits(bytes)) return false;
    used += bytes;
    charged += bytes;
    if (used > peak) peak = used;
    return true;
}

void MemoryCap::release(std::size_t bytes) noexcept {
    if (bytes > charged) bytes = charged;
    charged -= bytes;
    used -= bytes;
}

} // namespace oh
