// What the engine keeps for a script in C++: subscriptions, timers, delayed calls. Hostile
// numbers of them stay linear in time, bounded by the memory cap, and leave nothing behind
// when cancelled; hooks.every keeps its exact tick count on the virtual clock.
#include "catch.hpp"
#include "support.h"

#include <chrono>

using namespace oh;
using namespace oh::test;

namespace {

FakeHostOptions budget(double seconds) {
    FakeHostOptions o;
    o.engine.budget = seconds;
    return o;
}

Script& only_script(FakeHost& h) {
    REQUIRE(h.core().engine().scripts().size() == 1);
    return *h.core().engine().scripts()[0];
}

std::size_t count_of(FakeHost& h, const std::string& message) {
    std::size_t n = 0;
    for (const auto& m : messages(h))
        if (m == message) ++n;
    return n;
}

} // namespace

TEST_CASE("Three notifications to 200,000 handlers take linear time, not quadratic",
          "[resources][dispatch]") {
    ScriptDir dir;
    dir.write("many.lua", R"(
local calls = 0
local function f() calls = calls + 1 end
for i = 1, 200000 do hooks.on("change", f) end
hooks.on("offline", function() hooks.log.info("calls " .. calls) end)
)");
    auto h = start_host(dir, budget(30.0));
    const auto t0 = std::chrono::steady_clock::now();
    h->go(State::offline);           // three notifications: START, CHANGE, DONE
    CHECK(seconds_since(t0) < 10.0); // was 31 s
    // START and CHANGE came before the "offline" event, DONE after it.
    CHECK(messages(*h, "info") == std::vector<std::string>{"calls 400000"});
    CHECK(h->record().errors.empty());
}

// Not under Wine: there, dispatching the 100,000 handlers left after 100,000 cancels ran past a
// 30 s budget (0.6 s on Linux; 100,000 handlers with no cancels take 0.3 s under Wine too).
// Wine's heap is the suspect; it is not measured on real Windows yet.
#ifndef _WIN32
TEST_CASE("Cancelling one of 200,000 subscriptions keeps the order of the others",
          "[resources][dispatch]") {
    ScriptDir dir;
    dir.write("order.lua", R"(
local seen = {}
local subs = {}
for i = 1, 200000 do subs[i] = hooks.on("offline", function() seen[#seen + 1] = i end) end
for i = 2, 200000, 2 do assert(subs[i]:cancel()) end
assert(not subs[2]:cancel(), "a second cancel finds nothing")
hooks.on("online", function()
  assert(#seen == 100000, #seen)
  for k = 1, #seen do assert(seen[k] == 2 * k - 1) end
  hooks.log.info("in order")
end)
)");
    auto h = start_host(dir, budget(30.0));
    h->go(State::offline);
    h->go(State::online);
    CHECK(h->record().errors.empty());
    CHECK(messages(*h, "info") == std::vector<std::string>{"in order"});
}
#endif

TEST_CASE("A script whose handlers together run past the budget is stopped, naming the script",
          "[resources][dispatch][budget]") {
    ScriptDir dir;
    // Each handler takes well under a millisecond, all 20,000 together seconds: a budget of
    // 250 ms (not less, so that a loaded machine pausing the test does not stop one handler
    // or the neighbour on its own) is spent by the script as a whole.
    dir.write("slow_many.lua", R"(
calls = 0
for i = 1, 20000 do
  hooks.on("offline", function() calls = calls + 1; for k = 1, 20000 do end end)
end
hooks.on("online", function() hooks.log.info("called " .. calls) end)
)");
    dir.write("neighbour.lua", R"(hooks.on("offline", function() hooks.log.info("ok") end))");
    auto h = start_host(dir, budget(0.25));
    const auto t0 = std::chrono::steady_clock::now();
    h->go(State::offline);
    CHECK(seconds_since(t0) < 10.0);
    REQUIRE(h->record().errors.size() == 1);
    const auto& e = h->record().errors[0].error;
    CHECK(e.script == "slow_many");
    CHECK(e.message.find("script 'slow_many'") != std::string::npos);
    CHECK(e.message.find("ran past the time budget of 250 ms") != std::string::npos);
    CHECK(count_of(*h, "ok") == 1); // the neighbour still had its turn
    h->go(State::online);
    const auto info = messages(*h, "info");
    REQUIRE(info.size() == 2);
    CHECK(info[1] != "called 20000"); // the rest were not called
}

TEST_CASE("A script that subscribes forever is stopped at its memory cap, naming the script",
          "[resources][memory]") {
    ScriptDir dir;
    dir.write("greedy.lua", R"(
local f = function() end
hooks.every(1, function() while true do hooks.on("change", f) end end)
)");
    auto h = start_host(dir, budget(60.0));
    h->advance(1);
    REQUIRE(h->record().errors.size() == 1);
    const auto& e = h->record().errors[0].error;
    CHECK(e.script == "greedy");
    CHECK(e.message.find("memory cap of 64 MiB") != std::string::npos);
    const Script& s = only_script(*h);
    CHECK(s.memory().used <= s.memory().cap);
    CHECK(s.subscriptions().size() < 700000); // 96 bytes each at least, within 64 MiB
}

TEST_CASE("hooks.on past the memory cap is refused with a clear error", "[resources][memory]") {
    ScriptDir dir;
    dir.write("full.lua", R"(
local f = function() end
pcall(function() while true do hooks.after("1h", f) end end)
collectgarbage()
local ok, err
repeat ok, err = pcall(hooks.on, "change", f) until not ok
hooks.log.info(err)
)");
    // A cap where the timers' bookkeeping, not Lua's registry, reaches it first.
    auto o = budget(60.0);
    o.engine.memory_cap = std::size_t{12} << 20;
    auto h = start_host(dir, o);
    const auto info = messages(*h, "info");
    REQUIRE(info.size() == 1);
    INFO(info[0]);
    CHECK(info[0].find("hooks.on: memory cap of 12 MiB reached: script 'full' holds ") !=
          std::string::npos);
}

TEST_CASE("Timers past the memory cap are refused with a clear error", "[resources][memory]") {
    ScriptDir dir;
    dir.write("timers.lua", R"(
local f = function() end
local ok, err = pcall(function() while true do hooks.after("1h", f) end end)
hooks.log.info(err)
)");
    auto h = start_host(dir, budget(60.0));
    const auto info = messages(*h, "info");
    REQUIRE(info.size() == 1);
    CHECK(info[0].find("hooks.after: memory cap of 64 MiB reached: script 'timers'") !=
          std::string::npos);
}

TEST_CASE("Cancelled timers leave nothing behind in the timer queue or the memory count",
          "[resources][timers][memory]") {
    ScriptDir dir;
    dir.write("churn.lua", R"(
local f = function() end
hooks.every(1, function()
  for i = 1, 100000 do hooks.after("1000h", f):cancel() end
  local t = hooks.every(5, f); t:cancel()
  local s = hooks.on("online", f); s:cancel()
end)
)");
    auto h = start_host(dir, budget(30.0));
    Script& s = only_script(*h);
    const std::size_t charged_at_start = s.memory().charged;
    h->advance(10.5);
    CHECK(h->record().errors.empty());
    CHECK(h->core().engine().timer_entries() == 1); // the every-timer itself
    CHECK(s.memory().charged == charged_at_start);
    CHECK(s.timers().size() == 1);
}

TEST_CASE("A fired one-shot timer gives its memory back", "[resources][timers][memory]") {
    ScriptDir dir;
    dir.write("once.lua", R"(for i = 1, 1000 do hooks.after(i, function() end) end)");
    auto h = start_host(dir);
    const Script& s = only_script(*h);
    CHECK(s.memory().charged >= 1000 * bookkeeping::timer);
    h->advance(1001);
    CHECK(s.memory().charged == 0);
    CHECK(h->core().engine().timer_entries() == 0);
}

TEST_CASE("hooks.every ticks exactly once per interval over whole multiples of it",
          "[resources][timers]") {
    struct Case {
        double interval;
        double total;
        int ticks;
    };
    for (const Case c : {Case{0.1, 10, 100}, Case{0.1, 60, 600}, Case{0.01, 1, 100},
                         Case{0.05, 10, 200}, Case{0.2, 3, 15}, Case{0.3, 0.9, 3}}) {
        CAPTURE(c.interval, c.total);
        ScriptDir dir;
        dir.write("tick.lua", "n = 0\nhooks.every(" + std::to_string(c.interval) +
                                  ", function() n = n + 1 end)\n"
                                  "hooks.on('offline', function() hooks.log.info(n) end)\n");
        auto h = start_host(dir);
        h->advance(c.total);
        h->go(State::offline);
        CHECK(messages(*h, "info") == std::vector<std::string>{std::to_string(c.ticks)});
    }
}

TEST_CASE("hooks.every keeps its count when the clock moves in steps of the interval",
          "[resources][timers]") {
    ScriptDir dir;
    dir.write("tick.lua", R"(
n = 0
hooks.after(0.3, function() hooks.every(0.1, function() n = n + 1 end) end)
hooks.on("offline", function() hooks.log.info(n) end)
)");
    auto h = start_host(dir);
    h->advance(0.3);
    for (int i = 0; i < 100; ++i) h->advance(0.1);
    h->go(State::offline);
    CHECK(messages(*h, "info") == std::vector<std::string>{"100"});
}

TEST_CASE("A hooks.every timer that fell behind the clock skips the ticks it missed",
          "[resources][timers]") {
    ScriptDir dir;
    dir.write("behind.lua", R"(
n = 0
hooks.every(1, function() n = n + 1 end)
hooks.on("offline", function() hooks.log.info(n) end)
)");
    auto h = start_host(dir);
    // As after a machine's sleep: the clock jumps, nothing fired on the way.
    h->clock().set(3600.5);
    h->pump();
    h->advance(2); // then on as usual: 3601, 3602
    h->go(State::offline);
    const auto info = messages(*h, "info");
    REQUIRE(info.size() == 1);
    CHECK(std::stoi(info[0]) <= 4); // not 3602
    CHECK(std::stoi(info[0]) >= 3);
}
