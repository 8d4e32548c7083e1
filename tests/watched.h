// An engine on the real clock with its dispatcher thread and hot reload, for the tests of
// change notifications (tests/scripting/dispatcher_watch_test.cpp,
// tests/fakehost/inotify_watch_test.cpp).
#pragma once

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

    Watched(const ScriptDir& dir, FolderWatch* watch, double reload_interval) {
        EngineOptions o;
        o.hot_reload = true;
        o.reload_interval = reload_interval;
        engine = std::make_unique<Engine>(platform, clock, o);
        dispatcher = std::make_unique<Dispatcher>(*engine, queue);
        dispatcher->set_folder_watch(watch, dir.path());
        dispatcher->start([this, p = dir.path()] {
            engine->load_folder(p);
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

} // namespace oh::test
