// The dispatcher's wait for Outlook's ExchangeConnectionMode (AddinConfig::mode_reader): a
// notification is delivered once the mode is read, or after at most mode_wait seconds with
// "unknown"; a late answer is dropped, even once the add-in is gone; shutdown ends a wait.
#include "catch.hpp"
#include "support.h"
#include "thread_mode_reader.h"

#include <mutex>
#include <thread>
#include <utility>

using namespace oh;
using namespace oh::test;

namespace {

// Keeps the scripts' log lines; the dispatcher thread writes, the test reads.
class LockedPlatform final : public Platform {
  public:
    void log(const LogRecord& r) override {
        if (r.script.empty()) return;
        std::lock_guard lock(mutex_);
        lines_.push_back(r.message);
    }
    void notify(const std::string&, const std::string&, const std::string&) override {}
    void run(const RunRequest&, RunDone done) override { done(RunResult{}); }
    void kill_run(std::uint64_t) override {}
    Status request_state(const std::string&, State) override { return {}; }
    Status send_receive(const std::string&) override { return {}; }

    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // Waits (at most 10 s) for `n` lines.
    std::vector<std::string> wait_for(std::size_t n) {
        const auto t0 = std::chrono::steady_clock::now();
        while (lines().size() < n && seconds_since(t0) < 10)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return lines();
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

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
    LockedPlatform platform;
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

// Answers each read only when the next one starts (so, late: during the next read's wait),
// with a mode that must not be taken for the next notification's.
class LateReader final : public ModeReader {
  public:
    void read_mode(Done done) override {
        std::vector<Done> late;
        {
            std::lock_guard lock(mutex_);
            late.swap(held_);
            held_.push_back(std::move(done));
        }
        for (auto& d : late) d(ConnectionMode::cached_offline);
    }
    std::vector<Done> held() {
        std::lock_guard lock(mutex_);
        return std::exchange(held_, {});
    }

  private:
    std::mutex mutex_;
    std::vector<Done> held_;
};

TEST_CASE("A mode not answered goes out as unknown after mode_wait, and late answers are "
          "dropped, even once the add-in is gone",
          "[addin][mode][thread]") {
    LateReader reader;
    std::vector<ModeReader::Done> late;
    {
        Rig rig(reader, 0.05);
        REQUIRE(rig.platform.wait_for(1).size() == 1);
        rig.go(State::offline);
        REQUIRE(rig.platform.wait_for(2).size() == 2);
        rig.go(State::online);
        rig.platform.wait_for(3);
        rig.core->shutdown();
        CHECK(rig.platform.lines() ==
              std::vector<std::string>{"start unknown unknown", "offline unknown unknown",
                                       "online unknown unknown", "stop unknown"});
        late = reader.held();
    }
    // The add-in is gone; this answer must land nowhere harmful (ASan would see it).
    REQUIRE(late.size() == 1);
    late[0](ConnectionMode::online);
    late[0](ConnectionMode::online); // and a reader that answers twice
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
