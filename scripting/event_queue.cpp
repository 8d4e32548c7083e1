#include "event_queue.h"

#include <utility>

namespace oh {

namespace {

// The "latest" cell holds a whole notification in one 64-bit word so that producers can
// replace it with a compare-and-swap: seq in bits 6..63, new state, old state, phase in the
// low bits. The raw fields are rebuilt from the decoded ones (they were valid, or the sink
// would not have queued them).
std::uint64_t pack(const Notification& n) {
    return n.seq << 6 | static_cast<std::uint64_t>(n.new_state) << 4 |
           static_cast<std::uint64_t>(n.old_state) << 2 | static_cast<std::uint64_t>(n.phase);
}

Notification unpack(std::uint64_t v, std::uint32_t token) {
    Notification n;
    n.seq = v >> 6;
    n.new_state = static_cast<State>(v >> 4 & 3);
    n.old_state = static_cast<State>(v >> 2 & 3);
    n.phase = static_cast<Phase>(v & 3);
    n.token = token;
    n.raw_size = 24;
    n.raw_type = static_cast<std::uint32_t>(n.phase) + 1;
    n.raw_mask = 3;
    n.raw_old = n.old_state == State::offline ? 1 : 2;
    n.raw_new = n.new_state == State::offline ? 1 : 2;
    return n;
}

} // namespace

EventQueue::EventQueue() {
    for (std::size_t i = 0; i < capacity; ++i) slots_[i].turn.store(i, std::memory_order_relaxed);
}

bool EventQueue::try_push(const Notification& n) noexcept {
    std::size_t pos = head_.load(std::memory_order_relaxed);
    for (;;) {
        Slot& slot = slots_[pos & (capacity - 1)];
        const std::size_t turn = slot.turn.load(std::memory_order_acquire);
        const auto diff = static_cast<std::ptrdiff_t>(turn) - static_cast<std::ptrdiff_t>(pos);
        if (diff == 0) {
            if (head_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
                slot.value = n;
                slot.turn.store(pos + 1, std::memory_order_release);
                return true;
            }
        } else if (diff < 0) {
            return false; // full
        } else {
            pos = head_.load(std::memory_order_relaxed);
        }
    }
}

void EventQueue::push_latest(const Notification& n) noexcept {
    const std::uint64_t mine = pack(n);
    std::uint64_t cur = latest_.load(std::memory_order_relaxed);
    // Keep whichever arrived last (the higher seq); the other is coalesced.
    while ((cur >> 6) < n.seq) {
        if (latest_.compare_exchange_weak(cur, mine, std::memory_order_release,
                                          std::memory_order_relaxed)) {
            if (cur) pending_coalesced_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
    }
    pending_coalesced_.fetch_add(1, std::memory_order_relaxed);
}

void EventQueue::push(const Notification& n) noexcept {
    if (!try_push(n)) push_latest(n);
}

std::optional<Notification> EventQueue::pop_ring() noexcept {
    const std::size_t pos = tail_.load(std::memory_order_relaxed);
    Slot& slot = slots_[pos & (capacity - 1)];
    if (slot.turn.load(std::memory_order_acquire) != pos + 1) return std::nullopt;
    Notification n = slot.value;
    slot.turn.store(pos + capacity, std::memory_order_release);
    tail_.store(pos + 1, std::memory_order_relaxed);
    return n;
}

std::optional<Notification> EventQueue::pop_latest() noexcept {
    const std::uint64_t v = latest_.exchange(0, std::memory_order_acquire);
    if (!v) return std::nullopt;
    return unpack(v, token_);
}

std::optional<Notification> EventQueue::pop() noexcept {
    for (;;) {
        auto n = pop_ring();
        const bool latest = !n;
        if (latest) n = pop_latest();
        if (!n) return std::nullopt;
        if (n->seq <= last_seq_) {
            ++dropped_stale_;
            continue;
        }
        last_seq_ = n->seq;
        // The ones the "latest" cell replaced were coalesced into it; stale ones into
        // whatever comes next.
        n->coalesced = std::exchange(dropped_stale_, 0);
        if (latest) n->coalesced += pending_coalesced_.exchange(0, std::memory_order_relaxed);
        coalesced_total_.fetch_add(n->coalesced, std::memory_order_relaxed);
        return n;
    }
}

} // namespace oh
