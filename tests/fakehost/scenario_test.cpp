#include "catch.hpp"

#include "scenario.h"
#include "support.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using oh::Phase;
using oh::Scenario;
using oh::ScenarioStep;
using oh::State;
using Kind = oh::ScenarioStep::Kind;
using oh::test::TempDir;

namespace {

Scenario parse_ok(const std::string& text) {
    INFO("text: " << text);
    oh::Result<Scenario> s = oh::parse_scenario(text, "demo.scn");
    INFO("error: " << s.error());
    REQUIRE(s.ok());
    CHECK(s.error().empty());
    return std::move(s).value();
}

std::string parse_error(const std::string& text) {
    INFO("text: " << text);
    const oh::Result<Scenario> s = oh::parse_scenario(text, "demo.scn");
    REQUIRE_FALSE(s.ok());
    return s.error();
}

const std::vector<Phase> all_phases = {Phase::start, Phase::change, Phase::done};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("A transition sends START, CHANGE and DONE by default", "[scenario]") {
    const Scenario s = parse_ok("0s offline\n90s online\n");
    REQUIRE(s.steps.size() == 2);
    CHECK(s.steps[0].kind == Kind::transition);
    CHECK(s.steps[0].time == 0.0);
    CHECK(s.steps[0].state == State::offline);
    CHECK(s.steps[0].phases == all_phases);
    CHECK(s.steps[0].line == 1);
    CHECK(s.steps[1].time == 90.0);
    CHECK(s.steps[1].state == State::online);
    CHECK(s.steps[1].line == 2);
    CHECK(s.end_time() == 90.0);
}

TEST_CASE("Scenario times are absolute or relative to the step before", "[scenario]") {
    const Scenario s = parse_ok("+30s offline\n+1.5m online\n5m offline\n+250ms online\n"
                                "1h offline\n+0.5h online");
    REQUIRE(s.steps.size() == 6);
    CHECK(s.steps[0].time == 30.0); // the first relative time counts from 0
    CHECK(s.steps[1].time == 120.0);
    CHECK(s.steps[2].time == 300.0); // absolute after relative
    CHECK(s.steps[3].time == 300.25);
    CHECK(s.steps[4].time == 3600.0);
    CHECK(s.steps[5].time == 5400.0);
}

TEST_CASE("phases= chooses the notifications and their order, repeats allowed", "[scenario]") {
    const Scenario s = parse_ok("0s offline phases=change\n"
                                "1m online phases=start,change,done,done\n"
                                "2m offline phases=done,start\n");
    REQUIRE(s.steps.size() == 3);
    CHECK(s.steps[0].phases == std::vector<Phase>{Phase::change});
    CHECK(s.steps[1].phases ==
          std::vector<Phase>{Phase::start, Phase::change, Phase::done, Phase::done});
    CHECK(s.steps[2].phases == std::vector<Phase>{Phase::done, Phase::start});
}

TEST_CASE("Scenario comments, blank lines, tabs and CRLF are all fine", "[scenario]") {
    const Scenario s = parse_ok("\xEF\xBB\xBF# a morning\r\n"
                                "\r\n"
                                "   # indented comment\n"
                                "\t0s\toffline   # trailing comment\r\n"
                                "+20s online phases=change#no space before the comment\n"
                                "   \n");
    REQUIRE(s.steps.size() == 2);
    CHECK(s.steps[0].line == 4);
    CHECK(s.steps[0].state == State::offline);
    CHECK(s.steps[1].line == 5);
    CHECK(s.steps[1].time == 20.0);
    CHECK(s.steps[1].phases == std::vector<Phase>{Phase::change});
}

TEST_CASE("Equal times are allowed, earlier ones are not", "[scenario]") {
    CHECK(parse_ok("1m offline\n1m online\n+0s offline").steps.size() == 3);
    CHECK(parse_error("2m offline\n90s online") ==
          "demo.scn:2: the time 90s is before the step before it, at 2m 00s (times must not go "
          "backwards; +30s means 30 s after the step before)");
}

TEST_CASE("An end step keeps the clock running past the last transition", "[scenario]") {
    const Scenario s = parse_ok("0s offline\n+20s online\n+10m end # let timers fire\n");
    REQUIRE(s.steps.size() == 3);
    CHECK(s.steps[2].kind == Kind::end);
    CHECK(s.steps[2].time == 620.0);
    CHECK(s.steps[2].phases.empty());
    CHECK(s.end_time() == 620.0);
    CHECK(parse_ok("5m end").steps.size() == 1);
}

TEST_CASE("The end step must be the last step and takes no options", "[scenario]") {
    CHECK(parse_error("1m end\n# fine\n2m offline") ==
          R"(demo.scn:3: nothing may follow the "end" step of line 1, got "2m")");
    CHECK(parse_error("1m end now") ==
          R"(demo.scn:1: unexpected "now" after "end" (only a # comment may follow it))");
    CHECK(contains(parse_error("1m offline\n30s end"), "before the step before it"));
}

TEST_CASE("A raw step sends any field values, in decimal or hex", "[scenario]") {
    const Scenario s =
        parse_ok("1s raw type=7 mask=0x3F037F old=0 new=0XFFFFFFFF size=12 token=42\n"
                 "2s raw\n"
                 "3s raw mask=1\n");
    REQUIRE(s.steps.size() == 3);
    const oh::RawNotify& r = s.steps[0].raw;
    CHECK(s.steps[0].kind == Kind::raw);
    CHECK(r.type == 7);
    CHECK(r.mask == 0x3F037F);
    CHECK(r.old_state == 0);
    CHECK(r.new_state == 0xFFFFFFFFu);
    CHECK(r.size == 12);
    CHECK(r.token == 42);
    CHECK(r.token_given);

    // Left out: a valid STATECHANGE from online to offline, the advised token.
    const oh::RawNotify& d = s.steps[1].raw;
    CHECK(d.size == 24);
    CHECK(d.type == 2);
    CHECK(d.mask == 3);
    CHECK(d.old_state == 2);
    CHECK(d.new_state == 1);
    CHECK_FALSE(d.token_given);
    CHECK(s.steps[2].raw.mask == 1);
    CHECK(s.steps[2].raw.type == 2);
}

TEST_CASE("Scenario errors name the line, what was expected and what was found", "[scenario]") {
    CHECK(
        parse_error("0s online\n\n1m ofline") ==
        R"(demo.scn:3: expected "online", "offline", "end" or "raw" after the time, got "ofline")");
    CHECK(
        parse_error("0s") ==
        R"(demo.scn:1: expected "online", "offline", "end" or "raw" after the time, got nothing)");
    CHECK(
        parse_error("5 min offline") ==
        R"(demo.scn:1: the time "5": a unit is required: ms, s, m or h; a time is 0s to 3660d 00h from the start (90s, 2m, 1.5h), or +30s for 30 s after the step before)");
    CHECK(
        parse_error("offline") ==
        R"(demo.scn:1: expected a time such as 0s, 90s, 2m or +30s at the start of the line, got "offline")");
    CHECK(
        parse_error("0s offline soon") ==
        R"(demo.scn:1: unexpected "soon" after "offline" (expected phases=start,change,done, reason=user|network, mode=<name> or a # comment))");
    CHECK(
        parse_error("0s offline phase=start") ==
        R"(demo.scn:1: unexpected "phase=start" after "offline" (expected phases=start,change,done, reason=user|network, mode=<name> or a # comment))");
    CHECK(parse_error("0s offline phases=start,begin") ==
          R"(demo.scn:1: expected start, change or done in phases=, got "begin" in "start,begin")");
    CHECK(
        parse_error("0s raw kind=1") ==
        R"(demo.scn:1: unknown key "kind" in a raw step (expected type, mask, old, new, size or token))");
    CHECK(
        parse_error("0s raw type=-1") ==
        R"(demo.scn:1: expected a number from 0 to 4294967295 (decimal or 0x hex) after type=, got "-1")");
    CHECK(
        parse_error("0s raw 3") ==
        R"(demo.scn:1: unexpected "3" in a raw step (expected key=value with keys type, mask, old, new, size or token))");
}

TEST_CASE("A time out of range says which range is allowed, with file:line", "[scenario]") {
    const std::string range = "; a time is 0s to 3660d 00h from the start (90s, 2m, 1.5h), or "
                              "+30s for 30 s after the step before";
    CHECK(parse_error("0s online\n87841h offline") ==
          R"(demo.scn:2: the time "87841h": longer than 3660d 00h, the longest accepted)" + range);
    CHECK(parse_error("-5s offline") == R"(demo.scn:1: the time "-5s" is negative)" + range);
    CHECK(parse_error("1s online\n+-5s offline") ==
          R"(demo.scn:2: the time "+-5s" is negative)" + range);
    CHECK(parse_error("1s online\n5x offline") ==
          R"(demo.scn:2: the time "5x": the unit must be ms, s, m or h)" + range);
    CHECK(parse_error("87000h online\n+1000h end") ==
          "demo.scn:2: the time +1000h comes to 3666d 16h from the start, past 3660d 00h, "
          "the longest run accepted");
}

TEST_CASE("Scenario lines with malformed values are refused", "[scenario]") {
    const char* bad[] = {
        "0 offline",                          // no unit
        "-5s offline",                        // negative
        "+ offline",                          // relative without a duration
        "++5s offline",                       //
        "1e3s offline",                       //
        "0s Offline",                         // states are lower case
        "0s online phases=",                  // empty list
        "0s online phases=start,,done",       // empty item
        "0s online phases=start,",            //
        "0s online phases=start phases=done", // twice
        "0s online phases",                   //
        "0s raw type=",                       //
        "0s raw type=0x",                     //
        "0s raw type=4294967296",             // above 32 bits
        "0s raw type=0x100000000",            //
        "0s raw type=1x",                     //
        "0s raw type=1 type=2",               // twice
        "0s raw =1",                          //
        "87841h offline",                     // longer than 10 years
    };
    for (const char* line : bad) CHECK(parse_error(line).find("demo.scn:1: ") == 0);
    CHECK(contains(parse_error("0s online phases=start phases=done"), "phases= is given twice"));
    CHECK(contains(parse_error("0s raw type=1 type=2"), "type= is given twice"));
    // A binary file read by mistake gives a short message, not a screenful.
    CHECK(parse_error("0s " + std::string(5000, 'x')).size() < 200);
}

TEST_CASE("Relative times cannot add up past 10 years", "[scenario]") {
    CHECK(contains(parse_error("87840h offline\n+1h online"),
                   "demo.scn:2: the time +1h comes to 3660d 01h from the start, past"));
}

TEST_CASE("A scenario with no step at all is an error", "[scenario]") {
    CHECK(parse_error("") ==
          R"(demo.scn: no steps (expected lines such as "0s offline" or "+30s online"))");
    CHECK(contains(parse_error("# only a comment\n\n"), "demo.scn: no steps"));
}

TEST_CASE("The --events spec takes the same steps separated by semicolons or newlines",
          "[scenario]") {
    oh::Result<Scenario> spec =
        oh::parse_events_spec("0s offline; +20s online phases=change;5m end");
    REQUIRE(spec.ok());
    const Scenario& s = spec.value();
    REQUIRE(s.steps.size() == 3);
    CHECK(s.steps[1].time == 20.0);
    CHECK(s.steps[1].phases == std::vector<Phase>{Phase::change});
    CHECK(s.steps[1].line == 2);
    CHECK(s.steps[2].kind == Kind::end);
    CHECK(s.steps[2].line == 3);

    const oh::Result<Scenario> lines = oh::parse_events_spec("0s offline\n+20s online\n");
    REQUIRE(lines.ok());
    CHECK(lines.value().steps.size() == 2);

    CHECK(
        oh::parse_events_spec("0s offline;;1m ofline").error() ==
        R"(--events:3: expected "online", "offline", "end" or "raw" after the time, got "ofline")");
    const oh::Result<Scenario> blank = oh::parse_events_spec("  ");
    CHECK_FALSE(blank.ok());
    CHECK(contains(blank.error(), "--events: no steps"));
}

TEST_CASE("load_scenario_file reads a file and names it in every error", "[scenario]") {
    TempDir dir;
    const fs::path good = dir.path() / "morning.scn";
    std::ofstream(good) << "0s offline\n+20s online\n";
    const oh::Result<Scenario> s = oh::load_scenario_file(good);
    REQUIRE(s.ok());
    CHECK(s.value().steps.size() == 2);

    const fs::path bad = dir.path() / "bad.scn";
    std::ofstream(bad) << "0s offline\nsoon online\n";
    CHECK(oh::load_scenario_file(bad).error().find(oh::path_to_utf8(bad) + ":2: ") == 0);

    const fs::path missing = dir.path() / "missing.scn";
    CHECK(oh::load_scenario_file(missing).error().find(oh::path_to_utf8(missing) +
                                                       ": cannot read the scenario file") == 0);

    CHECK(contains(oh::load_scenario_file(dir.path()).error(), "is a folder"));
}

TEST_CASE("The bundled default scenario exercises the example scripts", "[scenario]") {
    const oh::Result<Scenario> loaded =
        oh::load_scenario_file(fs::path(OH_SOURCE_DIR) / "fakehost" / "default.scn");
    REQUIRE(loaded.ok());
    const Scenario& s = loaded.value();
    REQUIRE(s.steps.size() >= 4);
    bool flap = false, long_offline = false;
    for (std::size_t i = 0; i + 1 < s.steps.size(); ++i) {
        const ScenarioStep& a = s.steps[i];
        const ScenarioStep& b = s.steps[i + 1];
        if (a.kind != Kind::transition || a.state != State::offline) continue;
        if (b.kind != Kind::transition || b.state != State::online) continue;
        flap = flap || b.time - a.time <= 30.0;
        long_offline = long_offline || b.time - a.time > 5 * 60.0;
    }
    CHECK(flap);
    CHECK(long_offline);
    // A lost connection and a Work Offline, for the recipes that tell them apart.
    bool network = false, user = false;
    for (const ScenarioStep& step : s.steps) {
        network = network || step.mode == oh::ConnectionMode::cached_disconnected;
        user = user || step.mode == oh::ConnectionMode::cached_offline;
    }
    CHECK(network);
    CHECK(user);
    // Ends with an end step a while after the last transition, so that timers can fire.
    REQUIRE(s.steps.back().kind == Kind::end);
    CHECK(s.steps.back().time > s.steps[s.steps.size() - 2].time);
}
