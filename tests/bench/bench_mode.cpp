// What reading Outlook's ExchangeConnectionMode adds to a notification's way to its handler:
// Notify until the first handler has started, with no ModeReader, and with one that answers
// from another thread through a queue (as the Windows add-in's posts the read to Outlook's
// main thread, which answers).
#include "bench_support.h"
#include "thread_mode_reader.h"

#include <benchmark/benchmark.h>

#include <memory>
#include <thread>
#include <vector>

namespace oh::bench {

namespace {

// Arg 0: no mode read; arg 1: a read answered on a thread of its own. As in
// BM_NotifyToFirstHandler, the dispatcher is left idle a millisecond before each notification.
void BM_NotifyToHandlerWithModeRead(benchmark::State& state) {
    test::ScriptDir dir;
    dir.write("probe.lua", "hooks.on('change', function(e) hooks.log.info('h') end)\n");
    test::ThreadModeReader reader(ConnectionMode::cached_connected_full);
    const bool read = state.range(0) != 0;
    ThreadedAddin addin(dir.path(), EngineOptions{}, true, read ? &reader : nullptr);
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
    state.counters["reads"] = reader.reads.load();
    addin.core->shutdown();
}
BENCHMARK(BM_NotifyToHandlerWithModeRead)
    ->Arg(0)
    ->Arg(1)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

} // namespace

} // namespace oh::bench
