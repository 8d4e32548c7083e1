// The dispatcher's side: notifications through the engine to scripts' handlers, against a
// bare lua_pcall of the same function, and against what users do without OfflineHooks: one
// process per event (NetworkManager's dispatcher style), here `lua5.4` on the same script.
#include "bench_support.h"

#include "api.h"
#include "lua_include.h"

#include <benchmark/benchmark.h>

#include <spawn.h>
#include <sys/wait.h>

#include <stdexcept>

// POSIX has the program declare it; glibc also does, under _GNU_SOURCE.
extern char** environ; // NOLINT(readability-redundant-declaration)

namespace oh::bench {

namespace {

// The small handler every throughput script holds.
constexpr const char* counter_script = "local n = 0\n"
                                       "hooks.on('change', function(e) n = n + 1 end)\n";

// An add-in whose dispatcher is this thread: Notify, then pump() runs the handlers.
struct PumpedAddin {
    RealClock clock;
    TimingPlatform platform;
    ComPtr<FakeOutlook> outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    std::unique_ptr<AddinCore> core;

    explicit PumpedAddin(const std::filesystem::path& dir) {
        AddinConfig config;
        config.scripts_dir = dir;
        config.threaded = false;
        core = std::make_unique<AddinCore>(platform, clock, config);
        if (Status started = core->start(outlook.get()); !started.ok())
            throw std::runtime_error(started.error());
    }
};

// One CHANGE notification per iteration, alternating offline and online, each delivered to
// the scripts before the next.
void play_changes(PumpedAddin& addin, benchmark::State& state) {
    const MAPIOFFLINE_NOTIFY n[2] = {change_to(State::offline), change_to(State::online)};
    std::uint64_t i = 0;
    for (auto _ : state) {
        addin.core->sink()->Notify(&n[i++ & 1]);
        addin.core->pump();
    }
}

// Notifications per second with `scripts` scripts each holding one small "change" handler:
// every notification is delivered to all of them (nothing coalesced: one at a time).
void BM_Throughput(benchmark::State& state) {
    const auto scripts = static_cast<int>(state.range(0));
    test::ScriptDir dir;
    for (int i = 0; i < scripts; ++i)
        dir.write("s" + std::to_string(100 + i) + ".lua", counter_script);
    PumpedAddin addin(dir.path());
    play_changes(addin, state);
    state.SetItemsProcessed(state.iterations());
    state.counters["handler_calls_per_s"] = benchmark::Counter(
        static_cast<double>(state.iterations() * scripts), benchmark::Counter::kIsRate);
    addin.core->shutdown();
}
BENCHMARK(BM_Throughput)->Arg(1)->Arg(10);

// Reference: the same handler called with lua_pcall in a loop, on a plain state, with one
// ready-made event table (what the engine's call costs beyond this is its overhead).
void BM_BareLuaPcall(benchmark::State& state) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, "local n = 0\nreturn function(e) n = n + 1 end") != LUA_OK)
        throw std::runtime_error("bare handler does not load");
    const int fn = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, 0, 9);
    const int ev = luaL_ref(L, LUA_REGISTRYINDEX);
    for (auto _ : state) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
        lua_rawgeti(L, LUA_REGISTRYINDEX, ev);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) throw std::runtime_error("bare handler failed");
    }
    lua_close(L);
}
BENCHMARK(BM_BareLuaPcall);

// fn ev -> fn(e): builds the event table as the engine does, inside the protected call.
int fresh_event_call(lua_State* L) {
    const auto* ev = static_cast<const EventData*>(lua_touserdata(L, 2));
    lua_settop(L, 1); // fn
    static const std::string profile = "Outlook";
    push_event(L, *ev, profile); // fn e
    lua_call(L, 1, 0);           // (empty)
    return 0;
}

// Second reference: the same bare loop, but every call gets a fresh event table with the
// engine's own push_event (what any host that hands each handler its own table must do).
void BM_BareLuaPcallFreshEvent(benchmark::State& state) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, "local n = 0\nreturn function(e) n = n + 1 end") != LUA_OK)
        throw std::runtime_error("bare handler does not load");
    const int fn = luaL_ref(L, LUA_REGISTRYINDEX);
    EventData ev;
    ev.kind = EventKind::change;
    ev.state = State::offline;
    ev.previous = State::online;
    ev.phase = Phase::change;
    ev.time = 1767603600.0;
    ev.since = 30.0;
    ev.seq = 1;
    ev.cause = "outlook";
    for (auto _ : state) {
        lua_pushcfunction(L, fresh_event_call);
        lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
        lua_pushlightuserdata(L, &ev);
        if (lua_pcall(L, 2, 0, 0) != LUA_OK) throw std::runtime_error("bare handler failed");
    }
    lua_close(L);
}
BENCHMARK(BM_BareLuaPcallFreshEvent);

// Third reference: Lua itself builds the same nine fields with a table constructor (the
// cheapest way Lua has to make a table: no API calls, keys interned at compile time) and
// calls the handler with it. What any fresh event table costs, whoever builds it.
void BM_BareLuaPcallConstructorEvent(benchmark::State& state) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, "local n = 0\n"
                         "local function handler(e) n = n + 1 end\n"
                         "return function(seq)\n"
                         "  handler({ name = 'change', state = 'offline', previous = 'online',\n"
                         "    phase = 'change', time = 1767603600.0, since = 30.0,\n"
                         "    profile = 'Outlook', seq = seq, cause = 'outlook' })\n"
                         "end") != LUA_OK)
        throw std::runtime_error("constructor handler does not load");
    const int fn = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_Integer seq = 0;
    for (auto _ : state) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
        lua_pushinteger(L, ++seq);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) throw std::runtime_error("bare handler failed");
    }
    lua_close(L);
}
BENCHMARK(BM_BareLuaPcallConstructorEvent);

// A handler that computes: 100,000 iterations of a small loop. The engine runs it under its
// instruction-count budget hook; Lua then checks a trap on every instruction.
constexpr const char* loop_body = "local s = 0\n"
                                  "for i = 1, 100000 do s = s + i % 7 end\n";

void BM_HandlerLoop(benchmark::State& state) {
    test::ScriptDir dir;
    dir.write("loop.lua", std::string("hooks.on('change', function(e)\n") + loop_body + "end)\n");
    PumpedAddin addin(dir.path());
    play_changes(addin, state);
    addin.core->shutdown();
}
BENCHMARK(BM_HandlerLoop)->Unit(benchmark::kMicrosecond);

// Reference: the same loop with a bare lua_pcall, no hook.
void BM_BareLuaLoop(benchmark::State& state) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, (std::string("return function(e)\n") + loop_body + "end").c_str()) !=
        LUA_OK)
        throw std::runtime_error("bare loop does not load");
    const int fn = luaL_ref(L, LUA_REGISTRYINDEX);
    for (auto _ : state) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
        lua_createtable(L, 0, 9);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) throw std::runtime_error("bare loop failed");
    }
    lua_close(L);
}
BENCHMARK(BM_BareLuaLoop)->Unit(benchmark::kMicrosecond);

// Stands in for the add-in in a fresh lua5.4 process: loads the script, calls its handlers
// for one event, exits.
constexpr const char* one_shot_runner = R"(local script, name, state = ...
local handlers = {}
hooks = {
  on = function(n, fn) handlers[n] = handlers[n] or {}; handlers[n][#handlers[n] + 1] = fn end,
  log = { info = print, warn = print, error = print, debug = function() end },
}
dofile(script)
local e = { name = name, state = state, previous = state == "offline" and "online" or "offline",
            phase = "change", time = os.time(), seq = 1, cause = "outlook", profile = "Outlook" }
for _, fn in ipairs(handlers[name] or {}) do fn(e) end
)";

void run_process(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start " + args[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(args[0] + " failed");
}

// One lua5.4 process per event, on the same one-handler script as BM_Throughput/1.
void BM_ProcessPerEvent(benchmark::State& state) {
    test::ScriptDir dir;
    const auto script = dir.write("s100.lua", counter_script);
    const auto runner = dir.write("runner.lua", one_shot_runner);
    std::uint64_t i = 0;
    for (auto _ : state)
        run_process(
            {"lua5.4", runner.string(), script.string(), "change", i++ & 1 ? "online" : "offline"});
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProcessPerEvent)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace

} // namespace oh::bench
