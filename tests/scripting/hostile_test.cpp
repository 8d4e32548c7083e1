// Hostile scripts, all in one threaded host at once: an endless loop, a memory bomb, an error
// in every call, 10,000 hooks.run calls, runaway recursion and a huge log line. Their
// well-behaved neighbour, named so that it runs after all of them, must still handle every
// notification, and the host must keep answering.
#include "catch.hpp"
#include "support.h"

#include "engine.h"

#include <future>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

// What the platform recorded, copied on the dispatcher thread.
struct Recorded {
    std::vector<RecordedLog> logs;
    std::vector<RecordedError> errors;
};

struct HostileHost {
    RealClock clock;
    RecordingPlatform platform{clock};
    ComPtr<FakeOutlook> outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    std::unique_ptr<AddinCore> core;

    explicit HostileHost(const ScriptDir& dir) {
        AddinConfig config;
        config.scripts_dir = dir.path();
        // Room for the bomb to reach the (default) memory cap, the recursion to overflow the
        // stack and the 10,000 refused runs to finish before the budget, even under the
        // sanitizers; the endless loop then costs 3 x 2 s before its quarantine.
        config.engine.budget = 2.0;
        core = std::make_unique<AddinCore>(platform, clock, config);
        core->engine().set_observer(&platform);
        REQUIRE(core->start(outlook.get()).ok());
    }
    // That the dispatcher thread answers at all is the host staying responsive.
    Recorded snapshot() {
        std::promise<Recorded> p;
        core->engine().post([&] { p.set_value(Recorded{platform.logs, platform.errors}); });
        return p.get_future().get();
    }
    bool wait_for_log(const std::string& message, double seconds = 60) {
        const auto t0 = std::chrono::steady_clock::now();
        while (seconds_since(t0) < seconds) {
            for (const auto& l : snapshot().logs)
                if (l.record.message == message) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
};

void write_hostile_scripts(const ScriptDir& dir) {
    dir.write("a_loop.lua", "hooks.on('change', function() while true do end end)\n");
    dir.write("b_bomb.lua", "hooks.on('change', function()\n"
                            "  local t = {}\n"
                            "  while true do t[#t + 1] = ('x'):rep(1 << 20) .. #t end\n"
                            "end)\n");
    dir.write("c_errors.lua", "hooks.on('change', function(e) error('boom ' .. e.seq) end)\n");
    dir.write("d_runs.lua", "local reported = false\n"
                            "hooks.on('change', function()\n"
                            "  local ok, refused, first = 0, 0, nil\n"
                            "  for i = 1, 10000 do\n"
                            "    local done, err = pcall(hooks.run, {'true', tostring(i)})\n"
                            "    if done then ok = ok + 1 else refused = refused + 1\n"
                            "      first = first or err end\n"
                            "  end\n"
                            "  hooks.log.info('runs ok=%d refused=%d: %s', ok, refused, first)\n"
                            "end)\n");
    dir.write("e_recurse.lua", "local function f(n) return f(n + 1) + 1 end\n"
                               "hooks.on('change', function() f(1) end)\n");
    dir.write("f_huge_log.lua",
              "hooks.on('change', function() hooks.log.info(('y'):rep(4 << 20)) end)\n");
    dir.write("z_good.lua",
              "hooks.on('change', function(e) hooks.log.info('good %d', e.seq) end)\n");
}

bool has_error(const Recorded& r, const std::string& script, const std::string& text) {
    for (const auto& e : r.errors)
        if (e.error.script == script && e.error.message.find(text) != std::string::npos)
            return true;
    return false;
}

bool has_log(const Recorded& r, const std::string& text) {
    for (const auto& l : r.logs)
        if (l.record.message.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("Hostile scripts do not stop a well-behaved neighbour or the host",
          "[limits][hostile][thread]") {
    ScriptDir dir;
    write_hostile_scripts(dir);
    HostileHost host(dir);
    constexpr int rounds = 5; // past the 3 failures that quarantine a script
    for (int i = 1; i <= rounds; ++i) {
        host.outlook->transition(i % 2 ? State::offline : State::online, {Phase::change});
        INFO("notification " << i);
        REQUIRE(host.wait_for_log("good " + std::to_string(i)));
    }
    const Recorded r = host.snapshot();
    host.core->shutdown();

    CHECK(has_error(r, "a_loop", "time budget"));
    CHECK(has_error(r, "b_bomb", "memory cap"));
    CHECK(has_error(r, "c_errors", "boom 1"));
    CHECK(has_error(r, "e_recurse", "stack overflow"));
    for (const char* name : {"a_loop", "b_bomb", "c_errors", "e_recurse"})
        CHECK(has_log(r, "script '" + std::string(name) + "' is quarantined"));
    // hooks.run: 8 programs at once, then a clear error (the recording platform never ends
    // them, so every later call is refused too).
    CHECK(has_log(r, "runs ok=8 refused=9992: "));
    CHECK(has_log(r, "8 programs running (the limit)"));
    CHECK(has_log(r, "runs ok=0 refused=10000: "));
    // The huge line is cut, and says so.
    bool cut = false;
    for (const auto& l : r.logs)
        if (l.record.script == "f_huge_log")
            cut = l.record.message.size() < (65u << 10) &&
                  l.record.message.find("more bytes cut") != std::string::npos;
    CHECK(cut);
}
