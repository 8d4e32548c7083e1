// Shared by the benchmarks: allocation counting, a Platform that timestamps what scripts log,
// a threaded add-in built on a scripts folder, and a valid notification.
#pragma once

#include "support.h" // ScriptDir

#include "addin_core.h"
#include "clock.h"
#include "com_ptr.h"
#include "fake_outlook.h"
#include "platform.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace benchmark {
class State;
}

namespace oh::bench {

using test::change_to;

// Heap allocations made by the calling thread so far (operator new in bench_alloc.cpp).
std::uint64_t thread_allocations();

// The smoke run (--oh_smoke): every benchmark with small sizes, only to see that it runs.
bool smoke();

inline std::int64_t steady_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The value below which a fraction `p` of `v` lies (p 1.0: the largest).
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Counts the lines scripts log and remembers when the last one came (steady clock, ns).
// Runs are refused, state requests accepted: the benchmarks' scripts use neither.
class TimingPlatform final : public Platform {
  public:
    void log(const LogRecord& record) override {
        if (record.script.empty()) return; // the host's own lines
        last_log_ns.store(steady_ns(), std::memory_order_relaxed);
        if (record.message == "stopped") stopped.fetch_add(1, std::memory_order_relaxed);
        script_logs.fetch_add(1, std::memory_order_release);
    }
    // How many "stopped" lines scripts logged (what the shutdown benchmark's stop handler says).
    int logged(const std::string& message) const {
        return message == "stopped" ? stopped.load() : -1;
    }
    void notify(const std::string&, const std::string&, const std::string&) override {}
    void run(const RunRequest&, RunDone done) override { done(RunResult{}); }
    void kill_run(std::uint64_t) override {}
    Status request_state(const std::string&, State) override { return {}; }
    Status send_receive(const std::string&) override { return {}; }

    std::atomic<std::int64_t> last_log_ns{0};
    std::atomic<std::uint64_t> script_logs{0};
    std::atomic<int> stopped{0};
};

// The add-in as Outlook runs it: threaded dispatcher, real clock, advised to a fake Outlook.
struct ThreadedAddin {
    RealClock clock;
    TimingPlatform platform;
    ComPtr<FakeOutlook> outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    std::unique_ptr<AddinCore> core;

    explicit ThreadedAddin(const std::filesystem::path& dir, bool start_now = true)
        : ThreadedAddin(dir, EngineOptions{}, start_now) {}
    // `mode_reader`: each notification waits for its answer (it outlives the add-in).
    ThreadedAddin(const std::filesystem::path& dir, EngineOptions options, bool start_now = true,
                  ModeReader* mode_reader = nullptr) {
        AddinConfig config;
        config.scripts_dir = dir;
        config.engine = std::move(options);
        config.mode_reader = mode_reader;
        core = std::make_unique<AddinCore>(platform, clock, config);
        if (start_now) start();
    }
    void start();
    // Waits (spinning, then sleeping) until scripts have logged `count` lines in all.
    void wait_for_logs(std::uint64_t count) const;
    IMAPIOfflineNotify& sink() { return *core->sink(); }
};

// The loop of the notify-to-handler benchmarks (bench_notify.cpp, bench_mode.cpp): each
// iteration leaves the dispatcher idle for a millisecond, notifies, and takes the time until
// the handler's first statement has logged; p50/p99/max counters in microseconds. The script
// in `addin` logs one line per 'change' event.
void measure_notify_to_handler(benchmark::State& state, ThreadedAddin& addin);

} // namespace oh::bench
