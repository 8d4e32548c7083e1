// The journal's optional "mode": the ExchangeConnectionMode read for each notification, so
// that a replay plays the e.mode and e.reason the scripts saw; older journals have none.
#include "catch.hpp"
#include "engine_rig.h"

#include "journal.h"

#include <fstream>
#include <sstream>

using namespace oh;
using namespace oh::test;

namespace {

Notification offline_change(ConnectionMode mode) {
    Notification n;
    n.seq = 3;
    n.phase = Phase::change;
    n.old_state = State::online;
    n.new_state = State::offline;
    n.mode = mode;
    return n;
}

} // namespace

TEST_CASE("A journal line records the mode read for the notification, and none when unknown",
          "[journal][mode]") {
    const std::string line =
        format_journal_line(offline_change(ConnectionMode::cached_disconnected), 1.0);
    CHECK(line.find(R"(,"mode":"cached-disconnected")") != std::string::npos);
    const auto back = parse_journal_line(line.substr(0, line.size() - 1));
    REQUIRE(back.ok());
    CHECK(back.value().n.mode == ConnectionMode::cached_disconnected);
    CHECK(format_journal_line(offline_change(ConnectionMode::unknown), 1.0).find("mode") ==
          std::string::npos);
}

TEST_CASE("A journal line without a mode, as older journals have, reads as mode unknown",
          "[journal][mode]") {
    const auto e = parse_journal_line(
        R"({"time":5,"seq":2,"phase":"done","old":"online","new":"offline","token":7})");
    REQUIRE(e.ok());
    CHECK(e.value().n.mode == ConnectionMode::unknown);
}

TEST_CASE("A journal line whose mode is no connection mode says which field", "[journal][mode]") {
    const auto e = parse_journal_line(
        R"({"time":5,"seq":2,"phase":"done","old":"online","new":"offline","mode":"wifi"})");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error() == R"(field "mode": expected a connection mode such as "cached-disconnected")"
                       R"( or "online", got "wifi")");
}

TEST_CASE("The engine journals each notification with the mode read for it", "[journal][mode]") {
    TempDir dir;
    EngineOptions o;
    o.journal_path = dir.path() / "journal.jsonl";
    {
        EngineRig rig("", State::online, ConnectionMode::unknown, o);
        rig.go(State::offline, ConnectionMode::cached_offline, {Phase::change});
        rig.go(State::online, ConnectionMode::unknown, {Phase::change});
    }
    std::ifstream in(o.journal_path);
    std::vector<JournalProblem> problems;
    const auto entries = read_journal(in, problems);
    CHECK(problems.empty());
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].n.mode == ConnectionMode::cached_offline);
    CHECK(entries[1].n.mode == ConnectionMode::unknown);
}
