// The fake host's command line as a user runs it: the real binary, its output and status.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#include "journal.h"
#include "json.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#ifndef _WIN32
#include <sys/wait.h>

using namespace oh;
using namespace oh::test;

namespace {

std::string last_line(const std::string& s) {
    auto end = s.find_last_not_of('\n');
    auto start = s.rfind('\n', end);
    return s.substr(start == std::string::npos ? 0 : start + 1,
                    end - (start == std::string::npos ? 0 : start + 1) + 1);
}

} // namespace

TEST_CASE("fakehost run plays a scenario file and prints one line per notification and action",
          "[cli][run]") {
    ScriptDir dir;
    dir.write(
        "s.lua",
        "hooks.on('online', function(e) hooks.log.info('online after %.0f', e.since or -1) end)\n");
    dir.write("day.scn",
              "# a short day\n0s online phases=change\n90s offline\n+30s online\n+1m end\n");
    const auto r = fakehost("run --scripts " + dir.path().string() + " --scenario " +
                            (dir.path() / "day.scn").string());
    CHECK(r.status == 0);
    CHECK(r.out.find("00:01:30.000  outlook   START   online -> offline") != std::string::npos);
    CHECK(r.out.find("00:02:00.000  info      s: online after 30") != std::string::npos);
    CHECK(last_line(r.out).find("03:00.000  host      done: 7 notifications") != std::string::npos);
}

TEST_CASE("fakehost run shows debug lines with --verbose only and cuts long command lines",
          "[cli][run]") {
    ScriptDir dir;
    dir.write("s.lua", R"(
hooks.on("offline", function(e)
  hooks.log.debug("seq %d", e.seq)
  hooks.log.info("offline")
  hooks.run({"cmd", "/c", "echo " .. string.rep("x", 300)})
end)
)");
    dir.write("two.scn", "10s offline\n+10s online\n+10s offline\n");
    const std::string args =
        "run --scripts " + dir.path().string() + " --scenario " + (dir.path() / "two.scn").string();

    const auto quiet = fakehost(args);
    CHECK(quiet.status == 0);
    CHECK(quiet.out.find("debug") == std::string::npos);
    CHECK(last_line(quiet.out).find("9 notifications, 2 log lines, 0 notices, 2 runs") !=
          std::string::npos);
    // The 300-character argument is quoted, then the line is cut to what a person reads.
    const auto run_at = quiet.out.find("run #1    s: cmd /c \"echo xxx");
    REQUIRE(run_at != std::string::npos);
    const std::string run_line = quiet.out.substr(run_at, quiet.out.find('\n', run_at) - run_at);
    CHECK(run_line.size() < 200);
    CHECK(run_line.find("xxx...   (not started; --live runs it)") != std::string::npos);

    const auto verbose = fakehost(args + " --verbose");
    CHECK(verbose.status == 0);
    CHECK(verbose.out.find("debug     s: seq 2") != std::string::npos);
    CHECK(last_line(verbose.out) == last_line(quiet.out)); // the summary counts no debug lines
}

TEST_CASE("fakehost run --json prints one JSON object per line", "[cli][run]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function() hooks.notify('T', 'x') end)\n");
    const auto r =
        fakehost("run --json --scripts " + dir.path().string() + " --events '10s offline'");
    CHECK(r.status == 0);
    std::size_t lines = 0;
    std::string line;
    std::istringstream in(r.out);
    while (std::getline(in, line)) {
        ++lines;
        oh::JsonError error;
        INFO(line);
        CHECK(oh::json_parse(line, error));
    }
    CHECK(lines >= 5);
    CHECK(r.out.find("\"type\":\"notice\"") != std::string::npos);
}

TEST_CASE("A bad scenario line names the file and line, and nothing runs", "[cli][run]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('start', function() hooks.log.info('started') end)\n");
    dir.write("bad.scn", "0s online\n1m ofline\n");
    const auto r = fakehost("run --scripts " + dir.path().string() + " --scenario " +
                            (dir.path() / "bad.scn").string());
    CHECK(r.status == 2);
    CHECK(r.out.find("bad.scn:2:") != std::string::npos);
    CHECK(r.out.find("ofline") != std::string::npos);
    CHECK(r.out.find("started") == std::string::npos);
}

TEST_CASE("fakehost check reports each problem with file:line and fails", "[cli][check]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('offline', function() end)\n");
    dir.write("syntax.lua", "hooks.on('offline', function()\n");
    dir.write("typo.lua", "\nhooks.on('onlin', function() end)\n");
    dir.write("boom.lua", "local t = nil\nprint(t.x)\n");
    const auto r = fakehost("check " + dir.path().string());
    CHECK(r.status == 1);
    CHECK(r.out.find("ok    " + (dir.path() / "good.lua").generic_string()) != std::string::npos);
    CHECK(r.out.find("syntax.lua:2:") != std::string::npos);
    CHECK(r.out.find("typo.lua:2: hooks.on: unknown event name \"onlin\"") != std::string::npos);
    CHECK(r.out.find("boom.lua:2:") != std::string::npos);
    CHECK(last_line(r.out) == "checked 4 script(s): 1 ok, 3 with problems");
}

TEST_CASE("A journal written while running replays with its original timing",
          "[cli][replay][journal]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function() hooks.log.info('offline at %s', "
                       "os.date('!%H:%M:%S')) end)\n");
    const auto journal = dir.path() / "journal.jsonl";
    const auto ran = fakehost("run --scripts " + dir.path().string() + " --journal " +
                              journal.string() + " --events '1m offline; +5m online'");
    REQUIRE(ran.status == 0);
    std::ifstream in(journal);
    std::vector<JournalProblem> problems;
    const auto entries = read_journal(in, problems);
    CHECK(entries.size() == 6);
    CHECK(problems.empty());

    // Truncate the last line: it is reported and skipped, the rest replays.
    std::string text;
    {
        std::ifstream j(journal, std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(j), {});
    }
    std::ofstream(journal, std::ios::binary | std::ios::trunc) << text.substr(0, text.size() - 10);
    const auto r = fakehost("replay --scripts " + dir.path().string() + " " + journal.string());
    CHECK(r.out.find("journal.jsonl:6:") != std::string::npos);
    CHECK(r.out.find("offline at 09:01:00") != std::string::npos);
    CHECK(r.out.find("5 replayed, 1 line(s) skipped") != std::string::npos);
    CHECK(r.status == 1);
}

TEST_CASE("Unknown commands and options are refused with a pointer to --help", "[cli]") {
    auto r = fakehost("frobnicate");
    CHECK(r.status == 2);
    CHECK(r.out.find("unknown command") != std::string::npos);
    r = fakehost("run --nope");
    CHECK(r.status == 2);
    CHECK(r.out.find("unknown option --nope (see fakehost --help)") != std::string::npos);
}
#endif
