// How notifications become events: once per transition, every phase for "change", fields.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

namespace {

const char* const counter_script = R"(
hooks.on("offline", function(e) hooks.log.info("offline %s", e.phase) end)
hooks.on("online", function(e) hooks.log.info("online %s", e.phase) end)
hooks.on("change", function(e) hooks.log.debug("change %s %s->%s", e.phase, e.previous, e.state) end)
)";

} // namespace

TEST_CASE("offline and online fire once per transition with all three phases", "[events]") {
    ScriptDir dir;
    dir.write("count.lua", counter_script);
    auto h = start_host(dir);
    h->go(State::offline);
    h->go(State::online);
    CHECK(messages(*h, "info") == std::vector<std::string>{"offline change", "online change"});
    CHECK(messages(*h, "debug").size() == 6);
}

TEST_CASE("A missing DONE or a lone DONE still gives exactly one transition", "[events]") {
    ScriptDir dir;
    dir.write("count.lua", counter_script);
    auto h = start_host(dir);
    h->go(State::offline, {Phase::change});
    h->go(State::online, {Phase::done});
    h->go(State::offline, {Phase::start});
    CHECK(messages(*h, "info") == std::vector<std::string>{"offline change", "online done"});
    CHECK(messages(*h, "debug") == std::vector<std::string>{"change change online->offline",
                                                            "change done offline->online",
                                                            "change start online->offline"});
}

TEST_CASE("A repeated DONE or CHANGE never doubles a transition", "[events]") {
    ScriptDir dir;
    dir.write("count.lua", counter_script);
    auto h = start_host(dir);
    h->go(State::offline, {Phase::start, Phase::change, Phase::change, Phase::done, Phase::done});
    h->go(State::offline); // Outlook says offline again while offline
    CHECK(messages(*h, "info") == std::vector<std::string>{"offline change"});
}

TEST_CASE("Event tables carry every documented field", "[events]") {
    ScriptDir dir;
    dir.write("fields.lua", R"(
hooks.on("start", function(e)
  hooks.log.info("start %s %s %s", e.name, e.state, tostring(e.previous))
end)
hooks.on("offline", function(e)
  hooks.log.info("%s %s %s %s %.0f %s %s %d %s", e.name, e.state, e.previous, e.phase,
    e.time, tostring(e.since), e.profile, e.seq, e.cause)
end)
hooks.on("online", function(e)
  hooks.log.info("%s since=%.0f seq=%d", e.name, e.since, e.seq)
end)
)");
    FakeHostOptions o;
    o.profile = "Work";
    auto h = start_host(dir, o);
    h->advance(90);
    h->go(State::offline);
    h->advance(30);
    h->go(State::online);
    const double t = VirtualClock::default_epoch + 90;
    CHECK(messages(*h) == std::vector<std::string>{"start start online nil",
                                                   "offline offline online change " +
                                                       std::to_string(static_cast<long long>(t)) +
                                                       " nil Work 2 outlook",
                                                   "online since=30 seq=5"});
}

TEST_CASE("opts.after calls the handler only if the state still holds", "[events][after]") {
    ScriptDir dir;
    dir.write("after.lua", R"(
hooks.on("offline", function(e) hooks.log.info("still offline since %s", e.phase) end, {after = "5m"})
)");
    auto h = start_host(dir);
    SECTION("a flap shorter than the delay is suppressed") {
        h->go(State::offline);
        h->advance(20);
        h->go(State::online);
        h->advance(600);
        CHECK(messages(*h).empty());
    }
    SECTION("a state that holds calls the handler once, at the delay") {
        h->go(State::offline);
        h->advance(299);
        CHECK(messages(*h).empty());
        h->advance(1);
        CHECK(messages(*h) == std::vector<std::string>{"still offline since change"});
        h->advance(3600);
        CHECK(messages(*h).size() == 1);
    }
}

TEST_CASE("Handlers run in script-name order and start sees the current state", "[events]") {
    ScriptDir dir;
    dir.write("b.lua", R"(hooks.on("start", function(e) hooks.log.info("b %s", e.state) end))");
    dir.write("a.lua", R"(hooks.on("start", function(e) hooks.log.info("a %s", e.state) end))");
    dir.write("a_test.lua", "error('a test file must not be loaded as a script')");
    FakeHostOptions o;
    o.initial = State::offline;
    auto h = start_host(dir, o);
    CHECK(messages(*h) == std::vector<std::string>{"a offline", "b offline"});
    CHECK(h->record().errors.empty());
}

TEST_CASE("stop handlers run when the host shuts down", "[events]") {
    ScriptDir dir;
    dir.write("s.lua", R"(hooks.on("stop", function(e) hooks.log.info("stop %s", e.state) end))");
    auto h = start_host(dir);
    h->stop();
    CHECK(messages(*h) == std::vector<std::string>{"stop online"});
}

TEST_CASE("An unknown event name is an error at the call that names the valid ones", "[events]") {
    ScriptDir dir;
    dir.write("typo.lua", "hooks.on('ofline', function() end)\n");
    auto h = start_host(dir);
    REQUIRE(h->record().errors.size() == 1);
    const auto& e = h->record().errors[0].error;
    CHECK(e.script == "typo");
    CHECK(e.message.find("typo.lua:1:") != std::string::npos);
    CHECK(e.message.find("offline, online, change, start, stop") != std::string::npos);
}

TEST_CASE("set_state goes to Outlook, and the events it causes name the script",
          "[events][set_state]") {
    ScriptDir dir;
    dir.write("flip.lua", R"(
hooks.on("start", function() assert(hooks.outlook.set_state("offline")) end)
hooks.on("offline", function(e) hooks.log.info("flip saw offline, cause %s", e.cause) end)
)");
    dir.write("watch.lua", R"(
hooks.on("offline", function(e) hooks.log.info("watch saw offline, cause %s", e.cause) end)
)");
    auto h = start_host(dir);
    CHECK(h->outlook_state() == State::offline);
    REQUIRE(h->record().state_requests.size() == 1);
    CHECK(h->record().state_requests[0].script == "flip");
    CHECK(h->outlook().state_calls().size() == 1);
    CHECK(h->outlook().state_calls()[0].mask == MAPIOFFLINE_STATE_OFFLINE_MASK);
    CHECK(messages(*h) == std::vector<std::string>{"flip saw offline, cause script:flip",
                                                   "watch saw offline, cause script:flip"});
}

TEST_CASE("The handler that asked for a state change is not handed the event it caused",
          "[events][set_state]") {
    ScriptDir dir;
    dir.write("guard.lua", R"(
hooks.on("change", function(e)
  hooks.log.info("change %s %s", e.phase, e.cause)
  if e.cause == "outlook" and e.state == "offline" and e.phase == "done" then
    hooks.outlook.set_state("online")
  end
end)
)");
    auto h = start_host(dir);
    h->go(State::offline);
    CHECK(h->outlook_state() == State::online);
    CHECK(messages(*h) == std::vector<std::string>{"change start outlook", "change change outlook",
                                                   "change done outlook"});
}

TEST_CASE("Two scripts flipping Outlook back and forth are stopped by the rate limit",
          "[events][set_state]") {
    ScriptDir dir;
    dir.write(
        "a.lua",
        R"(hooks.on("offline", function() local ok, err = hooks.outlook.set_state("online") if not ok then hooks.log.warn("a: %s", err) end end))");
    dir.write(
        "b.lua",
        R"(hooks.on("online", function() local ok, err = hooks.outlook.set_state("offline") if not ok then hooks.log.warn("b: %s", err) end end))");
    auto h = start_host(dir);
    h->go(State::offline);
    // Each script may ask 5 times a minute; then it is refused with a clear message.
    CHECK(h->record().state_requests.size() == 10);
    CHECK(any_contains(messages(*h, "warn"), "set_state refused: at most 5 requests per 60 s"));
    // A minute later the scripts may ask again.
    h->advance(61);
    h->go(State::online);
    CHECK(h->record().state_requests.size() > 10);
}

TEST_CASE("A request made in a CHANGE handler names its script, though that transition's DONE is "
          "still to come",
          "[events][set_state]") {
    ScriptDir dir;
    dir.write("back.lua", R"(
hooks.on("offline", function(e) assert(hooks.outlook.set_state("online")) end)
hooks.on("online", function(e) hooks.log.info("back: online, cause %s", e.cause) end)
)");
    dir.write(
        "watch.lua",
        R"(hooks.on("online", function(e) hooks.log.info("watch: online, cause %s", e.cause) end))");
    auto h = start_host(dir);
    h->go(State::offline); // START, CHANGE (the handler asks), DONE, then Outlook's answer
    CHECK(h->outlook_state() == State::online);
    // The loop guard: back's "offline" handler asked, its "online" handler is another one.
    CHECK(messages(*h) == std::vector<std::string>{"back: online, cause script:back",
                                                   "watch: online, cause script:back"});
}
