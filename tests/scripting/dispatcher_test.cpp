// The threaded dispatcher as the add-in runs it: handlers off the notifying thread,
// timers on the real clock, and a shutdown that does not wait for a runaway handler.
#include "catch.hpp"
#include "support.h"

#include "dispatcher.h"
#include "engine.h"
#include "event_queue.h"

#include <future>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

// An engine on the real clock with its dispatcher thread, fed through its queue as the
// add-in's notification sink feeds it.
struct Threaded {
    RealClock clock;
    RecordingPlatform platform{clock};
    std::unique_ptr<Engine> engine;
    EventQueue queue;
    std::unique_ptr<Dispatcher> dispatcher;

    explicit Threaded(const ScriptDir& dir) {
        engine = std::make_unique<Engine>(platform, clock, EngineOptions{});
        engine->set_observer(&platform);
        dispatcher = std::make_unique<Dispatcher>(*engine, queue);
        dispatcher->start([this, p = dir.path()] {
            engine->load_folder(p);
            engine->start(State::online);
        });
    }
    ~Threaded() { dispatcher->stop(0.4); }
    // From this (the "notifying") thread, as NotifySink::Notify does.
    void send(Phase phase, State from, State to) {
        Notification n;
        n.phase = phase;
        n.old_state = from;
        n.new_state = to;
        n.seq = queue.next_seq();
        queue.push(n);
        dispatcher->wake();
    }
    // Reads what the dispatcher thread recorded, on that thread.
    std::vector<std::string> logged() {
        std::promise<std::vector<std::string>> p;
        engine->post([&] {
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
    for (Phase phase : {Phase::start, Phase::change, Phase::done})
        t.send(phase, State::online, State::offline);
    CHECK(t.wait_for("offline seen"));
    CHECK(t.wait_for("timer fired"));
    t.dispatcher->stop(0.4);
}

TEST_CASE("Shutdown interrupts a handler stuck in an endless loop and still runs stop",
          "[dispatcher][thread]") {
    ScriptDir dir;
    dir.write("a_loop.lua",
              "hooks.on('offline', function() hooks.log.info('looping') while true do end end)\n");
    dir.write("b_stop.lua", "hooks.on('stop', function() hooks.log.info('stopped') end)\n");
    Threaded t(dir);
    t.send(Phase::change, State::online, State::offline);
    REQUIRE(t.wait_for("looping"));
    const auto t0 = std::chrono::steady_clock::now();
    t.dispatcher->stop(0.4);
    INFO("shutdown took " << seconds_since(t0) << " s");
    CHECK(seconds_since(t0) < 30.0); // it returned at all; the 500 ms figure is a benchmark
    bool stopped = false;
    for (const auto& l : t.platform.logs) stopped = stopped || l.record.message == "stopped";
    CHECK(stopped);
}
