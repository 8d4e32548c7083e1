// Runs the engine: notifications from the queue, work posted from other threads, due
// timers and (optionally) hot reload. Threaded in the add-in (handlers never run on
// Outlook's thread); unthreaded in the fake host, which calls pump() on its virtual clock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace oh {

class Engine;
class EventQueue;

class Dispatcher {
  public:
    Dispatcher(Engine& engine, EventQueue& queue);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Unthreaded: runs everything ready now, until nothing is left.
    void pump();

    // Starts the thread; `first` runs on it before any notification is taken (loading the
    // scripts: a notification that arrives meanwhile waits in the queue for them).
    void start(std::function<void()> first = {});
    // Any thread, never blocks: the dispatcher looks at its inputs again.
    void wake() noexcept;
    // Interrupts the handler under way, runs "stop" handlers (within `deadline` seconds
    // in all) on the dispatcher thread, and joins it.
    void stop(double deadline);
    bool running() const { return thread_.joinable(); }

  private:
    bool step();
    void loop(const std::function<void()>& first);
    void log_ignored();

    Engine& engine_;
    EventQueue& queue_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::atomic<bool> woken_{false};
    std::atomic<bool> stopping_{false};
    double stop_deadline_ = 0.4;
    double next_reload_ = 0.0;
    std::uint64_t ignored_seen_ = 0;
};

} // namespace oh
