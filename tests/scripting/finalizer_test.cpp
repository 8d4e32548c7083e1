// Finalizers (__gc) and to-be-closed variables (__close) under the time budget: in a
// handler's collectgarbage(), when a script is unloaded (reload, stop) and at the host's end.
// Lua runs __gc with hooks off, so each test that loops would hang the host without the fix.
#include "catch.hpp"
#include "support.h"

#include "engine.h"

using namespace oh;
using namespace oh::test;

namespace {

FakeHostOptions fast_budget() {
    FakeHostOptions o;
    o.engine.budget = 0.05;
    return o;
}

std::vector<std::string> error_messages(FakeHost& h) {
    std::vector<std::string> out;
    for (const auto& e : h.record().errors) out.push_back(e.error.script + ": " + e.error.message);
    return out;
}

std::vector<std::string> host_lines(FakeHost& h) {
    std::vector<std::string> out;
    for (const auto& l : h.record().logs) out.push_back(l.record.message);
    return out;
}

const char* const endless_gc = "setmetatable({}, {__gc = function() while true do end end})\n";

} // namespace

TEST_CASE("A __gc that loops forever in collectgarbage() is stopped by the handler's budget",
          "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", std::string("hooks.on('offline', function()\n") + endless_gc +
                           "collectgarbage()\nend)\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, fast_budget());
    h->go(State::offline);
    CHECK(seconds_since(t0) < 10);
    const auto errors = error_messages(*h);
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].find("g: ") == 0);
    CHECK(errors[0].find("g.lua:2: time budget of 50 ms exceeded") != std::string::npos);
}

TEST_CASE("A __gc that loops forever does not hang stop, reload or the end of a run",
          "[finalizer][hostile]") {
    ScriptDir dir;
    // Kept alive by a global: it is finalized only when the state closes.
    dir.write("g.lua", "keep = setmetatable({}, {__gc = function() while true do end end})\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, fast_budget());
    dir.write("g.lua", "keep = setmetatable({}, {__gc = function() while true do end end})\n"
                       "-- v2\n");
    CHECK(h->reload());
    h->stop();
    CHECK(seconds_since(t0) < 10);
    // Once at the reload, once at the stop: reported, with the script's file and line.
    const auto errors = error_messages(*h);
    REQUIRE(errors.size() == 2);
    for (const auto& e : errors)
        CHECK(e.find("g.lua:1: time budget of 50 ms exceeded") != std::string::npos);
}

TEST_CASE("A __gc put into the metatable after setmetatable still runs under the budget",
          "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", "local mt = {__gc = function() end}\n"
                       "keep = setmetatable({}, mt)\n"
                       "mt.__gc = function() while true do end end\n"
                       "local late = {}\n"
                       "setmetatable({}, late)\n"
                       "late.__gc = function() hooks.log.info('never, as in Lua') end\n"
                       "collectgarbage()\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, fast_budget());
    h->stop();
    CHECK(seconds_since(t0) < 10);
    CHECK(messages(*h, "info").empty());
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("g.lua:3: time budget") != std::string::npos);
}

TEST_CASE("An error raised in __gc is reported with the script's name and file:line",
          "[finalizer]") {
    ScriptDir dir;
    dir.write("g.lua", "setmetatable({}, {__gc = function() error('broken finalizer') end})\n"
                       "collectgarbage()\n");
    auto h = start_host(dir);
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.script == "g");
    // Lua shortens a long chunk name from the left ("...Temp/oh-test-1/g.lua").
    CHECK(h->record().errors[0].error.message.find("/g.lua:1: broken finalizer") !=
          std::string::npos);
    CHECK(any_contains(host_lines(*h), "error in __gc finalizer: "));
}

TEST_CASE("A finalizer that resurrects its table and sets a new __gc runs at each collection",
          "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", "local n = 0\n"
                       "local function again(t)\n"
                       "  n = n + 1\n"
                       "  hooks.log.info('finalized ' .. n)\n"
                       "  setmetatable(t, {__gc = again})\n"
                       "end\n"
                       "setmetatable({}, {__gc = again})\n"
                       "collectgarbage(); collectgarbage()\n"
                       "hooks.on('offline', function() collectgarbage() end)\n");
    auto h = start_host(dir);
    h->go(State::offline);
    h->stop();
    // Two in the main chunk, one in the handler, one at the close; none after that (Lua
    // marks nothing for finalization while a state closes).
    CHECK(messages(*h) ==
          std::vector<std::string>{"finalized 1", "finalized 2", "finalized 3", "finalized 4"});
    CHECK(h->record().errors.empty());
}

TEST_CASE("A __gc may call hooks.after and hooks.store.set while its script closes",
          "[finalizer][hostile]") {
    ScriptDir dir;
    TempDir store;
    dir.write(
        "g.lua",
        "keep = setmetatable({}, {__gc = function()\n"
        "  hooks.store.set('saved', 'by __gc')\n"
        "  local t = hooks.after(0, function() hooks.log.info('never') end)\n"
        "  t:cancel()\n"
        "  hooks.after(1, function() hooks.log.info('never') end)\n"
        "end})\n"
        "hooks.on('start', function() hooks.log.info(tostring(hooks.store.get('saved'))) end)\n");
    FakeHostOptions o;
    o.engine.store_dir = store.path();
    {
        auto h = start_host(dir, o);
        h->advance(5);
        h->stop();
        CHECK(h->record().errors.empty());
        CHECK(messages(*h) == std::vector<std::string>{"nil"});
    }
    auto h = start_host(dir, o);
    h->advance(5);
    CHECK(messages(*h) == std::vector<std::string>{"by __gc"});
}

TEST_CASE("A __gc that allocates until the memory cap is stopped and reported",
          "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", "keep = setmetatable({}, {__gc = function()\n"
                       "  local t = {}\n"
                       "  for i = 1, math.huge do t[i] = ('x'):rep(100) .. i end\n"
                       "end})\n");
    FakeHostOptions o;
    o.engine.memory_cap = 4u << 20;
    o.engine.budget = 5.0;
    auto h = start_host(dir, o);
    h->stop();
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("exceeded its memory cap of 4 MiB") !=
          std::string::npos);
}

TEST_CASE("A __gc that errors at every collection gets its script quarantined",
          "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", "local function bad(t) setmetatable(t, {__gc = bad}); error('again') end\n"
                       "setmetatable({}, {__gc = bad})\n"
                       "hooks.on('change', function() collectgarbage(); collectgarbage() end)\n");
    auto h = start_host(dir);
    // Three calls, each with an error in __gc (the second collection finalizes what the
    // first one's finalizer set up again, whenever the collector had got to it).
    h->go(State::offline);
    CHECK(h->core().engine().scripts()[0]->quarantined());
    CHECK(h->record().notices.size() == 1);
}

TEST_CASE("A __close that loops is stopped by the budget", "[finalizer][hostile]") {
    ScriptDir dir;
    SECTION("in a coroutine closed by coroutine.close") {
        dir.write(
            "c.lua",
            "hooks.on('offline', function()\n"
            "  local co = coroutine.create(function()\n"
            "    local x <close> = setmetatable({}, {__close = function() while true do end end})\n"
            "    coroutine.yield()\n"
            "  end)\n"
            "  coroutine.resume(co)\n"
            "  coroutine.close(co)\n"
            "end)\n");
    }
    SECTION("in a main chunk that errors") {
        dir.write(
            "c.lua",
            "hooks.on('offline', function() end)\n"
            "local x <close> = setmetatable({}, {__close = function() while true do end end})\n"
            "error('main chunk fails')\n");
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, fast_budget());
    h->go(State::offline);
    h->stop();
    CHECK(seconds_since(t0) < 10);
    REQUIRE_FALSE(h->record().errors.empty());
    CHECK(h->record().errors[0].error.message.find("time budget of 50 ms exceeded") !=
          std::string::npos);
}

TEST_CASE("Closing a state stops running finalizers once its budget is spent",
          "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", "keep = {}\n"
                       "for i = 1, 20000 do\n"
                       "  keep[i] = setmetatable({}, {__gc = function() while true do end end})\n"
                       "end\n");
    FakeHostOptions o;
    // Under the fake host's stop deadline of 1 s: a closing cut by that is a shutdown's.
    o.engine.budget = 0.5;
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, o);
    h->stop();
    CHECK(seconds_since(t0) < 20);
    CHECK(h->record().errors.size() == 1);
    CHECK(any_contains(host_lines(*h), "19999 __gc finalizer(s) of "));
    CHECK(any_contains(host_lines(*h), "g.lua not run: closing the script is past its time "
                                       "budget of 500 ms; the state was freed without them"));
}

TEST_CASE("A __gc put into a handle's metatable is never run", "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("h.lua", "local loop = function() while true do end end\n"
                       "getmetatable(hooks.after(1, function() end)).__gc = loop\n"
                       "getmetatable(hooks.on('start', function() end)).__gc = loop\n"
                       "hooks.after(1, function() end)\n"
                       "hooks.on('start', function() end):cancel()\n"
                       "collectgarbage()\n"
                       "hooks.log.info('alive')\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir);
    h->stop();
    CHECK(seconds_since(t0) < 10);
    CHECK(messages(*h) == std::vector<std::string>{"alive"});
}

TEST_CASE("Finalizers past a handler's spent budget are not run", "[finalizer][hostile]") {
    ScriptDir dir;
    dir.write("g.lua", "keep = {}\n"
                       "for i = 1, 2000 do\n"
                       "  keep[i] = setmetatable({}, {__gc = function() while true do end end})\n"
                       "end\n"
                       "hooks.on('offline', function() keep = nil; collectgarbage() end)\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, fast_budget());
    h->go(State::offline);
    CHECK(seconds_since(t0) < 10);
    REQUIRE(h->record().errors.size() >= 1);
    CHECK(h->record().errors[0].error.message.find("g.lua:3: time budget") != std::string::npos);
    CHECK(any_contains(host_lines(*h),
                       "1999 __gc finalizer(s) not run: the call's time budget was spent"));
}
