#include "dispatcher.h"

#include "engine.h"
#include "event_queue.h"

#include <chrono>

namespace oh {

namespace {

// With nothing due, the thread still looks round this often (hot reload, missed wakes).
constexpr double idle_wait = 1.0;

} // namespace

Dispatcher::Dispatcher(Engine& engine, EventQueue& queue) : engine_(engine), queue_(queue) {
    engine_.set_wake([this] { wake(); });
}

Dispatcher::~Dispatcher() {
    if (thread_.joinable()) stop(0.4);
    engine_.set_wake(nullptr);
}

void Dispatcher::log_ignored() {
    const std::uint64_t ignored = queue_.ignored();
    if (ignored == ignored_seen_) return;
    engine_.log(nullptr, LogLevel::debug,
                "ignored " + std::to_string(ignored - ignored_seen_) +
                    " notification(s) that were not online/offline state changes");
    ignored_seen_ = ignored;
}

bool Dispatcher::step() {
    bool did = false;
    while (auto n = queue_.pop()) {
        engine_.deliver(*n);
        did = true;
    }
    log_ignored();
    did = engine_.run_posted() || did;
    const auto due = engine_.next_timer_due();
    if (due && *due <= engine_.clock().now()) {
        engine_.run_due_timers();
        did = true;
    }
    if (engine_.options().hot_reload && engine_.clock().now() >= next_reload_) {
        next_reload_ = engine_.clock().now() + engine_.options().reload_interval;
        did = engine_.reload() || did;
    }
    return did;
}

void Dispatcher::pump() {
    while (step()) {
    }
}

void Dispatcher::start(std::function<void()> first) {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this, first = std::move(first)] { loop(first); });
}

void Dispatcher::wake() noexcept {
    // Only the first wake after the dispatcher looked round needs to reach it.
    if (woken_.exchange(true, std::memory_order_acq_rel)) return;
    std::lock_guard lock(mutex_);
    cv_.notify_one();
}

void Dispatcher::loop(const std::function<void()>& first) {
    if (first) first();
    while (!stopping_.load()) {
        woken_.store(false, std::memory_order_release);
        if (step()) continue;
        double wait = idle_wait;
        if (auto due = engine_.next_timer_due())
            wait = std::min(wait, *due - engine_.clock().now());
        if (wait <= 0) continue;
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, std::chrono::duration<double>(wait),
                     [this] { return woken_.load() || stopping_.load(); });
    }
    engine_.stop_within(stop_deadline_);
}

void Dispatcher::stop(double deadline) {
    if (!thread_.joinable()) return;
    stop_deadline_ = deadline;
    engine_.interrupt(); // a handler in an endless loop ends at its next budget check
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_one();
    }
    thread_.join();
}

} // namespace oh
