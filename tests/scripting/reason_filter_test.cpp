// hooks.on(kind, fn, { reason = ... }): a handler only for the reasons it lists.
#include "catch.hpp"
#include "engine_rig.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("A handler with reason network runs for a lost connection and not for Work Offline",
          "[api][filter]") {
    EngineRig rig(R"(
hooks.on("offline", function(e) hooks.log.info("network %s", e.mode) end, { reason = "network" })
hooks.on("offline", function(e) hooks.log.info("any %s", e.reason) end)
)");
    rig.go(State::offline, ConnectionMode::cached_offline);
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"any user", "network cached-disconnected", "any network"});
}

TEST_CASE("A list of reasons lets each of them through and no other", "[api][filter]") {
    EngineRig rig(R"(
hooks.on("offline", function(e) hooks.log.info("%s", e.reason) end, { reason = {"user", "unknown"} })
)");
    rig.go(State::offline, ConnectionMode::offline);
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::disconnected);
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::unknown);
    CHECK(rig.messages("info") == std::vector<std::string>{"user", "unknown"});
}

TEST_CASE("The reason filter applies to online events by the offline period they end",
          "[api][filter]") {
    EngineRig rig(R"(
hooks.on("online", function(e) hooks.log.info("back after %s", e.reason) end, { reason = "network" })
)");
    rig.go(State::offline, ConnectionMode::cached_offline);
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    rig.go(State::online, ConnectionMode::online);
    CHECK(rig.messages("info") == std::vector<std::string>{"back after network"});
}

TEST_CASE("The reason filter works together with after", "[api][filter]") {
    EngineRig rig(R"(
hooks.on("offline", function(e) hooks.log.info("still offline, %s", e.reason) end,
  { reason = "network", after = "30s" })
)");
    rig.go(State::offline, ConnectionMode::cached_offline); // user: not even scheduled
    rig.clock.set(40);
    rig.engine->run_due_timers();
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    rig.clock.set(80);
    rig.engine->run_due_timers();
    CHECK(rig.messages("info") == std::vector<std::string>{"still offline, network"});
}

TEST_CASE("A bad reason option is refused naming the value and the accepted ones",
          "[api][filter]") {
    EngineRig rig(R"(
local function try(opts)
  local ok, err = pcall(hooks.on, "offline", function() end, opts)
  hooks.log.info("%s %s", tostring(ok), err)
end
try{ reason = "wifi" }
try{ reason = 42 }
try{ reason = {} }
try{ reason = {"user", "Network"} }
try{ reason = {"user", true} }
try{ reasons = "user" }
)");
    const auto m = rig.messages("info");
    REQUIRE(m.size() == 6);
    CHECK(m[0] == "false hooks.on: opts.reason: unknown reason \"wifi\" (expected one of: user, "
                  "network, script, unknown)");
    CHECK(m[1] == "false hooks.on: opts.reason: expected a reason (one of: user, network, script, "
                  "unknown) or a list of them, got number");
    CHECK(m[2].find("opts.reason: the list is empty") != std::string::npos);
    CHECK(m[3].find("opts.reason[2]: unknown reason \"Network\"") != std::string::npos);
    CHECK(m[4].find("opts.reason[2]: expected a reason") != std::string::npos);
    CHECK(m[4].find("got boolean") != std::string::npos);
    CHECK(m[5] == "false hooks.on: unknown option 'reasons' (expected: after, reason)");
}
