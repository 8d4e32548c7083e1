// The dispatcher's wait for Outlook's ExchangeConnectionMode (AddinConfig::mode_reader): a
// notification is delivered once the mode is read, or after at most mode_wait seconds with
// "unknown"; a late answer is dropped, even once the add-in is gone; shutdown ends a wait.
#include "catch.hpp"
#include "lines_platform.h"
#include "support.h"
#include "thread_mode_reader.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>

using namespace oh;
using namespace oh::test;

namespace {

const char* const logger = R"(
hooks.on("start", function(e) hooks.log.info("start %s %s", e.mode, e.reason) end)
hooks.on("offline", function(e) hooks.log.info("offline %s %s", e.mode, e.reason) end)
hooks.on("online", function(e) hooks.log.info("online %s %s", e.mode, e.reason) end)
hooks.on("stop", function(e) hooks.log.info("stop %s", hooks.outlook.mode()) end)
)";

struct Rig {
    explicit Rig(ModeReader& reader, double wait = 0.5, State initial = State::online)
        : outlook(ComPtr<FakeOutlook>::attach(FakeOutlook::create(initial))) {
        dir.write("s.lua", logger);
        AddinConfig config;
        config.scripts_dir = dir.path();
        config.mode_reader = &reader;
        config.mode_wait = wait;
        core = std::make_unique<AddinCore>(platform, clock, config);
        REQUIRE(core->start(outlook.get()).ok());
    }
    void go(State to) { outlook->transition(to, {Phase::change}); }

    ScriptDir dir;
    RealClock clock;
    LinesPlatform platform;
    ComPtr<FakeOutlook> outlook;
    std::unique_ptr<AddinCore> core;
};

} // namespace

TEST_CASE("A notification waits for the mode read on another thread and carries it",
          "[addin][mode][thread]") {
    ThreadModeReader reader(ConnectionMode::cached_connected_full);
    Rig rig(reader);
    REQUIRE(rig.platform.wait_for(1).size() == 1);
    reader.set_mode(ConnectionMode::cached_disconnected);
    rig.go(State::offline);
    REQUIRE(rig.platform.wait_for(2).size() == 2);
    reader.set_mode(ConnectionMode::cached_connected_headers);
    rig.go(State::online);
    rig.platform.wait_for(3);
    rig.core->shutdown();
    CHECK(rig.platform.lines() ==
          std::vector<std::string>{
              "start cached-connected-full unknown", "offline cached-disconnected network",
              "online cached-connected-headers network", "stop cached-connected-headers"});
}

TEST_CASE("The start event carries the mode read at start, and its reason",
          "[addin][mode][thread]") {
    ThreadModeReader reader(ConnectionMode::cached_offline);
    Rig rig(reader, 0.5, State::offline);
    CHECK(rig.platform.wait_for(1) == std::vector<std::string>{"start cached-offline user"});
}

// Holds every read for the test to answer; each new read first answers all earlier ones
// once more (a reader breaking its contract: a stale answer during the new read's wait).
class LateReader final : public ModeReader {
  public:
    void read_mode(Done done) override {
        std::vector<Done> earlier;
        {
            std::lock_guard lock(mutex_);
            earlier = all_;
            all_.push_back(done);
            held_.push_back(std::move(done));
        }
        for (auto& d : earlier) d(ConnectionMode::cached_offline);
        reads.fetch_add(1);
    }
    // Answers the reads held so far, late, with `m`.
    void answer_held(ConnectionMode m) {
        std::vector<Done> held;
        {
            std::lock_guard lock(mutex_);
            held.swap(held_);
        }
        for (auto& d : held) d(m);
    }
    std::vector<Done> all() {
        std::lock_guard lock(mutex_);
        return all_;
    }
    std::atomic<int> reads{0};

  private:
    std::mutex mutex_;
    std::vector<Done> held_;
    std::vector<Done> all_;
};

TEST_CASE("A mode not answered goes out as unknown after mode_wait, and late answers are "
          "dropped, even once the add-in is gone",
          "[addin][mode][thread]") {
    LateReader reader;
    std::vector<ModeReader::Done> all;
    {
        Rig rig(reader, 0.05);
        REQUIRE(rig.platform.wait_for(1).size() == 1);
        reader.answer_held(ConnectionMode::cached_offline); // late: the start went out
        rig.go(State::offline);
        REQUIRE(rig.platform.wait_for(2).size() == 2);
        reader.answer_held(ConnectionMode::cached_offline);
        rig.go(State::online);
        rig.platform.wait_for(3);
        rig.core->shutdown();
        CHECK(rig.platform.lines() ==
              std::vector<std::string>{"start unknown unknown", "offline unknown unknown",
                                       "online unknown unknown", "stop unknown"});
        CHECK(reader.reads.load() == 3);
        all = reader.all();
    }
    // The add-in is gone; these answers must land nowhere harmful (ASan would see it).
    REQUIRE(all.size() == 3);
    for (auto& done : all) done(ConnectionMode::online);
}

TEST_CASE("While Outlook has not answered a read, later notifications do not wait for the mode",
          "[addin][mode][thread]") {
    LateReader reader;
    Rig rig(reader, 0.05);
    REQUIRE(rig.platform.wait_for(1).size() == 1); // the start's read, unanswered
    rig.go(State::offline);
    rig.go(State::online);
    REQUIRE(rig.platform.wait_for(3).size() == 3);
    CHECK(reader.reads.load() == 1); // no read piled up behind the unanswered one
    reader.answer_held(ConnectionMode::cached_offline); // Outlook's thread is back
    rig.go(State::offline);
    REQUIRE(rig.platform.wait_for(4).size() == 4);
    CHECK(reader.reads.load() == 2);
    rig.core->shutdown();
}

TEST_CASE("Shutdown ends a wait for the mode at once, however long mode_wait is",
          "[addin][mode][thread]") {
    ThreadModeReader reader(ConnectionMode::unknown, /*answers=*/false);
    Rig rig(reader, 3600);
    // The start's own read waits too: shutdown ends it, then the notification's.
    const auto t0 = std::chrono::steady_clock::now();
    while (reader.reads.load() < 1 && seconds_since(t0) < 10) std::this_thread::yield();
    rig.go(State::offline);
    rig.core->shutdown();
    CHECK(seconds_since(t0) < 10);
    // The notification may have gone out (as unknown) in the moment before the stop.
    const auto lines = rig.platform.lines();
    REQUIRE(lines.size() >= 2);
    CHECK(lines.front() == "start unknown unknown");
    CHECK(lines.back() == "stop unknown");
    if (lines.size() == 3) CHECK(lines[1] == "offline unknown unknown");
}
