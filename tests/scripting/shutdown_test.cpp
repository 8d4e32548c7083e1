// Outlook closing cuts handlers short: that is not the scripts' failure. No error, no failure
// counted, no quarantine and no "turned off" notice while Outlook closes.
#include "catch.hpp"
#include "support.h"

#include "engine.h"

#include <chrono>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

bool logged_at(const std::vector<RecordedLog>& logs, LogLevel level, const std::string& text) {
    for (const auto& l : logs)
        if (l.record.level == level && l.record.message.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE("A stop handler cut short by the shutdown deadline is not a failure", "[shutdown]") {
    ScriptDir dir;
    // Two failures already: a third would quarantine the script and show a notice.
    dir.write("s.lua", "hooks.on('offline', function() error('flaky') end)\n"
                       "hooks.on('stop', function() while true do end end)\n");
    FakeHostOptions o;
    o.engine.budget = 5.0; // longer than the fake host's stop deadline of 1 s
    auto h = start_host(dir, o);
    h->go(State::offline);
    h->go(State::online);
    h->go(State::offline);
    REQUIRE(h->record().errors.size() == 2);
    h->stop();
    CHECK(h->record().errors.size() == 2);
    CHECK(h->record().notices.empty());
    CHECK(logged_at(h->record().logs, LogLevel::info,
                    "\"stop\" handler interrupted: OfflineHooks is shutting down"));
    CHECK_FALSE(logged_at(h->record().logs, LogLevel::error, "quarantined"));
}

TEST_CASE("A handler interrupted by Outlook closing is not a failure", "[shutdown][thread]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('change', function() while true do end end)\n"
                       "hooks.on('stop', function() while true do end end)\n");
    RealClock clock;
    RecordingPlatform platform(clock);
    AddinConfig config;
    config.scripts_dir = dir.path();
    config.engine.budget = 30.0;
    config.engine.max_failures = 1;
    AddinCore core(platform, clock, config);
    core.engine().set_observer(&platform);
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    REQUIRE(core.start(outlook.get()).ok());
    outlook->transition(State::offline, {Phase::change});
    const auto t0 = std::chrono::steady_clock::now();
    // The handler is looping by now (or starts and is interrupted at once: the same to us).
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    core.shutdown(0.4);
    CHECK(seconds_since(t0) < 10);
    CHECK(platform.errors.empty());
    CHECK(platform.notices.empty());
    CHECK(logged_at(platform.logs, LogLevel::info,
                    "\"change\" handler interrupted: OfflineHooks is shutting down"));
    CHECK(logged_at(platform.logs, LogLevel::info,
                    "\"stop\" handler interrupted: OfflineHooks is shutting down"));
}
