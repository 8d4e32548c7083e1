// hooks.outlook.send_receive(): passed on to the platform, rate-limited like set_state with a
// count of its own.
#include "catch.hpp"
#include "engine_rig.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("send_receive asks the platform for a Send/Receive naming the script", "[api][send]") {
    EngineRig rig(R"(
hooks.on("online", function() hooks.log.info("%s", tostring(hooks.outlook.send_receive())) end)
)");
    rig.go(State::offline, ConnectionMode::cached_disconnected);
    rig.go(State::online, ConnectionMode::cached_connected_full);
    CHECK(rig.platform.send_receives == std::vector<std::string>{"s"});
    CHECK(rig.messages("info") == std::vector<std::string>{"true"});
}

TEST_CASE("send_receive is refused past the limit per window, with nil and the reason",
          "[api][send]") {
    EngineOptions o;
    o.set_state_limit = 2;
    o.set_state_window = 60;
    EngineRig rig(R"(
hooks.on("change", function()
  for i = 1, 3 do
    local ok, err = hooks.outlook.send_receive()
    hooks.log.info("%s %s", tostring(ok), tostring(err))
  end
end)
)",
                  State::online, ConnectionMode::unknown, o);
    rig.go(State::offline, ConnectionMode::unknown, {Phase::change});
    CHECK(rig.platform.send_receives.size() == 2);
    const auto m = rig.messages("info");
    REQUIRE(m.size() == 3);
    CHECK(m[0] == "true nil");
    CHECK(m[2] == "nil send_receive refused: at most 2 requests per 60 s from one script");
    // A new window admits again.
    rig.clock.set(61);
    rig.go(State::online, ConnectionMode::unknown, {Phase::change});
    CHECK(rig.platform.send_receives.size() == 4);
}

TEST_CASE("send_receive and set_state count their requests apart", "[api][send]") {
    EngineOptions o;
    o.set_state_limit = 1;
    EngineRig rig(R"(
hooks.on("start", function()
  hooks.log.info("%s", tostring(hooks.outlook.set_state("offline")))
  hooks.log.info("%s", tostring(hooks.outlook.send_receive()))
  hooks.log.info("%s", tostring(hooks.outlook.send_receive()))
end)
)",
                  State::online, ConnectionMode::unknown, o);
    CHECK(rig.messages("info") == std::vector<std::string>{"true", "true", "nil"});
    CHECK(rig.platform.state_requests.size() == 1);
    CHECK(rig.platform.send_receives.size() == 1);
}

TEST_CASE("A platform that cannot pass send_receive on makes it return nil and why",
          "[api][send]") {
    EngineRig rig(R"(
hooks.on("offline", function()
  local ok, err = hooks.outlook.send_receive()
  hooks.log.info("%s %s", tostring(ok), tostring(err))
end)
)");
    rig.platform.refuse_send_receive = "Outlook is shutting down";
    rig.go(State::offline, ConnectionMode::unknown);
    CHECK(rig.messages("info") == std::vector<std::string>{"nil Outlook is shutting down"});
}
