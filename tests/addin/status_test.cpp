// AddinCore::status(), set_status_changed() and request_reload(): what the ribbon shows and
// does (scripts running, quarantined, failed to load; errors since start; Reload scripts).
#include "catch.hpp"
#include "support.h"

#include "engine.h"

#include <atomic>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

const char* const failing = R"(
hooks.on("offline", function() error("no network share") end)
)";

std::string describe(const ScriptStatus& s) {
    return s.name + " " + to_string(s.kind) + (s.last_error.empty() ? "" : ": " + s.last_error);
}

std::vector<std::string> describe(const EngineStatus& st) {
    std::vector<std::string> out;
    for (const auto& s : st.scripts) out.push_back(describe(s));
    return out;
}

} // namespace

TEST_CASE("The status lists each script with its state and last error, and counts them",
          "[addin][status]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('offline', function() end)\n");
    dir.write("flaky.lua", failing);
    dir.write("broken.lua", "hooks.on('offline', function()\n");
    auto host = start_host(dir);
    for (int i = 0; i < 3; ++i) { // max_failures (3) in a row: quarantined
        host->go(State::offline);
        host->go(State::online);
    }
    const EngineStatus st = host->core().status();
    REQUIRE(st.scripts.size() == 3);
    CHECK(describe(st.scripts[0]).rfind("broken failed to load: ", 0) == 0);
    CHECK(st.scripts[0].last_error.find("broken.lua:") != std::string::npos);
    CHECK(describe(st.scripts[1]).rfind("flaky quarantined: ", 0) == 0);
    CHECK(st.scripts[1].last_error.find("no network share") != std::string::npos);
    CHECK(st.scripts[1].last_error.find('\n') == std::string::npos); // one line for the menu
    CHECK(describe(st.scripts[2]) == "good running");
    CHECK(st.running == 1);
    CHECK(st.quarantined == 1);
    CHECK(st.errors == 4); // the load problem and three handler errors
}

TEST_CASE("The status listener is told when the status changed, and only then", "[addin][status]") {
    ScriptDir dir;
    dir.write("flaky.lua", failing);
    dir.write("quiet.lua", "hooks.on('online', function() end)\n");
    auto host = start_host(dir);
    int told = 0;
    host->core().set_status_changed([&] { ++told; });
    const std::uint64_t v0 = host->core().status().version;
    host->go(State::online); // nothing fails: no news
    CHECK(told == 0);
    host->go(State::offline);
    CHECK(told == 1);
    CHECK(host->core().status().errors == 1);
    CHECK(host->core().status().version != v0);
}

TEST_CASE("request_reload turns a quarantined script back on and keeps the error count",
          "[addin][status]") {
    ScriptDir dir;
    dir.write("flaky.lua", failing);
    auto host = start_host(dir);
    for (int i = 0; i < 3; ++i) {
        host->go(State::offline);
        host->go(State::online);
    }
    REQUIRE(host->core().status().quarantined == 1);
    host->core().request_reload();
    CHECK(host->core().status().quarantined == 1); // nothing runs until the dispatcher does
    host->pump();
    const EngineStatus st = host->core().status();
    CHECK(st.running == 1);
    CHECK(st.quarantined == 0);
    CHECK(st.errors == 3);
    bool logged = false; // the host's own line, for whoever wonders why the scripts restarted
    for (const auto& l : host->record().logs)
        logged = logged || l.record.message == "reloading every script, as asked";
    CHECK(logged);
}

TEST_CASE("A script that failed to load leaves the status once its file is gone, and is "
          "running once fixed",
          "[addin][status]") {
    ScriptDir dir;
    const auto broken = dir.write("broken.lua", "hooks.on(\n");
    dir.write("typo.lua", "hooks.on(\n");
    auto host = start_host(dir);
    REQUIRE(describe(host->core().status()).size() == 2);
    std::filesystem::remove(broken);
    dir.write("typo.lua", "hooks.on('online', function() end)\n");
    host->core().request_reload();
    host->pump();
    const auto now = describe(host->core().status());
    REQUIRE(now.size() == 1);
    CHECK(now[0].rfind("typo running: ", 0) == 0); // with the last error it had
}

TEST_CASE("status and request_reload are safe from another thread while the dispatcher runs",
          "[addin][status][thread]") {
    ScriptDir dir;
    dir.write("flaky.lua", failing);
    RealClock clock;
    RecordingPlatform platform(clock);
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    AddinConfig config;
    config.scripts_dir = dir.path();
    AddinCore core(platform, clock, config);
    std::atomic<int> told{0};
    core.set_status_changed([&] { told.fetch_add(1); });
    REQUIRE(core.start(outlook.get()).ok());
    const auto t0 = std::chrono::steady_clock::now();
    while (told.load() < 1 && seconds_since(t0) < 10) std::this_thread::yield();
    outlook->transition(State::offline, {Phase::change});
    // Told twice: the scripts loaded, then the handler's error.
    while (told.load() < 2 && seconds_since(t0) < 10) std::this_thread::yield();
    CHECK(core.status().errors == 1);
    const int before = told.load();
    core.request_reload();
    while (told.load() == before && seconds_since(t0) < 10) std::this_thread::yield();
    core.shutdown();
    CHECK(told.load() > before); // the reload changed the status (the script loaded anew)
    CHECK(core.status().running == 1);
}
