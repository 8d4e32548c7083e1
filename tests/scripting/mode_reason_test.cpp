// e.mode and e.reason: Outlook's ExchangeConnectionMode read for each notification, and why
// Outlook went offline (or came back) as the issue's rules say; hooks.outlook.mode().
#include "catch.hpp"
#include "engine_rig.h"

using namespace oh;
using namespace oh::test;

namespace {

const char* const reason_logger = R"(
for _, kind in ipairs{"start", "offline", "online", "stop"} do
  hooks.on(kind, function(e) hooks.log.info("%s %s %s", e.name, e.mode, e.reason) end)
end
hooks.on("change", function(e) hooks.log.debug("change %s %s %s", e.phase, e.mode, e.reason) end)
)";

} // namespace

TEST_CASE("Going offline by Work Offline says reason user and the mode read", "[events][mode]") {
    EngineRig rig(reason_logger);
    rig.go(State::offline, ConnectionMode::cached_offline);
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"start unknown unknown", "offline cached-offline user"});
    CHECK(rig.engine->mode() == ConnectionMode::cached_offline);
}

TEST_CASE("A lost connection says reason network, and coming back online says network too",
          "[events][mode]") {
    EngineRig rig(reason_logger);
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    rig.go(State::online, ConnectionMode::cached_connected_full);
    CHECK(rig.messages("info") == std::vector<std::string>{"start unknown unknown",
                                                           "offline cached-disconnected network",
                                                           "online cached-connected-full network"});
}

TEST_CASE("An online event takes the reason of the offline period it ends", "[events][mode]") {
    EngineRig rig(reason_logger);
    rig.go(State::offline, ConnectionMode::offline);
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::disconnected);
    rig.go(State::online, ConnectionMode::unknown);
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"start unknown unknown", "offline offline user",
                                   "online online user", "offline disconnected network",
                                   "online unknown network"});
}

TEST_CASE("A mode that says nothing of why, or none read, gives reason unknown", "[events][mode]") {
    EngineRig rig(reason_logger);
    rig.go(State::offline, ConnectionMode::unknown);
    rig.go(State::online, ConnectionMode::online);
    rig.go(State::offline, ConnectionMode::no_exchange);
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"start unknown unknown", "offline unknown unknown",
                                   "online online unknown", "offline no-exchange unknown"});
}

TEST_CASE("An online event with no offline period before it says reason unknown",
          "[events][mode]") {
    EngineRig rig(reason_logger, State::unknown);
    rig.go(State::online, ConnectionMode::online);
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"start unknown unknown", "online online unknown"});
}

TEST_CASE("Start offline carries the mode read at start and its reason, and the online after "
          "it too",
          "[events][mode]") {
    EngineRig rig(reason_logger, State::offline, ConnectionMode::cached_disconnected);
    rig.go(State::online, ConnectionMode::cached_connected_headers);
    rig.engine->stop();
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"start cached-disconnected network",
                                   "online cached-connected-headers network",
                                   "stop cached-connected-headers network"});
}

TEST_CASE("change carries the transition's reason; one that is no transition, the current "
          "state's",
          "[events][mode]") {
    EngineRig rig(reason_logger);
    rig.go(State::offline, ConnectionMode::cached_offline);
    // Outlook says offline again, now with the network gone: no transition, the state's reason.
    rig.go(State::offline, ConnectionMode::cached_disconnected, {Phase::done});
    CHECK(rig.messages("debug") ==
          std::vector<std::string>{
              "change start cached-offline unknown", "change change cached-offline user",
              "change done cached-offline user", "change done cached-disconnected user"});
}

TEST_CASE("A transition that follows a script's own set_state says reason script",
          "[events][mode]") {
    EngineRig rig(R"(
hooks.on("start", function() assert(hooks.outlook.set_state("offline")) end)
hooks.on("offline", function(e) hooks.log.info("seen %s %s %s", e.cause, e.mode, e.reason) end)
hooks.on("online", function(e) hooks.log.info("seen %s %s %s", e.cause, e.mode, e.reason) end)
)");
    rig.go(State::offline, ConnectionMode::cached_offline);
    rig.go(State::online, ConnectionMode::cached_connected_full);
    CHECK(rig.messages("info") ==
          std::vector<std::string>{"seen script:s cached-offline script",
                                   "seen outlook cached-connected-full script"});
}

TEST_CASE("hooks.outlook.mode returns the mode last read, unknown before any", "[api][mode]") {
    EngineRig rig(R"(
hooks.log.info("loaded %s", hooks.outlook.mode())
hooks.on("change", function() hooks.log.info("now %s", hooks.outlook.mode()) end)
)");
    rig.go(State::offline, ConnectionMode::cached_disconnected, {Phase::change});
    rig.go(State::online, ConnectionMode::cached_connected_drizzle, {Phase::change});
    CHECK(rig.messages("info") == std::vector<std::string>{"loaded unknown",
                                                           "now cached-disconnected",
                                                           "now cached-connected-drizzle"});
}

TEST_CASE("A delayed handler gets the mode and reason of the event that scheduled it",
          "[events][mode]") {
    EngineRig rig(R"(
hooks.on("offline", function(e) hooks.log.info("%s %s", e.mode, e.reason) end, { after = 5 })
)");
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    rig.clock.set(6);
    rig.engine->run_due_timers();
    CHECK(rig.messages("info") == std::vector<std::string>{"cached-disconnected network"});
}
