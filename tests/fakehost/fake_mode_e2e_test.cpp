// The fake host end to end: a scenario's reason=/mode= reaches the scripts as e.mode and
// e.reason through the add-in's mode read, filters choose by it, and a script's
// hooks.outlook.send_receive() is recorded.
#include "catch.hpp"
#include "support.h"

#include <string>
#include <vector>

using namespace oh;
using namespace oh::test;

namespace {

// Logs "<event> <e.mode> <e.reason>" for each event it is given, and the mode() it sees.
const char* const probe_script = R"lua(
for _, name in ipairs({ "start", "offline", "online" }) do
  hooks.on(name, function(e)
    hooks.log.info("%s %s %s (mode() %s)", e.name, e.mode, e.reason, hooks.outlook.mode())
  end)
end
)lua";

// Plays each step of an --events spec.
void play(FakeHost& h, const std::string& spec) {
    const Result<Scenario> s = parse_events_spec(spec);
    REQUIRE(s.ok());
    for (const ScenarioStep& step : s.value().steps) h.play(step);
}

} // namespace

TEST_CASE("A scenario's reason=network gives the handlers e.mode cached-disconnected and "
          "e.reason network, and the reconnect the same reason",
          "[fakehost][mode][e2e]") {
    ScriptDir dir;
    dir.write("probe.lua", probe_script);
    auto h = start_host(dir);
    play(*h, "1m offline reason=network; +10m online mode=cached-connected-full");
    CHECK(messages(*h) == std::vector<std::string>{
                              "start unknown unknown (mode() unknown)",
                              "offline cached-disconnected network (mode() cached-disconnected)",
                              "online cached-connected-full network (mode() cached-connected-full)",
                          });
}

TEST_CASE("Work Offline in a scenario gives e.reason user both ways, and a transition with no "
          "mode gives unknown",
          "[fakehost][mode][e2e]") {
    ScriptDir dir;
    dir.write("probe.lua", probe_script);
    auto h = start_host(dir);
    play(*h, "1m offline reason=user; +1h online; +1m offline; +1m online");
    CHECK(messages(*h) == std::vector<std::string>{
                              "start unknown unknown (mode() unknown)",
                              "offline cached-offline user (mode() cached-offline)",
                              "online unknown user (mode() unknown)",
                              "offline unknown unknown (mode() unknown)",
                              "online unknown unknown (mode() unknown)",
                          });
}

TEST_CASE("A handler with opts.reason runs in the fake host only for the reasons it lists",
          "[fakehost][mode][e2e]") {
    ScriptDir dir;
    dir.write("filter.lua", R"lua(
hooks.on("offline", function(e) hooks.log.info("network-only %s", e.mode) end,
         { reason = "network" })
hooks.on("offline", function(e) hooks.log.info("after-1m %s", e.mode) end,
         { reason = { "user", "network" }, after = "1m" })
)lua");
    auto h = start_host(dir);
    play(*h, "0s offline reason=user; +2m online; +1m offline; +5m online; "
             "+1m offline mode=disconnected; +30s online; +1m end");
    CHECK(messages(*h) == std::vector<std::string>{
                              "after-1m cached-offline",
                              "network-only disconnected",
                          });
}

TEST_CASE("A script's set_state reaches the other scripts with e.reason script and the mode "
          "unknown",
          "[fakehost][mode][e2e]") {
    ScriptDir dir;
    dir.write("a_asker.lua", "hooks.on('start', function() hooks.outlook.set_state('offline') "
                             "end)\n");
    dir.write("probe.lua", probe_script);
    auto h = start_host(dir);
    h->pump();
    REQUIRE(h->outlook().state() == State::offline);
    CHECK(any_contains(messages(*h), "offline unknown script"));
}

TEST_CASE("hooks.outlook.send_receive in the fake host answers true, is recorded with the "
          "script and the time, and is refused past its rate limit",
          "[fakehost][send_receive][e2e]") {
    ScriptDir dir;
    dir.write("sr.lua", R"lua(
hooks.on("online", function()
  for i = 1, 6 do
    local ok, message = hooks.outlook.send_receive()
    hooks.log.info("%d %s %s", i, tostring(ok), tostring(message))
  end
end)
)lua");
    auto h = start_host(dir);
    play(*h, "1m offline reason=network; 15m online");
    const auto& asked = h->record().send_receives;
    REQUIRE(asked.size() == 5);
    CHECK(asked[0].script == "sr");
    CHECK(asked[0].t == 15 * 60);
    const std::vector<std::string> logged = messages(*h, "info");
    REQUIRE(logged.size() == 6);
    CHECK(logged[0] == "1 true nil");
    CHECK(logged[5] == "6 nil send_receive refused: at most 5 requests per 60 s from one script");
    CHECK(messages(*h, "warn") ==
          std::vector<std::string>{
              "send_receive refused: at most 5 requests per 60 s from one script"});
    CHECK(h->record().errors.empty());
}
