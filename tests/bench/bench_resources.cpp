// What grows with a script: its subscriptions (dispatch must stay linear in them) and its
// store (a set must cost the same at 10 keys and at 50,000). Figures in docs/performance.md.
#include "bench_support.h"

#include "store.h"

#include <benchmark/benchmark.h>

#include <random>
#include <stdexcept>

namespace oh::bench {

namespace {

// One CHANGE notification per iteration to a script holding `n` "change" handlers (one
// function subscribed n times): the cost per handler must not grow with n.
void BM_DispatchSubscriptions(benchmark::State& state) {
    const auto n = state.range(0);
    test::ScriptDir dir;
    dir.write("many.lua", "local f = function(e) end\nfor i = 1, " + std::to_string(n) +
                              " do hooks.on('change', f) end\n");
    FakeHostOptions o;
    o.dir = dir.path();
    o.engine.budget = 60.0; // the walk over 100,000 handlers is what is measured
    FakeHost host(std::move(o));
    if (!host.start().ok()) throw std::runtime_error("the fake add-in did not start");
    if (!host.record().errors.empty()) throw std::runtime_error("many.lua does not load");
    State to = State::offline;
    for (auto _ : state) {
        host.go(to, {Phase::change});
        to = to == State::offline ? State::online : State::offline;
    }
    if (!host.record().errors.empty()) throw std::runtime_error("a handler failed");
    state.counters["ns_per_handler"] =
        benchmark::Counter(static_cast<double>(state.iterations() * n),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_DispatchSubscriptions)->Arg(1)->Arg(1000)->Arg(100000)->Unit(benchmark::kMicrosecond);

// hooks.store.set's work (Store::set: an append to the file, now and then a rewrite) on a
// store of `n` keys, each iteration overwriting a random one with a new integer.
void BM_StoreSet(benchmark::State& state) {
    const auto n = static_cast<int>(state.range(0));
    test::TempDir dir;
    Store store(dir.path() / "bench.store");
    for (int i = 0; i < n; ++i)
        if (Status set = store.set("key" + std::to_string(i), StoreValue{std::int64_t{i}});
            !set.ok())
            throw std::runtime_error(set.error());
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> pick(0, n - 1);
    std::int64_t v = 0;
    for (auto _ : state)
        if (Status set = store.set("key" + std::to_string(pick(rng)), StoreValue{++v}); !set.ok())
            throw std::runtime_error(set.error());
    state.counters["file_KiB"] = static_cast<double>(store.file_bytes()) / 1024.0;
}
BENCHMARK(BM_StoreSet)->Arg(10)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMicrosecond);

} // namespace

} // namespace oh::bench
