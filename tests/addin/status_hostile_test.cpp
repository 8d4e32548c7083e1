// AddinCore::status() under what a user does while scripts run: a save with a syntax error
// while the previous version runs on, a script that errors in its new main chunk.
#include "catch.hpp"
#include "support.h"

#include "engine.h"

using namespace oh;
using namespace oh::test;

namespace {

std::vector<std::string> describe(const EngineStatus& st) {
    std::vector<std::string> out;
    for (const auto& s : st.scripts) out.push_back(s.name + " " + to_string(s.kind));
    return out;
}

} // namespace

TEST_CASE("A save with a syntax error lists the script once, as running the previous version",
          "[addin][status][reload]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function() end)\n");
    auto host = start_host(dir);
    dir.write("s.lua", "hooks.on('offline', function()\n");
    host->core().request_reload();
    host->pump();
    const EngineStatus st = host->core().status();
    CHECK(describe(st) == std::vector<std::string>{"s running"});
    CHECK(st.running == 1);
    CHECK(st.errors == 1);
    REQUIRE(st.scripts.size() == 1);
    CHECK(st.scripts[0].last_error.find("s.lua:") != std::string::npos);
}

TEST_CASE("A new version that fails in its main chunk lists the script once, running the "
          "previous one",
          "[addin][status][reload]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function() end)\n");
    auto host = start_host(dir);
    dir.write("s.lua", "error('not today')\n");
    host->core().request_reload();
    host->pump();
    const EngineStatus st = host->core().status();
    CHECK(describe(st) == std::vector<std::string>{"s running"});
    CHECK(st.errors == 1);
}
