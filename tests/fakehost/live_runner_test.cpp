// fakehost --live running real programs that misbehave: background children, no exit,
// closed output, floods of output. Real time is bounded generously: these are hangs.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#ifndef _WIN32
#include <chrono>
#include <fstream>
#include <signal.h>

using namespace oh;
using namespace oh::test;

namespace {

std::unique_ptr<FakeHost> live_host(const ScriptDir& dir) {
    FakeHostOptions o;
    o.live = true;
    return start_host(dir, o);
}

// True while pid is a process that has not ended (a zombie has ended).
bool alive(long pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto close = text.rfind(')');
    return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

const char* const report_exit =
    "local function report(name)\n"
    "  return function(r)\n"
    "    hooks.log.info('%s code=%s timed_out=%s out=%q', name, r.code, r.timed_out, r.stdout)\n"
    "  end\n"
    "end\n";

} // namespace

TEST_CASE("A live program that leaves a background child does not keep the host waiting, and "
          "the child ends with the host",
          "[live]") {
    ScriptDir dir;
    dir.write("bg.lua", std::string(report_exit) +
                            "hooks.on('offline', function()\n"
                            "  hooks.run({'sh', '-c', 'sleep 100 & echo $!'}, "
                            "{on_exit = report('bg')})\n"
                            "end)\n");
    const auto t0 = std::chrono::steady_clock::now();
    long child = 0;
    {
        auto host = live_host(dir);
        host->go(State::offline);
        host->settle(30);
        CHECK(seconds_since(t0) < 10);
        const auto logs = messages(*host);
        REQUIRE(logs.size() == 1);
        CHECK(logs[0].rfind("bg code=0 timed_out=false out=", 0) == 0);
        child = std::stol(logs[0].substr(logs[0].find("out=\"") + 5));
        CHECK(alive(child)); // it was left running, as the program asked
    }
    CHECK(seconds_since(t0) < 10);
    for (int i = 0; i < 100 && alive(child); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK_FALSE(alive(child));
}

TEST_CASE("With --live a program's timeout is real time, and one that exits by itself is never "
          "timed out",
          "[live]") {
    ScriptDir dir;
    dir.write("t.lua",
              std::string(report_exit) +
                  "hooks.on('offline', function()\n"
                  "  hooks.run({'sh', '-c', 'sleep 1; echo slow'}, "
                  "{timeout = '20s', on_exit = report('slow')})\n"
                  "  hooks.run({'sleep', '100'}, {timeout = '1s', on_exit = report('stuck')})\n"
                  "  hooks.run({'sh', '-c', 'exec >&- 2>&-; sleep 100'}, "
                  "{timeout = '1s', on_exit = report('closed')})\n"
                  "end)\n");
    const auto t0 = std::chrono::steady_clock::now();
    auto host = live_host(dir);
    host->go(State::offline);
    host->advance(3600); // an hour of virtual time passes at once: no timeout is virtual
    host->settle(30);
    CHECK(seconds_since(t0) < 15);
    const auto logs = messages(*host);
    CHECK(any_contains(logs, "slow code=0 timed_out=false out=\"slow\\\n\""));
    CHECK(any_contains(logs, "stuck code=nil timed_out=true"));
    CHECK(any_contains(logs, "closed code=nil timed_out=true"));
}

TEST_CASE("A live program printing 100 MB is cut at 1 MiB and the host finishes", "[live]") {
    ScriptDir dir;
    dir.write("big.lua", "hooks.on('offline', function()\n"
                         "  hooks.run({'head', '-c', '100000000', '/dev/zero'}, {on_exit = "
                         "function(r) hooks.log.info('code=%s bytes=%d', r.code, #r.stdout) end})\n"
                         "end)\n");
    auto host = live_host(dir);
    host->go(State::offline);
    host->settle(60);
    CHECK(any_contains(messages(*host), "code=0 bytes=1048576"));
}

TEST_CASE("fakehost run --live finishes promptly when a program leaves a child holding stdout",
          "[live][cli]") {
    ScriptDir dir;
    dir.write("bg.lua", "hooks.on('offline', function()\n"
                        "  hooks.run({'sh', '-c', 'echo started; sleep 100 &'})\n"
                        "end)\n");
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = fakehost("run --live --scripts " + sh(dir.path()) + " --events '1s offline'");
    INFO(r.out);
    CHECK(seconds_since(t0) < 10);
    CHECK(r.status == 0);
    CHECK(has(r.out, "exit #1   bg: exit code 0"));
}
#endif
