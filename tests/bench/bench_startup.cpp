// Life-cycle figures: OnConnection (AddinCore construction + start), loading 100 scripts on
// the worker and their memory, shutdown past a handler in an endless loop, and `fakehost run`
// on a long scenario (the real binary).
#include "bench_support.h"

#include "engine.h"

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <fstream>
#include <future>
#include <optional>
#include <stdexcept>

// POSIX has the program declare it; glibc also does, under _GNU_SOURCE.
extern char** environ; // NOLINT(readability-redundant-declaration)

namespace oh::bench {

namespace {

// A small script of the kind the examples are: a few handlers, a counter, log lines.
constexpr const char* small_script =
    "local offline_count = 0\n"
    "hooks.on('start', function(e) hooks.log.info('up, Outlook is %s', e.state) end)\n"
    "hooks.on('offline', function(e)\n"
    "  offline_count = offline_count + 1\n"
    "  hooks.log.info('offline #%d', offline_count)\n"
    "end)\n"
    "hooks.on('online', function(e) hooks.log.info('online after %s s', e.since) end)\n";

constexpr int script_count = 100;

void write_scripts(const test::ScriptDir& dir, int count) {
    for (int i = 0; i < count; ++i)
        dir.write("s" + std::to_string(1000 + i) + ".lua", small_script);
}

// OnConnection on Linux: AddinCore construction and start() with the threaded dispatcher,
// until start() returns (the scripts then load on the worker, off Outlook's path).
void BM_AddinStartup(benchmark::State& state) {
    test::ScriptDir dir;
    write_scripts(dir, script_count);
    for (auto _ : state) {
        const std::int64_t t0 = steady_ns();
        ThreadedAddin addin(dir.path());
        state.SetIterationTime(static_cast<double>(steady_ns() - t0) * 1e-9);
        addin.wait_for_logs(script_count);
        addin.core->shutdown();
    }
}
BENCHMARK(BM_AddinStartup)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(10);

// Bytes the Lua allocator holds for each script, read on the dispatcher thread.
double mean_script_bytes(ThreadedAddin& addin) {
    std::promise<double> bytes;
    addin.core->engine().post([&] {
        double sum = 0;
        const auto& scripts = addin.core->engine().scripts();
        for (const auto& s : scripts) sum += static_cast<double>(s->memory().used);
        bytes.set_value(scripts.empty() ? 0.0 : sum / static_cast<double>(scripts.size()));
    });
    return bytes.get_future().get();
}

// From start() to the last of 100 scripts' "start" handlers: loading on the worker.
void BM_Load100Scripts(benchmark::State& state) {
    test::ScriptDir dir;
    write_scripts(dir, script_count);
    double bytes = 0;
    for (auto _ : state) {
        ThreadedAddin addin(dir.path(), false);
        const std::int64_t t0 = steady_ns();
        addin.start();
        addin.wait_for_logs(script_count);
        state.SetIterationTime(static_cast<double>(addin.platform.last_log_ns.load() - t0) * 1e-9);
        bytes = mean_script_bytes(addin);
        addin.core->shutdown();
    }
    state.counters["KiB_per_script"] = bytes / 1024.0;
}
BENCHMARK(BM_Load100Scripts)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(5);

// Shutdown while a handler is in an endless loop (a budget far longer than the test, so that
// only the shutdown's interruption can end it); "stop" handlers must still run.
void BM_ShutdownPastEndlessLoop(benchmark::State& state) {
    test::ScriptDir dir;
    dir.write("a_loop.lua", "hooks.on('change', function() hooks.log.info('looping') "
                            "while true do end end)\n");
    dir.write("b_stop.lua", "hooks.on('stop', function() hooks.log.info('stopped') end)\n");
    EngineOptions options;
    options.budget = 60.0;
    for (auto _ : state) {
        ThreadedAddin addin(dir.path(), options);
        const MAPIOFFLINE_NOTIFY n = change_to(State::offline);
        addin.sink().Notify(&n);
        addin.wait_for_logs(1);
        const std::int64_t t0 = steady_ns();
        addin.core->shutdown(0.4);
        state.SetIterationTime(static_cast<double>(steady_ns() - t0) * 1e-9);
        if (addin.platform.logged("stopped") != 1) state.SkipWithError("stop handler did not run");
    }
}
BENCHMARK(BM_ShutdownPastEndlessLoop)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

// `<n> transitions, 30 s apart, alternating offline/online (START, CHANGE, DONE each).
std::filesystem::path write_scenario(const test::ScriptDir& dir, int transitions) {
    std::string text = "# " + std::to_string(transitions) + " transitions, 30 s apart\n";
    for (int i = 0; i < transitions; ++i) text += i % 2 ? "+30s online\n" : "+30s offline\n";
    return dir.write("long.scn", text);
}

// Runs argv with its output to /dev/null and waits; false unless it exited 0. Adds the CPU
// seconds the child used (user + system) to `cpu`: on a shared machine its wall time also
// counts the other processes' turns.
bool run_quietly(const std::vector<std::string>& args, double& cpu) {
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    const auto seconds = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
    };
    cpu += seconds(usage.ru_utime) + seconds(usage.ru_stime);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The real `fakehost run` binary on a long generated scenario. Arg: 0 = the bundled example
// scripts (what `fakehost run` uses by default), else a folder of that many small scripts.
void BM_FakehostRun(benchmark::State& state) {
    const int transitions = smoke() ? 1000 : 100000;
    test::ScriptDir dir;
    const auto scenario = write_scenario(dir, transitions);
    std::vector<std::string> args{OH_FAKEHOST_EXE, "run", "--scenario", scenario.string()};
    std::optional<test::ScriptDir> scripts;
    if (state.range(0) > 0) {
        scripts.emplace();
        write_scripts(*scripts, static_cast<int>(state.range(0)));
        args.insert(args.end(), {"--scripts", scripts->path().string()});
    }
    double cpu = 0;
    for (auto _ : state)
        if (!run_quietly(args, cpu)) state.SkipWithError("fakehost run failed");
    state.counters["transitions"] = transitions;
    state.counters["child_cpu_s"] = cpu / static_cast<double>(state.iterations());
}
BENCHMARK(BM_FakehostRun)
    ->Arg(1)
    ->Arg(10)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

} // namespace

} // namespace oh::bench
