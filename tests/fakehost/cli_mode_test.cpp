// fakehost run with reason= and mode= in the scenario: what the transcript shows, and a
// mistake that stops the run before anything plays.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#ifndef _WIN32
using namespace oh;
using namespace oh::test;

TEST_CASE("fakehost run shows Outlook's mode on its notification lines, and the reason going "
          "offline",
          "[cli][mode]") {
    ScriptDir dir;
    const Ran r = fakehost("run --scripts " + sh(dir.path()) +
                           " --events '2m offline reason=network; +15m online "
                           "mode=cached-connected-full; +1m offline; +1m end'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "00:02:00.000  outlook   CHANGE  online -> offline   mode "
                     "cached-disconnected (reason network)\n"));
    CHECK(has(r.out, "00:17:00.000  outlook   DONE    offline -> online   mode "
                     "cached-connected-full\n"));
    CHECK(has(r.out, "00:18:00.000  outlook   CHANGE  online -> offline\n")); // mode unknown
}

TEST_CASE("fakehost run --json gives every notification's mode", "[cli][mode]") {
    ScriptDir dir;
    const Ran r = fakehost("run --json --scripts " + sh(dir.path()) +
                           " --events '1m offline mode=offline phases=change; +1m online'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, R"("phase":"change","old":"online","new":"offline","mode":"offline"})"));
    CHECK(has(r.out, R"("phase":"done","old":"offline","new":"online","mode":"unknown"})"));
}

TEST_CASE("fakehost run refuses a reason on an online line, naming the item, and runs nothing",
          "[cli][mode]") {
    ScriptDir dir;
    const fs::path scn = dir.write("demo.scn", "0s offline reason=user\n10m online reason=user\n");
    const Ran r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(scn));
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(has(r.out, "demo.scn:2: reason= is for offline lines only"));
    CHECK(has(r.out, "nothing was run"));
    CHECK_FALSE(has(r.out, "outlook "));
}
#endif
