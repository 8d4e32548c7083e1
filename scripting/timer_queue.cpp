#include "timer_queue.h"

#include <cmath>
#include <limits>

namespace oh {

TimerQueue::Id TimerQueue::add(double due, std::function<void()> fn) {
    // A NaN would break the ordering of the map: such a timer never comes due.
    if (std::isnan(due)) due = std::numeric_limits<double>::infinity();
    const Id id = next_id_++;
    entries_.emplace(Key{due, id}, std::move(fn));
    due_of_.emplace(id, due);
    return id;
}

bool TimerQueue::cancel(Id id) {
    auto it = due_of_.find(id);
    if (it == due_of_.end()) return false;
    entries_.erase(Key{it->second, id});
    due_of_.erase(it);
    return true;
}

std::optional<double> TimerQueue::next_due() const {
    if (entries_.empty()) return std::nullopt;
    return entries_.begin()->first.first;
}

std::function<void()> TimerQueue::pop_due(double now) {
    if (entries_.empty() || entries_.begin()->first.first > now) return {};
    auto first = entries_.begin();
    std::function<void()> fn = std::move(first->second);
    due_of_.erase(first->first.second);
    entries_.erase(first);
    return fn;
}

} // namespace oh
