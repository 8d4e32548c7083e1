// The dispatcher's wait for Outlook's ExchangeConnectionMode under readers that misbehave: one
// that never answers while notifications come in a burst, one that throws.
#include "catch.hpp"
#include "lines_platform.h"
#include "support.h"
#include "thread_mode_reader.h"

#include <mutex>
#include <stdexcept>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

const char* const logger = R"(
hooks.on("start", function(e) hooks.log.info("start %s", e.mode) end)
hooks.on("offline", function(e) hooks.log.info("offline %s", e.mode) end)
hooks.on("online", function(e) hooks.log.info("online %s", e.mode) end)
)";

struct Rig {
    Rig(ModeReader& reader, double wait)
        : outlook(ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online))) {
        dir.write("s.lua", logger);
        AddinConfig config;
        config.scripts_dir = dir.path();
        config.mode_reader = &reader;
        config.mode_wait = wait;
        core = std::make_unique<AddinCore>(platform, clock, config);
        REQUIRE(core->start(outlook.get()).ok());
    }
    ~Rig() { core->shutdown(); }
    Rig(const Rig&) = delete;
    Rig& operator=(const Rig&) = delete;

    ScriptDir dir;
    RealClock clock;
    LinesPlatform platform;
    ComPtr<FakeOutlook> outlook;
    std::unique_ptr<AddinCore> core;
};

} // namespace

TEST_CASE("A burst of notifications is not held mode_wait each when the mode is never read",
          "[addin][mode][thread]") {
    ThreadModeReader reader(ConnectionMode::unknown, /*answers=*/false);
    constexpr double wait = 0.25;
    Rig rig(reader, wait);
    REQUIRE(rig.platform.wait_for(1) == std::vector<std::string>{"start unknown"});
    constexpr int burst = 40;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < burst; ++i)
        rig.outlook->transition(i % 2 == 0 ? State::offline : State::online, {Phase::change});
    const auto lines = rig.platform.wait_for(1 + burst);
    const double took = seconds_since(t0);
    // One wait of 0.25 s for the lot, not 40 of them (10 s): a generous bound.
    CHECK(took < 20 * wait);
    // None lost, in order.
    REQUIRE(lines.size() == 1 + burst);
    for (int i = 0; i < burst; ++i)
        CHECK(lines[1 + i] == (i % 2 == 0 ? "offline unknown" : "online unknown"));
}

namespace {

// Breaks ModeReader's contract: throws instead of answering (as a post that runs out of
// memory would).
class ThrowingReader final : public ModeReader {
  public:
    void read_mode(Done) override {
        ++reads;
        throw std::runtime_error("cannot post the read");
    }
    std::atomic<int> reads{0};
};

} // namespace

TEST_CASE("A mode reader that throws gives unknown and the add-in goes on",
          "[addin][mode][thread]") {
    ThrowingReader reader;
    Rig rig(reader, 5);
    REQUIRE(rig.platform.wait_for(1) == std::vector<std::string>{"start unknown"});
    rig.outlook->transition(State::offline, {Phase::change});
    CHECK(rig.platform.wait_for(2) == std::vector<std::string>{"start unknown", "offline unknown"});
    CHECK(reader.reads.load() >= 2);
}

namespace {

// Throws at its first read only, then answers at once: a post that failed once.
class ThrowsOnceReader final : public ModeReader {
  public:
    void read_mode(Done done) override {
        if (reads++ == 0) throw std::runtime_error("cannot post the read");
        done(ConnectionMode::cached_disconnected);
    }
    std::atomic<int> reads{0};
};

} // namespace

TEST_CASE("A mode reader that threw once is waited for again at the next notification",
          "[addin][mode][thread]") {
    ThrowsOnceReader reader;
    Rig rig(reader, 5);
    REQUIRE(rig.platform.wait_for(1).size() == 1);
    rig.outlook->transition(State::offline, {Phase::change});
    rig.outlook->transition(State::online, {Phase::change});
    const auto lines = rig.platform.wait_for(3);
    REQUIRE(lines.size() == 3);
    // The throw cost one event its mode at most; the read after it was answered and used.
    CHECK(lines[2] == "online cached-disconnected");
}
