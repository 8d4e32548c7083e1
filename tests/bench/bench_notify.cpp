// Outlook's side of the add-in: what one Notify() costs the caller, and how soon after it the
// first handler starts on an idle dispatcher.
#include "bench_support.h"

#include "notify_sink.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace oh::bench {

void measure_notify_to_handler(benchmark::State& state, ThreadedAddin& addin) {
    const MAPIOFFLINE_NOTIFY n[2] = {change_to(State::offline), change_to(State::online)};
    std::uint64_t seen = addin.platform.script_logs.load();
    std::vector<double> latencies_us;
    for (auto _ : state) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const std::int64_t t0 = steady_ns();
        addin.sink().Notify(&n[seen & 1]);
        addin.wait_for_logs(++seen);
        const double s = static_cast<double>(addin.platform.last_log_ns.load() - t0) * 1e-9;
        state.SetIterationTime(s);
        latencies_us.push_back(s * 1e6);
    }
    state.counters["p50_us"] = percentile(latencies_us, 0.5);
    state.counters["p99_us"] = percentile(latencies_us, 0.99);
    state.counters["max_us"] = percentile(latencies_us, 1.0);
}

namespace {

// The queue is drained (untimed) this often, so that every Notify takes the ring's path
// rather than the full-queue one.
constexpr int drain_every = 512;

struct Callee {
    virtual ~Callee() = default;
    virtual void call() noexcept;
};
void Callee::call() noexcept {}

// Reference: an empty virtual call, in the same loop shape as the Notify benchmark.
void BM_EmptyVirtualCall(benchmark::State& state) {
    auto callee = std::make_unique<Callee>();
    Callee* c = callee.get();
    int k = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(c);
        c->call();
        benchmark::ClobberMemory();
        if (++k == drain_every) {
            state.PauseTiming();
            k = 0;
            state.ResumeTiming();
        }
    }
}
BENCHMARK(BM_EmptyVirtualCall)->Repetitions(5)->ReportAggregatesOnly(true);

// Notify() as the sink does it: validate, copy, enqueue; drained between batches.
void BM_NotifySink(benchmark::State& state) {
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(0x4F48));
    IMAPIOfflineNotify* notify = sink.get();
    const MAPIOFFLINE_NOTIFY n[2] = {change_to(State::offline), change_to(State::online)};
    std::uint64_t calls = 0;
    std::uint64_t allocs = 0;
    int k = 0;
    for (auto _ : state) {
        const std::uint64_t before = thread_allocations();
        notify->Notify(&n[calls & 1]);
        allocs += thread_allocations() - before;
        ++calls;
        if (++k == drain_every) {
            state.PauseTiming();
            while (sink->queue().pop()) {
            }
            k = 0;
            state.ResumeTiming();
        }
    }
    state.counters["allocs_per_call"] = static_cast<double>(allocs) / static_cast<double>(calls);
}
BENCHMARK(BM_NotifySink)->Repetitions(5)->ReportAggregatesOnly(true);

// The same call on the add-in's real sink: the dispatcher thread drains the queue (and runs
// one script's handler) while we call, and each Notify also wakes it.
void BM_NotifyThreadedAddin(benchmark::State& state) {
    test::ScriptDir dir;
    dir.write("count.lua", "local n = 0\nhooks.on('change', function(e) n = n + 1 end)\n");
    ThreadedAddin addin(dir.path());
    const MAPIOFFLINE_NOTIFY n[2] = {change_to(State::offline), change_to(State::online)};
    std::uint64_t calls = 0;
    std::uint64_t allocs = 0;
    for (auto _ : state) {
        const std::uint64_t before = thread_allocations();
        addin.sink().Notify(&n[calls & 1]);
        allocs += thread_allocations() - before;
        ++calls;
    }
    state.counters["allocs_per_call"] = static_cast<double>(allocs) / static_cast<double>(calls);
    addin.core->shutdown();
}
BENCHMARK(BM_NotifyThreadedAddin)->Repetitions(5)->ReportAggregatesOnly(true);

// Notify until the first handler has started: the handler's first statement logs, and the
// platform's log() takes the time. Before each notification the dispatcher is left idle
// (parked on its condition variable) for a millisecond.
void BM_NotifyToFirstHandler(benchmark::State& state) {
    test::ScriptDir dir;
    dir.write("probe.lua", "hooks.on('change', function(e) hooks.log.info('h') end)\n");
    ThreadedAddin addin(dir.path());
    measure_notify_to_handler(state, addin);
    addin.core->shutdown();
}
BENCHMARK(BM_NotifyToFirstHandler)->UseManualTime()->Unit(benchmark::kMicrosecond);

} // namespace

void ThreadedAddin::start() {
    if (Status started = core->start(outlook.get()); !started.ok())
        throw std::runtime_error(started.error());
}

// The times measured are taken by the platform's log(), not here: after a short spin the
// waiter sleeps, so that on a busy machine it does not take the dispatcher's core.
void ThreadedAddin::wait_for_logs(std::uint64_t count) const {
    for (int spins = 0; platform.script_logs.load(std::memory_order_acquire) < count; ++spins)
        if (spins > 2000) std::this_thread::sleep_for(std::chrono::microseconds(20));
}

} // namespace oh::bench
