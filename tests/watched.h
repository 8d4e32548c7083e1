// An engine on the real clock with its dispatcher thread and hot reload, and the scenarios
// every kind of watch must pass, for the tests of change notifications
// (tests/scripting/dispatcher_watch_test.cpp with a fake watch,
// tests/fakehost/inotify_watch_test.cpp, tests/addin/folder_watch_test.cpp under Wine).
#pragma once

#include "catch.hpp"
#include "support.h"

#include "change_watch.h"
#include "dispatcher.h"
#include "engine.h"
#include "event_queue.h"

#include <future>
#include <thread>

namespace oh::test {

inline std::string versioned(int v) {
    return "hooks.on('start', function() hooks.log.info('start v" + std::to_string(v) + "') end)\n";
}

// An engine on the real clock with its dispatcher thread, hot reload on, watched by `watch`.
struct Watched {
    RealClock clock;
    RecordingPlatform platform{clock};
    std::unique_ptr<Engine> engine;
    EventQueue queue;
    std::unique_ptr<Dispatcher> dispatcher;

    // `machine`: a machine scripts folder beside dir (never watched: polled).
    Watched(const ScriptDir& dir, FolderWatch* watch, double reload_interval,
            const fs::path& machine = {}) {
        EngineOptions o;
        o.hot_reload = true;
        o.reload_interval = reload_interval;
        engine = std::make_unique<Engine>(platform, clock, o);
        dispatcher = std::make_unique<Dispatcher>(*engine, queue);
        dispatcher->set_folder_watch(watch, dir.path());
        dispatcher->start([this, p = dir.path(), machine] {
            engine->load_folder(p, machine);
            engine->start(State::online);
        });
    }
    ~Watched() { dispatcher->stop(0.4); }
    // Every line logged so far (the host's and the scripts'), read on the dispatcher thread.
    std::vector<std::string> logged() {
        std::promise<std::vector<std::string>> p;
        engine->post([&] {
            std::vector<std::string> out;
            for (const auto& l : platform.logs) out.push_back(l.record.message);
            p.set_value(out);
        });
        return p.get_future().get();
    }
    // Waits for a line that holds `part`.
    bool wait_for(const std::string& part, double seconds = 10) {
        const auto t0 = std::chrono::steady_clock::now();
        while (seconds_since(t0) < seconds) {
            if (any_contains(logged(), part)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }
};

// Nothing changes: the dispatcher does not wake up at all for `seconds` (a watched folder is
// not polled), once what came before has settled.
inline void check_idle_host_sleeps(Watched& w, double seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto before = w.dispatcher->wakeups();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    CHECK(w.dispatcher->wakeups() == before);
}

// 1000 saves of a.lua (at version 0) in a burst, each followed by `after_save` (a fake watch
// fires there): one reload of the last version, and at most one more for each longest delay
// the burst itself lasted.
template <class AfterSave>
void check_burst_is_one_reload(Watched& w, const ScriptDir& dir, AfterSave after_save) {
    REQUIRE(w.wait_for("start v0"));
    const auto t0 = std::chrono::steady_clock::now();
    for (int v = 1; v <= 1000; ++v) {
        dir.write("a.lua", versioned(v));
        after_save();
    }
    const double burst = seconds_since(t0);
    REQUIRE(w.wait_for("start v1000"));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::size_t starts = 0;
    for (const auto& m : w.logged()) starts += m.rfind("start v", 0) == 0;
    INFO("the burst took " << burst << " s");
    CHECK(starts - 1 <= 1 + static_cast<std::size_t>(burst / Dispatcher::reload_max_delay));
}

} // namespace oh::test
