// Hot reload: add, change, delete, rename and a broken save.
#include "catch.hpp"
#include "support.h"

#include "dispatcher.h"
#include "engine.h"

#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

std::string versioned(int v) {
    return "hooks.on('start', function() hooks.log.info('start v" + std::to_string(v) +
           "') end)\nhooks.on('stop', function() hooks.log.info('stop v" + std::to_string(v) +
           "') end)\nhooks.every('1m', function() hooks.log.info('tick v" + std::to_string(v) +
           "') end)\n";
}

} // namespace

TEST_CASE("A changed script runs stop in the old version and start in the new", "[reload]") {
    ScriptDir dir;
    dir.write("r.lua", versioned(1));
    auto h = start_host(dir);
    CHECK_FALSE(h->reload()); // nothing changed
    dir.write("r.lua", versioned(2));
    CHECK(h->reload());
    h->advance(60);
    // The old version's timer is gone with it.
    CHECK(messages(*h, "info") ==
          std::vector<std::string>{"start v1", "stop v1", "start v2", "tick v2"});
}

TEST_CASE("A broken save keeps the previous version running and says why", "[reload]") {
    ScriptDir dir;
    dir.write("r.lua", versioned(1));
    auto h = start_host(dir);
    dir.write("r.lua", "hooks.on('start', function()\n");
    h->reload();
    h->advance(60);
    CHECK(messages(*h, "info") == std::vector<std::string>{"start v1", "tick v1"});
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("r.lua:2:") != std::string::npos);
    bool kept = false;
    for (const auto& l : h->record().logs)
        kept = kept || l.record.message.find("keeping the previous version") != std::string::npos;
    CHECK(kept);
    // The same broken file is not reported again on every poll.
    h->reload();
    CHECK(h->record().errors.size() == 1);
}

TEST_CASE("Added, deleted and renamed scripts are picked up", "[reload]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    auto h = start_host(dir);
    dir.write("b.lua", versioned(2));
    CHECK(h->reload());
    CHECK(messages(*h, "info") == std::vector<std::string>{"start v1", "start v2"});
    std::filesystem::remove(dir.path() / "a.lua");
    CHECK(h->reload());
    CHECK(messages(*h, "info").back() == "stop v1");
    std::filesystem::rename(dir.path() / "b.lua", dir.path() / "c.lua");
    CHECK(h->reload());
    const auto m = messages(*h, "info");
    CHECK(std::vector<std::string>(m.end() - 2, m.end()) ==
          std::vector<std::string>{"stop v2", "start v2"});
    CHECK(h->core().engine().scripts().size() == 1);
    CHECK(h->core().engine().scripts()[0]->name() == "c");
}

TEST_CASE("The threaded dispatcher picks up a change within 2 seconds", "[reload][thread]") {
    ScriptDir dir;
    dir.write("r.lua", versioned(1));
    RealClock clock;
    RecordingPlatform platform(clock);
    AddinConfig config;
    config.scripts_dir = dir.path();
    config.engine.hot_reload = true;
    config.engine.reload_interval = 0.5;
    AddinCore core(platform, clock, config);
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    REQUIRE(core.start(outlook.get()).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    dir.write("r.lua", versioned(2));
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<bool> seen{false};
    while (!seen && seconds_since(t0) < 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        core.engine().post([&] {
            for (const auto& l : platform.logs)
                if (l.record.message == "start v2") seen = true;
        });
    }
    INFO("picked up after " << seconds_since(t0) << " s");
    CHECK(seen);
    core.shutdown();
}

TEST_CASE("What the old version's stop saves reaches the new version's main chunk", "[reload]") {
    ScriptDir dir;
    const auto version = [](int v) {
        const std::string n = std::to_string(v);
        return "hooks.log.info('main v" + n +
               " sees ' .. tostring(hooks.store.get('saved')))\n"
               "hooks.on('start', function() hooks.log.info('start v" +
               n +
               "') end)\n"
               "hooks.on('stop', function()\n"
               "  hooks.log.info('stop v" +
               n +
               "')\n"
               "  hooks.store.set('saved', 'by stop v" +
               n +
               "')\n"
               "end)\n";
    };
    dir.write("r.lua", version(1));
    auto h = start_host(dir);
    dir.write("r.lua", version(2));
    CHECK(h->reload());
    CHECK(messages(*h, "info") == std::vector<std::string>{"main v1 sees nil", "start v1",
                                                           "stop v1", "main v2 sees by stop v1",
                                                           "start v2"});
}

TEST_CASE("A new version that fails in its main chunk gives way to the previous one again",
          "[reload]") {
    ScriptDir dir;
    dir.write("r.lua", versioned(1));
    auto h = start_host(dir);
    dir.write("r.lua", versioned(2) + "error('v2 cannot start')\n");
    CHECK(h->reload());
    h->advance(60);
    CHECK(messages(*h, "info") ==
          std::vector<std::string>{"start v1", "stop v1", "start v1", "tick v1"});
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("r.lua:4: v2 cannot start") !=
          std::string::npos);
    // Reported once, not at every poll; the fixed save is picked up.
    CHECK_FALSE(h->reload());
    CHECK(h->record().errors.size() == 1);
    dir.write("r.lua", versioned(3));
    CHECK(h->reload());
    CHECK(messages(*h, "info").back() == "start v3");
}

TEST_CASE("A program of a reloaded script still ends at its timeout, and the host hears of it",
          "[reload][run]") {
    ScriptDir dir;
    dir.write("r.lua", "hooks.on('start', function()\n"
                       "  hooks.run({'hang'}, { timeout = '5s', on_exit = function(r)\n"
                       "    hooks.log.info('on_exit of the old version') end })\n"
                       "end)\n");
    auto h = start_host(dir);
    REQUIRE(h->record().runs.size() == 1);
    dir.write("r.lua", versioned(2));
    REQUIRE(h->reload());
    h->advance(6);
    // Killed at its timeout although its script is gone, and reported to the host (a --live
    // fakehost run waited a minute for it); the old version's on_exit does not run.
    REQUIRE(h->record().runs.size() == 1);
    CHECK(h->record().runs[0].done);
    CHECK(h->record().runs[0].result.timed_out);
    for (const auto& m : messages(*h, "info")) CHECK(m != "on_exit of the old version");
}
