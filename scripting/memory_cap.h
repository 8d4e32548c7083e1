// A per-script allocator with a ceiling: the memory cap of the design (default 64 MiB).
// Lua asks it for every byte; past the cap it answers NULL, which Lua turns into an
// out-of-memory error (after a full collection and one more try).
//
// What the engine keeps in C++ for a script (subscriptions, timers, deferred calls, runs)
// is charged to the same cap with charge()/release(), at a fixed estimate per entry: a
// script cannot grow the host's memory past its cap by asking for bookkeeping instead of
// Lua objects.
#pragma once

#include <cstddef>

namespace oh {

struct MemoryCap {
    std::size_t cap = 0;
    std::size_t used = 0;    // Lua's bytes and the charged C++ bytes
    std::size_t charged = 0; // the C++ part of `used`
    std::size_t peak = 0;
    bool hit = false; // set when a request was refused; the host reads and clears it

    // A lua_Alloc; ud is the MemoryCap.
    static void* alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept;

    // Whether charge(bytes) would succeed now.
    bool fits(std::size_t bytes) const noexcept { return used < cap && bytes <= cap - used; }
    // Counts `bytes` of C++ bookkeeping; false (and nothing counted) past the cap.
    bool charge(std::size_t bytes) noexcept;
    // Gives back what charge() counted (never more than is charged).
    void release(std::size_t bytes) noexcept;
};

} // namespace oh

namespace oh::bookkeeping {

// What one entry of the engine's C++ bookkeeping costs a script, charged to its MemoryCap:
// estimates of the nodes and callbacks each one holds (a little over, never under).
constexpr std::size_t subscription = 96; // a map node with the Subscription
constexpr std::size_t timer = 256;       // the script's LuaTimer node and the queue's entries
constexpr std::size_t deferred = 384;    // a deferred handler call: its event and its timer
constexpr std::size_t run = 512;         // a program running: its record and timeout timer

} // namespace oh::bookkeeping
