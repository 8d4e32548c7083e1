// The bounded queue between Outlook's thread (Notify) and the dispatcher thread.
// push() never blocks and never allocates: a fixed ring of slots claimed with atomics
// (a bounded multi-producer queue in the style of Dmitry Vyukov's). When the ring is full
// the notification goes to a one-slot "latest" cell instead, replacing an older one there:
// intermediate notifications are coalesced, never the last one, and the number coalesced
// travels with the next notification delivered.
#pragma once

#include "event.h"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace oh {

class EventQueue {
  public:
    static constexpr std::size_t capacity = 1024; // a power of two

    EventQueue();
    // Any thread. n.seq must be set (increasing in the order notifications arrived).
    void push(const Notification& n) noexcept;
    // The dispatcher thread only. Notifications come out in increasing seq; one older
    // than one already delivered (possible only with several producers) is coalesced.
    std::optional<Notification> pop() noexcept;

    std::uint64_t next_seq() noexcept { return seq_.fetch_add(1, std::memory_order_relaxed) + 1; }
    // The sink's client token, restored on coalesced notifications.
    void set_token(std::uint32_t token) noexcept { token_ = token; }
    void note_ignored() noexcept { ignored_.fetch_add(1, std::memory_order_relaxed); }
    std::uint64_t ignored() const noexcept { return ignored_.load(std::memory_order_relaxed); }
    // Coalesced since the last notification delivered (reported with the next one).
    // Dispatcher thread only.
    std::uint64_t coalesced_pending() const noexcept {
        return pending_coalesced_.load(std::memory_order_relaxed) + dropped_stale_;
    }
    std::uint64_t coalesced_total() const noexcept {
        return coalesced_total_.load(std::memory_order_relaxed);
    }

  private:
    struct Slot {
        std::atomic<std::size_t> turn;
        Notification value;
    };
    bool try_push(const Notification& n) noexcept;
    void push_latest(const Notification& n) noexcept;
    std::optional<Notification> pop_ring() noexcept;
    std::optional<Notification> pop_latest() noexcept;

    std::array<Slot, capacity> slots_;
    alignas(64) std::atomic<std::size_t> head_{0};     // next to write
    alignas(64) std::atomic<std::size_t> tail_{0};     // next to read
    alignas(64) std::atomic<std::uint64_t> latest_{0}; // packed, 0 = empty
    std::atomic<std::uint64_t> seq_{0};
    std::atomic<std::uint64_t> pending_coalesced_{0};
    std::atomic<std::uint64_t> coalesced_total_{0};
    std::atomic<std::uint64_t> ignored_{0};
    std::uint32_t token_ = 0;
    std::uint64_t last_seq_ = 0; // dispatcher side
    std::uint64_t dropped_stale_ = 0;
};

} // namespace oh
