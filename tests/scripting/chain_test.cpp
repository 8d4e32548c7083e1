// Endless chains of callbacks at one instant (hooks.after(0, f) setting the next, an on_exit
// starting the next run that the fake host finishes at once) would freeze the virtual clock.
// They are stopped with an error naming the script, which is quarantined at once.
#include "catch.hpp"
#include "support.h"

#include "engine.h"

#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

const std::string ticking_neighbour =
    "hooks.after('1m', function() hooks.log.info('neighbour ticks') end)\n";

void check_stopped(FakeHost& h, const std::string& script, const std::string& what) {
    REQUIRE(h.record().errors.size() == 1);
    CHECK(h.record().errors[0].error.script == script);
    CHECK(h.record().errors[0].error.message.find(script + ".lua: an endless chain of callbacks") !=
          std::string::npos);
    CHECK(any_contains(messages(h, "error"), "error in " + what + ": "));
    CHECK(any_contains(messages(h, "error"), "quarantined after an endless chain of callbacks"));
    REQUIRE(h.record().notices.size() == 1);
    CHECK(h.record().notices[0].title == "OfflineHooks: script '" + script + "' turned off");
}

} // namespace

TEST_CASE("An endless chain of hooks.after(0) is stopped at one instant", "[chain][hostile]") {
    ScriptDir dir;
    dir.write("a_chain.lua", "local function again() hooks.after(0, again) end\n"
                             "hooks.on('offline', function() hooks.after(0, again) end)\n");
    dir.write("b_fine.lua", ticking_neighbour);
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir);
    h->go(State::offline);
    h->advance(120);
    CHECK(seconds_since(t0) < 10);
    check_stopped(*h, "a_chain", "hooks.after callback");
    CHECK(messages(*h, "info") == std::vector<std::string>{"neighbour ticks"});
}

TEST_CASE("An on_exit that starts the next run at once is stopped at one instant",
          "[chain][hostile]") {
    ScriptDir dir;
    dir.write("a_runs.lua", "local function again() hooks.run({'true'}, {on_exit = again}) end\n"
                            "hooks.on('start', again)\n");
    dir.write("b_fine.lua", ticking_neighbour);
    FakeHostOptions o;
    o.finish_runs_at_once = true;
    const auto t0 = std::chrono::steady_clock::now();
    auto h = start_host(dir, o);
    h->advance(120);
    CHECK(seconds_since(t0) < 10);
    check_stopped(*h, "a_runs", "hooks.run on_exit");
    CHECK(messages(*h, "info") == std::vector<std::string>{"neighbour ticks"});
}

TEST_CASE("A hooks.after(0) once, and long chains that let time pass, are fine", "[chain]") {
    ScriptDir dir;
    dir.write(
        "c.lua",
        "hooks.after(0, function() hooks.log.info('once') end)\n"
        "local n = 0\n"
        "local function step()\n"
        "  n = n + 1\n"
        "  if n == 20000 then hooks.log.info('20000 steps') else hooks.after('10ms', step) end\n"
        "end\n"
        "hooks.after('10ms', step)\n");
    auto h = start_host(dir);
    h->advance(300);
    CHECK(h->record().errors.empty());
    CHECK(messages(*h, "info") == std::vector<std::string>{"once", "20000 steps"});
}

TEST_CASE("A hooks.after(0) chain on a real clock is left alone", "[chain][thread]") {
    ScriptDir dir;
    dir.write("c.lua",
              "local n = 0\n"
              "local function again()\n"
              "  n = n + 1\n"
              "  if n == 30000 then hooks.log.info('30000 links') else hooks.after(0, again) end\n"
              "end\n"
              "hooks.after(0, again)\n");
    RealClock clock;
    RecordingPlatform platform(clock);
    AddinConfig config;
    config.scripts_dir = dir.path();
    AddinCore core(platform, clock, config);
    core.engine().set_observer(&platform);
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    REQUIRE(core.start(outlook.get()).ok());
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<bool> done{false};
    while (!done && seconds_since(t0) < 30) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        core.engine().post([&] {
            for (const auto& l : platform.logs) done = done || l.record.message == "30000 links";
        });
    }
    core.shutdown();
    CHECK(done);
    CHECK(platform.errors.empty());
}
