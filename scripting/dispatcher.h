// Runs the engine: notifications from the queue, work posted from other threads, due
// timers and (optionally) hot reload. Threaded in the add-in (handlers never run on
// Outlook's thread); unthreaded in the fake host, which calls pump() on its virtual clock.
//
// With nothing due the thread sleeps until a notification, a posted task, the next timer or
// a change in the scripts folder: no periodic wake-up. Hot reload learns of changes from a
// FolderWatch and polls only where the folder cannot be watched.
#pragma once

#include "change_watch.h"
#include "mode_wait.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace oh {

class Engine;
class EventQueue;

class Dispatcher {
  public:
    // Quiet time after a change before the reload (an editor's save is several events; a
    // burst of saves is one reload) and the longest a change waits for its reload.
    static constexpr double reload_quiet = 0.2;
    static constexpr double reload_max_delay = 1.0;

    Dispatcher(Engine& engine, EventQueue& queue);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Hot reload (EngineOptions::hot_reload) by notifications from `watch` on `dir`; without
    // a watch it polls every reload_interval. Before start(); `watch` outlives the dispatcher.
    void set_folder_watch(FolderWatch* watch, std::filesystem::path dir);
    // Each notification taken from the queue waits for Outlook's ExchangeConnectionMode from
    // `read`, at most `cap` seconds (then "unknown"), and carries it. Before start().
    void set_mode_read(ModeWait::Read read, double cap);
    // The mode, read as for a notification; unknown without a read set. Dispatcher thread.
    ConnectionMode read_mode();

    // Called on the dispatcher's thread after each round of work (notifications, posted work,
    // timers, a reload) and after `first`: the add-in publishes the scripts' status there.
    void set_after_step(std::function<void()> after) { after_step_ = std::move(after); }

    // Arms the watch (once the engine can log; before the scripts load, so that no change
    // slips in between). Threaded: start() does it on the thread.
    void start_watching();

    // Unthreaded: runs everything ready now, until nothing is left.
    void pump();
    // Unthreaded: sleeps until woken, a reload falls due, or `seconds` have passed.
    void wait(double seconds);

    // Starts the thread; `first` runs on it before any notification is taken (loading the
    // scripts: a notification that arrives meanwhile waits in the queue for them).
    void start(std::function<void()> first = {});
    // Any thread, never blocks: the dispatcher looks at its inputs again.
    void wake() noexcept;
    // Any thread: what the FolderWatch reports.
    void folder_changed(bool lost) noexcept;
    // Interrupts the handler under way, runs "stop" handlers (within `deadline` seconds
    // in all) on the dispatcher thread, and joins it.
    void stop(double deadline);
    bool running() const { return thread_.joinable(); }
    // How often the thread has woken from sleep since start (the idle measure).
    std::uint64_t wakeups() const { return wakeups_.load(); }

  private:
    using Steady = std::chrono::steady_clock;

    bool step();
    ConnectionMode read_mode_within(double& wait_left);
    bool reload_if_due();
    void try_arm(bool first);
    bool polling() const;
    std::optional<double> seconds_to_reload() const;
    void sleep(std::optional<double> seconds);
    void loop(const std::function<void()>& first);
    void log_ignored();

    Engine& engine_;
    EventQueue& queue_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::atomic<bool> woken_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> wakeups_{0};
    double stop_deadline_ = 0.4;
    std::unique_ptr<ModeWait> mode_wait_; // none: every mode is unknown
    std::function<void()> after_step_;
    std::uint64_t ignored_seen_ = 0;

    // Hot reload; all but the two flags on the dispatcher's thread.
    FolderWatch* watch_ = nullptr;
    std::filesystem::path watch_dir_;
    bool watching_ = false; // notifications arrive; else poll
    bool rearm_ = true;     // worth arming again (the folder was missing or the watch lost)
    std::atomic<bool> changed_{false};
    std::atomic<bool> lost_{false};
    std::optional<Steady::time_point> first_change_; // of the changes not yet reloaded
    std::optional<Steady::time_point> reload_due_;
    Steady::time_point next_poll_{};
    std::uint64_t reloads_ = 0;
    Steady::time_point started_ = Steady::now();
};

} // namespace oh
