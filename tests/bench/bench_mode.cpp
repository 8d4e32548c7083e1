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
    measure_notify_to_handler(state, addin);
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
