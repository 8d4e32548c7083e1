// reason= and mode= on scenario lines: Outlook's ExchangeConnectionMode while it sends a
// transition's notifications (what the add-in reads for e.mode and e.reason).
#include "catch.hpp"

#include "scenario.h"

#include <string>

using oh::ConnectionMode;
using oh::Scenario;

namespace {

Scenario parse_ok(const std::string& text) {
    INFO("text: " << text);
    oh::Result<Scenario> s = oh::parse_scenario(text, "demo.scn");
    INFO("error: " << s.error());
    REQUIRE(s.ok());
    return std::move(s).value();
}

std::string parse_error(const std::string& text) {
    INFO("text: " << text);
    const oh::Result<Scenario> s = oh::parse_scenario(text, "demo.scn");
    REQUIRE_FALSE(s.ok());
    return s.error();
}

} // namespace

TEST_CASE("reason=network on an offline line plays a lost connection, reason=user Work Offline",
          "[scenario][mode]") {
    const Scenario s = parse_ok("0s offline reason=network\n1m online\n2m offline reason=user\n");
    REQUIRE(s.steps.size() == 3);
    CHECK(s.steps[0].mode == ConnectionMode::cached_disconnected);
    CHECK(s.steps[1].mode == ConnectionMode::unknown);
    CHECK(s.steps[2].mode == ConnectionMode::cached_offline);
}

TEST_CASE("mode= plays the mode named, on offline and online lines, with phases= in any order",
          "[scenario][mode]") {
    const Scenario s = parse_ok("0s offline mode=disconnected phases=change\n"
                                "+1m online mode=cached-connected-full\n"
                                "+1m offline phases=start,change mode=offline # Work Offline\n"
                                "+1m online mode=no-exchange\n");
    REQUIRE(s.steps.size() == 4);
    CHECK(s.steps[0].mode == ConnectionMode::disconnected);
    CHECK(s.steps[0].phases.size() == 1);
    CHECK(s.steps[1].mode == ConnectionMode::cached_connected_full);
    CHECK(s.steps[2].mode == ConnectionMode::offline);
    CHECK(s.steps[2].phases.size() == 2);
    CHECK(s.steps[3].mode == ConnectionMode::no_exchange);
}

TEST_CASE("A transition with neither reason nor mode plays the mode unknown", "[scenario][mode]") {
    const Scenario s = parse_ok("0s offline\n+1m online\n");
    CHECK(s.steps[0].mode == ConnectionMode::unknown);
    CHECK(s.steps[1].mode == ConnectionMode::unknown);
}

TEST_CASE("reason= and mode= together are fine when they agree", "[scenario][mode]") {
    const Scenario s = parse_ok("0s offline reason=network mode=disconnected\n"
                                "1m online\n2m offline mode=cached-offline reason=user\n");
    CHECK(s.steps[0].mode == ConnectionMode::disconnected);
    CHECK(s.steps[2].mode == ConnectionMode::cached_offline);
}

TEST_CASE("reason= and mode= that disagree are refused, naming both", "[scenario][mode]") {
    CHECK(parse_error("0s online\n2m offline reason=user mode=cached-disconnected\n") ==
          "demo.scn:2: reason=user and mode=cached-disconnected disagree: mode "
          "cached-disconnected means reason network (give one of them)");
}

TEST_CASE("reason= on an online line is refused: the reason comes from the offline period",
          "[scenario][mode]") {
    const std::string e = parse_error("0s offline reason=network\n5m online reason=network\n");
    CHECK(e.rfind("demo.scn:2: reason= is for offline lines only: an online event's reason is "
                  "that of the offline period it ends",
                  0) == 0);
    CHECK(e.find("mode=cached-connected-full") != std::string::npos);
}

TEST_CASE("An unknown reason is refused, naming the two accepted", "[scenario][mode]") {
    CHECK(parse_error("0s offline reason=script\n") ==
          "demo.scn:1: expected reason=user (Work Offline) or reason=network (the connection "
          "was lost), got \"script\"");
    CHECK(parse_error("0s offline reason=\n") ==
          "demo.scn:1: expected reason=user (Work Offline) or reason=network (the connection "
          "was lost), got \"\"");
}

TEST_CASE("An unknown mode is refused, listing the modes of that kind of line",
          "[scenario][mode]") {
    CHECK(parse_error("0s offline mode=cached_disconnected\n") ==
          "demo.scn:1: expected mode=offline, cached-offline, disconnected, cached-disconnected, "
          "no-exchange or unknown on an offline line, got \"cached_disconnected\"");
    CHECK(parse_error("0s offline\n1m online mode=connected\n") ==
          "demo.scn:2: expected mode=cached-connected-headers, cached-connected-drizzle, "
          "cached-connected-full, online, no-exchange or unknown on an online line, got "
          "\"connected\"");
}

TEST_CASE("A connected mode on an offline line, or an offline one on an online line, is refused",
          "[scenario][mode]") {
    CHECK(parse_error("0s offline mode=online\n")
              .rfind("demo.scn:1: mode=online is a connected mode, not one for an offline line",
                     0) == 0);
    CHECK(parse_error("0s offline\n1m online mode=cached-disconnected\n")
              .rfind("demo.scn:2: mode=cached-disconnected is an offline mode, not one for an "
                     "online line",
                     0) == 0);
}

TEST_CASE("reason= or mode= given twice is refused", "[scenario][mode]") {
    CHECK(parse_error("0s offline reason=user reason=user\n") ==
          "demo.scn:1: reason= is given twice");
    CHECK(parse_error("0s offline mode=offline mode=offline\n") ==
          "demo.scn:1: mode= is given twice");
}

TEST_CASE("An unknown option after a transition names the accepted ones", "[scenario][mode]") {
    CHECK(parse_error("0s offline reasons=user\n") ==
          "demo.scn:1: unexpected \"reasons=user\" after \"offline\" (expected "
          "phases=start,change,done, reason=user|network, mode=<name> or a # comment)");
}

TEST_CASE("An --events spec takes reason= and mode= too, naming the item of a mistake",
          "[scenario][mode]") {
    const oh::Result<Scenario> s =
        oh::parse_events_spec("0s offline reason=network; +20m online mode=online; 30m end");
    REQUIRE(s.ok());
    CHECK(s.value().steps[0].mode == ConnectionMode::cached_disconnected);
    CHECK(s.value().steps[1].mode == ConnectionMode::online);
    const oh::Result<Scenario> bad = oh::parse_events_spec("0s offline; +1m online reason=user");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().rfind("--events:2: reason= is for offline lines only", 0) == 0);
}
