// Broken and hostile scripts: errors, runaway loops, memory bombs, pattern bombs,
// quarantine. The host keeps running and the other scripts keep working.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

namespace {

// A well-behaved neighbour: proves the other scripts are unaffected.
const char* const neighbour =
    R"(hooks.on("offline", function() hooks.log.info("neighbour ok") end))";

FakeHostOptions quick_budget() {
    FakeHostOptions o;
    o.engine.budget = 0.05;
    return o;
}

} // namespace

TEST_CASE("An error in a handler names the script, file:line and a traceback; the handler stays",
          "[limits][errors]") {
    ScriptDir dir;
    dir.write(
        "a_broken.lua",
        "local function inner() error('boom') end\nhooks.on('offline', function() inner() end)\n");
    dir.write("b_neighbour.lua", neighbour);
    auto h = start_host(dir);
    h->go(State::offline);
    REQUIRE(h->record().errors.size() == 1);
    const auto& e = h->record().errors[0].error;
    CHECK(e.script == "a_broken");
    CHECK(e.message.find("a_broken.lua:1: boom") != std::string::npos);
    CHECK(e.traceback.find("stack traceback:") == 0);
    CHECK(e.traceback.find("in upvalue 'inner'") != std::string::npos);
    CHECK(any_contains(messages(*h, "error"), "error in \"offline\" handler: "));
    CHECK(messages(*h, "info") == std::vector<std::string>{"neighbour ok"});
    h->go(State::online);
    h->go(State::offline);
    CHECK(h->record().errors.size() == 2); // still registered, called again
    CHECK(messages(*h, "info").size() == 2);
}

TEST_CASE("A runaway loop is interrupted at its budget, even inside the script's own pcall",
          "[limits][budget]") {
    ScriptDir dir;
    dir.write("a_loop.lua", R"(
hooks.on("offline", function() while true do end end)
hooks.on("online", function()
  -- A pcall that swallows the interruption cannot keep the loop going.
  while true do pcall(function() while true do end end) end
end)
)");
    dir.write("b_neighbour.lua", neighbour);
    auto h = start_host(dir, quick_budget());
    const auto t0 = std::chrono::steady_clock::now();
    h->go(State::offline);
    h->go(State::online);
    REQUIRE(h->record().errors.size() == 2);
    for (const auto& e : h->record().errors) {
        CHECK(e.error.message.find("a_loop.lua:") != std::string::npos);
        CHECK(e.error.message.find("time budget of 50 ms exceeded") != std::string::npos);
    }
    CHECK(messages(*h, "info") == std::vector<std::string>{"neighbour ok"});
    INFO("two interrupted handlers took " << seconds_since(t0) << " s");
    CHECK(seconds_since(t0) < 30.0); // not a speed target: proof that the loops ended at all
}

TEST_CASE("A memory bomb hits the cap, is named with it, and the script still works after",
          "[limits][memory]") {
    ScriptDir dir;
    dir.write("a_bomb.lua", R"(
hooks.on("offline", function()
  local t = {}
  while true do t[#t + 1] = ("x"):rep(1024 * 1024) .. #t end
end)
hooks.on("online", function() hooks.log.info("bomb recovered %d", #("y"):rep(1000)) end)
)");
    dir.write("b_neighbour.lua", neighbour);
    FakeHostOptions o;
    o.engine.memory_cap = 16u << 20;
    o.engine.budget = 5.0;
    auto h = start_host(dir, o);
    h->go(State::offline);
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find(
              "script 'a_bomb' exceeded its memory cap of 16 MiB") != std::string::npos);
    h->go(State::online);
    CHECK(messages(*h, "info") == std::vector<std::string>{"neighbour ok", "bomb recovered 1000"});
}

TEST_CASE("String patterns that would backtrack for ages are stopped by the budget",
          "[limits][pattern]") {
    ScriptDir dir;
    dir.write("p.lua", R"(
hooks.on("offline", function() return ("a"):rep(200):find(".-.-.-.-b$") end)
hooks.on("online", function() hooks.log.info("%s", tostring(("key=value"):match("^(%w+)=(%w+)$"))) end)
)");
    auto h = start_host(dir, quick_budget());
    const auto t0 = std::chrono::steady_clock::now();
    h->go(State::offline);
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("p.lua:2: time budget") != std::string::npos);
    CHECK(seconds_since(t0) < 30.0);
    h->go(State::online);
    CHECK(messages(*h, "info") == std::vector<std::string>{"key"});
}

TEST_CASE("Three failures in a row quarantine a script until its file changes",
          "[limits][quarantine]") {
    ScriptDir dir;
    dir.write("q.lua", "hooks.on('change', function() error('always') end)\n");
    auto h = start_host(dir);
    h->go(State::offline); // START, CHANGE, DONE: three failures
    h->go(State::online);  // quarantined: not called
    CHECK(h->record().errors.size() == 3);
    const auto errors = messages(*h, "error");
    CHECK(std::count_if(errors.begin(), errors.end(), [](const std::string& m) {
              return m.find("quarantined after 3 failures in a row") != std::string::npos;
          }) == 1);
    REQUIRE(h->record().notices.size() == 1); // the user is told once, where they look
    CHECK(h->record().notices[0].title == "OfflineHooks: script 'q' turned off");
    dir.write("q.lua", "hooks.on('change', function() hooks.log.info('fixed') end)\n");
    CHECK(h->reload());
    h->go(State::offline);
    CHECK(messages(*h, "info").size() == 3);
}

TEST_CASE("A success resets the failure count", "[limits][quarantine]") {
    ScriptDir dir;
    dir.write("f.lua",
              "hooks.on('change', function(e) if e.phase ~= 'done' then error('x') end end)\n");
    auto h = start_host(dir);
    h->go(State::offline);
    h->go(State::online);
    CHECK(h->record().errors.size() == 4);
    CHECK_FALSE(any_contains(messages(*h, "error"), "quarantined"));
}

TEST_CASE("A script that fails to load is reported and the others run", "[limits][errors]") {
    ScriptDir dir;
    dir.write("a_syntax.lua", "hooks.on('offline', function()\n");
    dir.write("b_runtime.lua", "local x = nil\nx.y = 1\n");
    dir.write("c_neighbour.lua", neighbour);
    auto h = start_host(dir);
    REQUIRE(h->record().errors.size() == 2);
    CHECK(h->record().errors[0].error.message.find("a_syntax.lua:2:") != std::string::npos);
    CHECK(h->record().errors[1].error.message.find("b_runtime.lua:2:") != std::string::npos);
    h->go(State::offline);
    CHECK(messages(*h, "info") == std::vector<std::string>{"neighbour ok"});
}
