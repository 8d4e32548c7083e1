// EngineOptions::run_allowed and set_state_allowed: what the add-in's RunAllowed and
// SetStateAllowed policies turn off (addin/win/settings.h), seen from a script.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("hooks.run turned off by policy raises an error that says so and starts nothing",
          "[api][run][policy]") {
    ScriptDir dir;
    dir.write("r.lua", R"(
local ok, err = pcall(hooks.run, {"sync"})
hooks.log.info("%s %s", tostring(ok), err)
hooks.run({"sync", "again"})
)");
    FakeHostOptions o;
    o.engine.run_allowed = false;
    auto h = start_host(dir, o);
    const auto m = messages(*h);
    REQUIRE(m.size() == 1);
    CHECK(m[0] == "false hooks.run is turned off by policy");
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("hooks.run is turned off by policy") !=
          std::string::npos);
    CHECK(h->record().runs.empty());
    CHECK(h->record().notices.empty());
}

TEST_CASE("hooks.outlook.set_state turned off by policy raises an error and Outlook is not asked",
          "[api][set_state][policy]") {
    ScriptDir dir;
    dir.write("s.lua", R"(
local ok, err = pcall(hooks.outlook.set_state, "offline")
hooks.log.info("%s %s", tostring(ok), err)
)");
    FakeHostOptions o;
    o.engine.set_state_allowed = false;
    auto h = start_host(dir, o);
    CHECK(messages(*h) ==
          std::vector<std::string>{"false hooks.outlook.set_state is turned off by policy"});
    CHECK(h->record().state_requests.empty());
}

TEST_CASE("With both switches on, hooks.run and set_state work as before", "[api][policy]") {
    ScriptDir dir;
    dir.write("b.lua", R"(
hooks.run({"sync"})
assert(hooks.outlook.set_state("offline"))
)");
    auto h = start_host(dir);
    CHECK(h->record().errors.empty());
    CHECK(h->record().runs.size() == 1);
    CHECK(h->record().state_requests.size() == 1);
}
