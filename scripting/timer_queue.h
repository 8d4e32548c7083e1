// Timers on the engine's clock: ordered by due time, then by insertion, so that two timers
// due at the same virtual instant fire in the order they were set. Cancelling is O(1):
// the entry is forgotten and skipped when it comes up.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

namespace oh {

class TimerQueue {
  public:
    using Id = std::uint64_t;

    Id add(double due, std::function<void()> fn);
    bool cancel(Id id);
    std::optional<double> next_due();
    // The earliest entry due at or before `now`, removed from the queue; empty if none.
    std::function<void()> pop_due(double now);
    std::size_t size() const { return actions_.size(); }

  private:
    struct Entry {
        double due;
        Id id;
        bool operator>(const Entry& o) const { return due != o.due ? due > o.due : id > o.id; }
    };
    void drop_cancelled();

    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
    std::unordered_map<Id, std::function<void()>> actions_;
    Id next_id_ = 1;
};

} // namespace oh
