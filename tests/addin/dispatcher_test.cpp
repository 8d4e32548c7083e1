// The threaded dispatcher as the add-in runs it: handlers off the notifying thread,
// timers on the real clock, and a shutdown that does not wait for a runaway handler.
#include "catch.hpp"
#include "support.h"

#include "engine.h"

#include <future>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

struct Threaded {
    RealClock clock;
    RecordingPlatform platform{clock};
    std::unique_ptr<AddinCore> core;
    ComPtr<FakeOutlook> outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));

    explicit Threaded(const ScriptDir& dir) {
        AddinConfig config;
        config.scripts_dir = dir.path();
        core = std::make_unique<AddinCore>(platform, clock, config);
        core->engine().set_observer(&platform);
        REQUIRE(core->start(outlook.get()).ok());
    }
    // Reads what the dispatcher thread recorded, on that thread.
    std::vector<std::string> logged() {
        std::promise<std::vector<std::string>> p;
        core->engine().post([&] {
            std::vector<std::string> out;
            for (const auto& l : platform.logs)
                if (!l.record.script.empty()) out.push_back(l.record.message);
            p.set_value(out);
        });
        return p.get_future().get();
    }
    bool wait_for(const std::string& message, double seconds = 10) {
        const auto t0 = std::chrono::steady_clock::now();
        while (seconds_since(t0) < seconds) {
            if (any_contains(logged(), message)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }
};

} // namespace

TEST_CASE("Handlers run on the dispatcher thread, not on the notifying one",
          "[dispatcher][thread]") {
    ScriptDir dir;
    dir.write("t.lua", "hooks.on('offline', function() hooks.log.info('offline seen') end)\n"
                       "hooks.after('100ms', function() hooks.log.info('timer fired') end)\n");
    Threaded t(dir);
    t.outlook->transition(State::offline, {Phase::start, Phase::change, Phase::done});
    CHECK(t.wait_for("offline seen"));
    CHECK(t.wait_for("timer fired"));
    t.core->shutdown();
}

TEST_CASE("Shutdown interrupts a handler stuck in an endless loop and still runs stop",
          "[dispatcher][thread]") {
    ScriptDir dir;
    dir.write("a_loop.lua",
              "hooks.on('offline', function() hooks.log.info('looping') while true do end end)\n");
    dir.write("b_stop.lua", "hooks.on('stop', function() hooks.log.info('stopped') end)\n");
    Threaded t(dir);
    t.outlook->transition(State::offline, {Phase::change});
    REQUIRE(t.wait_for("looping"));
    const auto t0 = std::chrono::steady_clock::now();
    t.core->shutdown(0.4);
    INFO("shutdown took " << seconds_since(t0) << " s");
    CHECK(seconds_since(t0) < 30.0); // it returned at all; the 500 ms figure is a benchmark
    bool stopped = false;
    for (const auto& l : t.platform.logs) stopped = stopped || l.record.message == "stopped";
    CHECK(stopped);
}
