#include "dispatcher.h"

#include "long_path.h"

#include "engine.h"
#include "event_queue.h"
#include "text_file.h"

#include <algorithm>
#include <sstream>

namespace oh {

namespace {

double seconds_until(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(t - std::chrono::steady_clock::now()).count();
}

std::chrono::steady_clock::duration steady_seconds(double s) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(s));
}

// "1 s", "0.5 s"
std::string seconds_text(double s) {
    std::ostringstream out;
    out << s << " s";
    return out.str();
}

} // namespace

Dispatcher::Dispatcher(Engine& engine, EventQueue& queue) : engine_(engine), queue_(queue) {
    engine_.set_wake([this] { wake(); });
}

Dispatcher::~Dispatcher() {
    if (thread_.joinable()) stop(0.4);
    if (watch_) watch_->disarm();
    engine_.set_wake(nullptr);
}

void Dispatcher::set_folder_watch(FolderWatch* watch, std::filesystem::path dir) {
    watch_ = watch;
    watch_dir_ = std::move(dir);
}

void Dispatcher::set_mode_read(ModeWait::Read read, double cap) {
    mode_wait_ = std::make_unique<ModeWait>(std::move(read), cap);
}

ConnectionMode Dispatcher::read_mode() {
    return mode_wait_ ? mode_wait_->read() : ConnectionMode::unknown;
}

// The mode for a notification taken from the queue, waiting at most `wait_left` seconds, which
// the time waited is taken from. Once it is spent, the rest go out as unknown without a read
// (a reader that does not answer is not asked again and again meanwhile).
ConnectionMode Dispatcher::read_mode_within(double& wait_left) {
    if (!mode_wait_ || wait_left <= 0) return ConnectionMode::unknown;
    const auto began = Steady::now();
    const ConnectionMode m = mode_wait_->read(wait_left);
    wait_left -= std::chrono::duration<double>(Steady::now() - began).count();
    return m;
}

void Dispatcher::log_ignored() {
    const std::uint64_t ignored = queue_.ignored();
    if (ignored == ignored_seen_) return;
    engine_.log(nullptr, LogLevel::debug,
                "ignored " + std::to_string(ignored - ignored_seen_) +
                    " notification(s) that were not online/offline state changes");
    ignored_seen_ = ignored;
}

void Dispatcher::start_watching() {
    if (!engine_.options().hot_reload) return;
    next_poll_ = Steady::now() + steady_seconds(engine_.options().reload_interval);
    try_arm(true);
}

// Arms the watch; on failure hot reload polls, which the log says once per change of mode.
void Dispatcher::try_arm(bool first) {
    if (!watch_ || watching_ || !rearm_) return;
    std::error_code ec;
    const bool exists = std::filesystem::is_directory(watch_dir_, ec);
    if (!first && !exists) return; // still gone: poll on, quietly
    const Status armed = exists
                             ? watch_->arm(watch_dir_, [this](bool lost) { folder_changed(lost); })
                             : Status(fail("the folder does not exist"));
    if (armed.ok()) {
        watching_ = true;
        if (!first)
            engine_.log(nullptr, LogLevel::info,
                        "watching the scripts folder for changes again: " +
                            path_to_utf8(watch_dir_));
        return;
    }
    rearm_ = !exists; // a folder that exists but cannot be watched stays polled
    engine_.log(nullptr, LogLevel::warn,
                "cannot watch the scripts folder " + path_to_utf8(watch_dir_) + " for changes (" +
                    armed.error() + "): looking for changes every " +
                    seconds_text(engine_.options().reload_interval) + " instead");
}

void Dispatcher::folder_changed(bool lost) noexcept {
    if (lost) lost_.store(true);
    changed_.store(true);
    wake();
}

// The watch covers the user's folder only: a machine scripts folder that exists is polled
// (rarely changed, by an administrator; a second watch is not worth its thread). One that does
// not exist (most machines) costs no wake-ups: made later, it is seen at the next change in
// the user's folder or the next start.
bool Dispatcher::polling() const {
    if (!watching_) return true;
    std::error_code ec;
    return !engine_.machine_folder().empty() &&
           std::filesystem::is_directory(os_path(engine_.machine_folder()), ec);
}

// Hot reload: after a notification once the folder has been quiet a moment, else by polling.
bool Dispatcher::reload_if_due() {
    if (!engine_.options().hot_reload) return false;
    const auto now = Steady::now();
    if (lost_.exchange(false) && watching_) {
        watching_ = false;
        rearm_ = true;
        watch_->disarm();
        engine_.log(nullptr, LogLevel::warn,
                    "the scripts folder " + path_to_utf8(watch_dir_) +
                        " was deleted, renamed or replaced: looking for changes every " +
                        seconds_text(engine_.options().reload_interval) +
                        " until it can be watched again");
        next_poll_ = now;
    }
    if (changed_.exchange(false)) {
        if (!first_change_) first_change_ = now;
        reload_due_ = std::min(now + steady_seconds(reload_quiet),
                               *first_change_ + steady_seconds(reload_max_delay));
    }
    if (polling() && now >= next_poll_) {
        next_poll_ = now + steady_seconds(engine_.options().reload_interval);
        if (!watching_) try_arm(false);
        if (!reload_due_ || *reload_due_ > now) reload_due_ = now; // polling: look now
    }
    if (!reload_due_ || now < *reload_due_) return false;
    reload_due_.reset();
    first_change_.reset();
    ++reloads_;
    return engine_.reload();
}

std::optional<double> Dispatcher::seconds_to_reload() const {
    if (!engine_.options().hot_reload) return std::nullopt;
    std::optional<double> wait;
    if (reload_due_) wait = seconds_until(*reload_due_);
    if (polling()) wait = std::min(wait.value_or(1e9), seconds_until(next_poll_));
    return wait;
}

bool Dispatcher::step() {
    bool did = false;
    // The notifications taken in one go share one wait for the mode of mode_wait at most:
    // with a reader that does not answer, the last of a burst is not held a whole wait for
    // each one before it.
    double wait_left = mode_wait_ ? mode_wait_->cap() : 0.0;
    while (auto n = queue_.pop()) {
        // Read here, not in the sink's Notify: Outlook's thread never waits for us.
        n->mode = read_mode_within(wait_left);
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
    did = reload_if_due() || did;
    if (after_step_) after_step_();
    return did;
}

void Dispatcher::pump() {
    while (step()) {
    }
}

void Dispatcher::wait(double seconds) {
    const auto reload = seconds_to_reload();
    sleep(std::min(seconds, reload.value_or(seconds)));
}

void Dispatcher::start(std::function<void()> first) {
    if (thread_.joinable()) return;
    stopping_ = false;
    if (mode_wait_) mode_wait_->resume();
    started_ = Steady::now();
    thread_ = std::thread([this, first = std::move(first)] { loop(first); });
}

void Dispatcher::wake() noexcept {
    // Only the first wake after the dispatcher looked round needs to reach it.
    if (woken_.exchange(true, std::memory_order_acq_rel)) return;
    std::lock_guard lock(mutex_);
    cv_.notify_one();
}

// Sleeps until woken or stopped, or `seconds` have passed (none: no time limit).
void Dispatcher::sleep(std::optional<double> seconds) {
    if (seconds && *seconds <= 0) return;
    std::unique_lock lock(mutex_);
    auto ready = [this] { return woken_.load() || stopping_.load(); };
    if (seconds)
        cv_.wait_for(lock, std::chrono::duration<double>(*seconds), ready);
    else
        cv_.wait(lock, ready);
    woken_.store(false, std::memory_order_release);
    wakeups_.fetch_add(1);
}

void Dispatcher::loop(const std::function<void()>& first) {
    start_watching();
    if (first) first();
    if (after_step_) after_step_();
    while (!stopping_.load()) {
        woken_.store(false, std::memory_order_release);
        if (step()) continue;
        std::optional<double> wait = seconds_to_reload();
        if (auto due = engine_.next_timer_due()) {
            const double to_timer = *due - engine_.clock().now();
            wait = std::min(wait.value_or(to_timer), to_timer);
        }
        sleep(wait);
    }
    const double up = std::chrono::duration<double>(Steady::now() - started_).count();
    engine_.log(nullptr, LogLevel::debug,
                "the dispatcher thread woke " + std::to_string(wakeups_.load()) + " times in " +
                    std::to_string(static_cast<long long>(up)) + " s (" + std::to_string(reloads_) +
                    " looks at the scripts folder)");
    engine_.stop_within(stop_deadline_);
    if (watch_) watch_->disarm();
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
    if (mode_wait_) mode_wait_->stop(); // a wait for the mode ends at once
    thread_.join();
}

} // namespace oh
