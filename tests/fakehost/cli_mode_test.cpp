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
TEST_CASE("fakehost run shows a script's Send/Receive request in the transcript and counts it "
          "in the summary",
          "[cli][send_receive]") {
    ScriptDir dir;
    dir.write("outbox.lua", "hooks.on('online', function(e)\n"
                            "  hooks.log.info('back: %s %s', e.reason, e.mode)\n"
                            "  hooks.outlook.send_receive()\n"
                            "end)\n");
    const Ran r = fakehost("run --scripts " + sh(dir.path()) +
                           " --events '2m offline reason=network; +12m online "
                           "mode=cached-connected-full'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "outbox: back: network cached-connected-full\n"));
    CHECK(has(r.out, "00:14:00.000  send_receive outbox: asks Outlook to Send/Receive\n"));
    CHECK(has(r.out, ", 1 Send/Receive requests\n"));
    const Ran json = fakehost("run --json --scripts " + sh(dir.path()) +
                              " --events '2m offline reason=network; +12m online'");
    CHECK(has(json.out, R"({"t":840,"type":"send_receive","script":"outbox"})"));
}
TEST_CASE("fakehost replay plays each journal line with the mode the add-in read for it, so the "
          "scripts see the same e.mode and e.reason",
          "[cli][mode][replay]") {
    ScriptDir dir;
    dir.write("why.lua", "hooks.on('offline', function(e)\n"
                         "  hooks.log.info('why %s %s', e.mode, e.reason)\n"
                         "end)\n");
    const std::string journal = sh(dir.path() / "j.jsonl");
    const Ran recorded = fakehost("run --scripts " + sh(dir.path()) + " --journal " + journal +
                                  " --events '1m offline reason=network; +5m online; "
                                  "+1m offline reason=user; +1m online; +1m offline'");
    REQUIRE(recorded.status == 0);
    const Ran r = fakehost("replay --scripts " + sh(dir.path()) + " " + journal);
    INFO(r.out);
    CHECK(r.status == 0);
    const std::size_t network = r.out.find("why: why cached-disconnected network\n");
    const std::size_t user = r.out.find("why: why cached-offline user\n");
    const std::size_t unknown = r.out.find("why: why unknown unknown\n");
    CHECK(network < user);
    CHECK(user < unknown);
    CHECK(unknown != std::string::npos);
    CHECK(has(r.out, "outlook   CHANGE  online -> offline   mode cached-disconnected (reason "
                     "network)\n"));
}
TEST_CASE("fakehost run --initial takes Outlook's mode at start-up in the words of a scenario "
          "line, and refuses one that does not fit",
          "[cli][mode]") {
    ScriptDir dir;
    dir.write("why.lua", "hooks.on('start', function(e)\n"
                         "  hooks.log.info('start %s %s %s', e.state, e.mode, e.reason)\n"
                         "end)\n");
    const Ran r = fakehost("run --scripts " + sh(dir.path()) +
                           " --initial 'offline reason=network' --events '+1m online'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "Outlook is offline (mode cached-disconnected); playing --events\n"));
    CHECK(has(r.out, "why: start offline cached-disconnected network\n"));
    const Ran online =
        fakehost("run --scripts " + sh(dir.path()) + " --initial 'online reason=user'");
    CHECK(online.status == 2);
    CHECK(has(online.out, "--initial: reason= is for offline lines only"));
    const Ran typo =
        fakehost("run --scripts " + sh(dir.path()) + " --initial 'offline resaon=user'");
    CHECK(typo.status == 2);
    CHECK(has(typo.out, "--initial: unexpected \"resaon=user\" after \"offline\""));
}
#endif
