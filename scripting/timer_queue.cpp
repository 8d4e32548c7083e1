#include "timer_queue.h"

namespace oh {

TimerQueue::Id TimerQueue::add(double due, std::function<void()> fn) {
    const Id id = next_id_++;
    heap_.push({due, id});
    actions_.emplace(id, std::move(fn));
    return id;
}

bool TimerQueue::cancel(Id id) {
    return actions_.erase(id) > 0;
}

void TimerQueue::drop_cancelled() {
    while (!heap_.empty() && !actions_.count(heap_.top().id)) heap_.pop();
}

std::optional<double> TimerQueue::next_due() {
    drop_cancelled();
    if (heap_.empty()) return std::nullopt;
    return heap_.top().due;
}

std::function<void()> TimerQueue::pop_due(double now) {
    drop_cancelled();
    if (heap_.empty() || heap_.top().due > now) return {};
    const Id id = heap_.top().id;
    heap_.pop();
    auto it = actions_.find(id);
    std::function<void()> fn = std::move(it->second);
    actions_.erase(it);
    return fn;
}

} // namespace oh
