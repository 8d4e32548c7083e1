// The queue between Outlook's thread and the dispatcher: bounded, never blocking, and when
// full it coalesces intermediate notifications but never the last one.
#include "catch.hpp"

#include "event_queue.h"

#include <thread>
#include <vector>

using namespace oh;

namespace {

Notification make(EventQueue& q, State to) {
    Notification n;
    n.seq = q.next_seq();
    n.phase = Phase::change;
    n.old_state = to == State::online ? State::offline : State::online;
    n.new_state = to;
    return n;
}

} // namespace

TEST_CASE("Notifications come out in order", "[queue]") {
    auto q = std::make_unique<EventQueue>();
    for (int i = 0; i < 10; ++i) q->push(make(*q, i % 2 ? State::online : State::offline));
    for (std::uint64_t seq = 1; seq <= 10; ++seq) {
        auto n = q->pop();
        REQUIRE(n);
        CHECK(n->seq == seq);
        CHECK(n->coalesced == 0);
    }
    CHECK_FALSE(q->pop());
}

TEST_CASE("A full queue coalesces the middle and keeps the last notification", "[queue]") {
    auto q = std::make_unique<EventQueue>();
    const std::size_t total = EventQueue::capacity + 500;
    for (std::size_t i = 0; i < total; ++i)
        q->push(make(*q, i % 2 ? State::online : State::offline));
    std::vector<Notification> out;
    while (auto n = q->pop()) out.push_back(*n);
    REQUIRE(out.size() == EventQueue::capacity + 1);
    CHECK(out.back().seq == total);
    CHECK(out.back().new_state == ((total - 1) % 2 ? State::online : State::offline));
    CHECK(out.back().coalesced == 499);
    CHECK(q->coalesced_total() == 499);
}

TEST_CASE("A storm from four threads ends in the last state sent", "[queue][storm]") {
    auto q = std::make_unique<EventQueue>();
    constexpr int per_thread = 50000;
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<bool> done{false};
    State last_seen = State::unknown;
    std::uint64_t last_seq = 0;
    bool in_order = true;
    auto take = [&](const Notification& n) {
        in_order = in_order && n.seq > last_seq; // never out of order
        last_seq = n.seq;
        last_seen = n.new_state;
        delivered += 1 + n.coalesced;
    };
    std::thread consumer([&] {
        for (;;) {
            if (auto n = q->pop()) {
                take(*n);
            } else if (done) {
                while (auto rest = q->pop()) take(*rest);
                break;
            }
        }
    });
    std::vector<std::thread> producers;
    producers.reserve(4);
    std::atomic<std::uint64_t> max_seq{0};
    std::atomic<int> max_state{0};
    std::mutex m;
    for (int t = 0; t < 4; ++t)
        producers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                auto n = make(*q, (i + t) % 2 ? State::online : State::offline);
                {
                    // Remember which notification was really the last: the highest seq.
                    std::lock_guard lock(m);
                    if (n.seq > max_seq) {
                        max_seq = n.seq;
                        max_state = static_cast<int>(n.new_state);
                    }
                }
                q->push(n);
            }
        });
    for (auto& p : producers) p.join();
    done = true;
    consumer.join();
    CHECK(last_seq == max_seq);
    CHECK(static_cast<int>(last_seen) == max_state);
    CHECK(in_order);
    // Every notification was delivered or counted as coalesced.
    CHECK(delivered + q->coalesced_pending() == std::uint64_t{4} * per_thread);
}
