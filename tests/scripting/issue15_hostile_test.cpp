// Issue 15's Lua API attacked as a hostile script author would: hooks.on's reason option,
// hooks.outlook.send_receive from odd places, the status the ribbon shows.
#include "catch.hpp"
#include "engine_rig.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("A reason with a NUL inside is refused, not read as the name before the NUL",
          "[api][filter][hostile]") {
    EngineRig rig(R"(
local ok, err = pcall(hooks.on, "offline", function() hooks.log.info("ran") end,
                      { reason = "user\0 and whatever follows" })
hooks.log.info("%s %s", tostring(ok), tostring(err))
)");
    rig.go(State::offline, ConnectionMode::cached_offline);
    const auto m = rig.messages("info");
    REQUIRE(m.size() == 1);
    CHECK(m[0].find("false ") == 0);
    CHECK(m[0].find(R"(unknown reason "user\u0000 and whatever follows")") != std::string::npos);
}

TEST_CASE("A bad reason of 10 MB is named in a message of a line's length",
          "[api][filter][hostile]") {
    EngineRig rig(R"(
local ok, err = pcall(hooks.on, "offline", function() end, { reason = string.rep("x", 1e7) })
hooks.log.info("%s %d", tostring(ok), #err)
)");
    const auto m = rig.messages("info");
    REQUIRE(m.size() == 1);
    CHECK(m[0].find("false ") == 0);
    CHECK(std::stoul(m[0].substr(6)) < 300);
}

TEST_CASE("A quarantined script cannot Send/Receive nor set the state from a finalizer",
          "[api][send][hostile]") {
    EngineRig rig(R"(
setmetatable({}, { __gc = function()
  hooks.log.warn("gc %s", select(2, hooks.outlook.send_receive()))
  hooks.log.warn("gc %s", select(2, hooks.outlook.set_state("offline")))
end })
hooks.on("change", function() error("x") end)
)");
    for (int i = 0; i < 8 && !rig.engine->scripts()[0]->quarantined(); ++i)
        rig.go(i % 2 ? State::online : State::offline, ConnectionMode::unknown, {Phase::change});
    REQUIRE(rig.engine->scripts()[0]->quarantined());
    rig.engine->stop();
    rig.engine.reset(); // closes the script: its __gc runs
    CHECK(rig.platform.send_receives.empty());
    CHECK(rig.platform.state_requests.empty());
    const auto m = rig.messages("warn");
    CHECK(std::count(m.begin(), m.end(), "gc send_receive refused: script 's' is quarantined") ==
          1);
    CHECK(std::count(m.begin(), m.end(), "gc set_state refused: script 's' is quarantined") == 1);
    rig.engine = std::make_unique<Engine>(rig.platform, rig.clock, EngineOptions{});
}

TEST_CASE("send_receive works from a coroutine, a __close and a stop handler, counted alike",
          "[api][send][hostile]") {
    EngineOptions o;
    o.set_state_limit = 3;
    EngineRig rig(R"(
hooks.on("offline", function()
  hooks.log.info("co %s", tostring(coroutine.wrap(hooks.outlook.send_receive)()))
  do
    local x <close> = setmetatable({}, { __close = function()
      hooks.log.info("close %s", tostring(hooks.outlook.send_receive()))
    end })
  end
end)
hooks.on("stop", function()
  hooks.log.info("stop %s", tostring(hooks.outlook.send_receive()))
  hooks.log.info("stop %s", tostring(hooks.outlook.send_receive()))
end)
)",
                  State::online, ConnectionMode::unknown, o);
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    rig.engine->stop();
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"co true", "close true", "stop true", "stop nil"});
    CHECK(rig.platform.send_receives.size() == 3);
}

TEST_CASE("The status shows at most a line's length of a 10 MB error", "[status][hostile]") {
    EngineRig rig(R"(
hooks.on("offline", function() error("é" .. string.rep("y", 1e7)) end)
)");
    rig.go(State::offline, ConnectionMode::cached_offline, {Phase::change});
    const EngineStatus st = rig.engine->status();
    REQUIRE(st.scripts.size() == 1);
    CHECK(st.errors == 1);
    const std::string& e = st.scripts[0].last_error;
    CHECK(e.size() <= 300);
    CHECK(e.find("s.lua:2: éyyy") != std::string::npos);
    CHECK(e.substr(e.size() - 3) == "...");
}

TEST_CASE("An event name or a state with a NUL inside is refused, not read as the text before it",
          "[api][events][hostile]") {
    EngineRig rig(R"(
local ok, err = pcall(hooks.on, "offline\0x", function() hooks.log.info("ran") end)
hooks.log.info("on %s %s", tostring(ok), tostring(err))
ok, err = pcall(hooks.outlook.set_state, "offline\0x")
hooks.log.info("set_state %s %s", tostring(ok), tostring(err))
)");
    rig.go(State::offline, ConnectionMode::cached_offline);
    const auto m = rig.messages("info");
    REQUIRE(m.size() == 2); // and no "ran": nothing subscribed
    CHECK(m[0].find(R"(on false )") == 0);
    CHECK(m[0].find(R"(unknown event name "offline\u0000x")") != std::string::npos);
    CHECK(m[1].find(R"(set_state false )") == 0);
    CHECK(m[1].find(R"(got "offline\u0000x")") != std::string::npos);
}
