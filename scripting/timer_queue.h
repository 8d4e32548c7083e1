// Timers on the engine's clock: ordered by due time, then by insertion, so that two timers
// due at the same virtual instant fire in the order they were set. Cancelling removes the
// entry at once (O(log n)): a script that sets and cancels far-future timers in a loop must
// not leave them behind until their due time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

namespace oh {

class TimerQueue {
  public:
    using Id = std::uint64_t;

    Id add(double due, std::function<void()> fn);
    bool cancel(Id id);
    std::optional<double> next_due() const;
    // The earliest entry due at or before `now`, removed from the queue; empty if none.
    std::function<void()> pop_due(double now);
    std::size_t size() const { return entries_.size(); }

  private:
    using Key = std::pair<double, Id>; // (due, insertion order)
    std::map<Key, std::function<void()>> entries_;
    std::unordered_map<Id, double> due_of_; // what cancel() needs to find an entry's key
    Id next_id_ = 1;
};

} // namespace oh
