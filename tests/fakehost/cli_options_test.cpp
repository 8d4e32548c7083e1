// What fakehost says about its own command line and what scripts print through it.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#include <sstream>

#ifndef _WIN32
using namespace oh;
using namespace oh::test;

TEST_CASE("An option given twice is named as given twice, not as unknown", "[cli][options]") {
    ScriptDir dir;
    dir.write("s.lua", "\n");
    const auto r =
        fakehost("run --scripts " + sh(dir.path()) + " --events '1s offline' --events '2s online'");
    CHECK(r.status == 2);
    CHECK(has(r.out, "--events is given twice"));
    CHECK_FALSE(has(r.out, "unknown option"));
}

TEST_CASE("A --scripts folder that does not exist is an error, and nothing runs",
          "[cli][options]") {
    ScriptDir dir;
    const auto missing = dir.path() / "scirpts";
    auto r = fakehost("run --scripts " + sh(missing) + " --events '1s offline'");
    CHECK(r.status == 2);
    CHECK(has(r.out, "--scripts " + missing.string() + ": no such folder"));
    CHECK_FALSE(has(r.out, "outlook"));
    const auto file = dir.write("s.lua", "\n");
    r = fakehost("replay --scripts " + sh(file) + " " + sh(file));
    CHECK(r.status == 2);
    CHECK(has(r.out, ": not a folder"));
}

TEST_CASE("Escape sequences and newlines from scripts are shown escaped in the transcript",
          "[cli][transcript]") {
    ScriptDir dir;
    dir.write("s.lua",
              "hooks.on('offline', function()\n"
              "  hooks.log.info('red \\27[31mtext\\r\\n00:00:09.000  host      done: forged')\n"
              "  hooks.notify('\\27]0;title\\7', 'a\\nb')\n"
              "  hooks.log.info('c1 \\u{9B}2J')\n"
              "end)\n");
    dir.write("evil\nname.lua", "hooks.on('offline', function() hooks.log.info('hi') end)\n");
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --events '1s offline'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK_FALSE(has(r.out, "\x1b"));
    CHECK_FALSE(has(r.out, "\r"));
    CHECK_FALSE(has(r.out, "\xC2\x9B"));
    CHECK(has(r.out, "red \\x1B[31mtext\\x0D\n"));
    CHECK(has(r.out, "c1 \\u009B2J"));
    CHECK(has(r.out, "evil\\nname: hi"));
    // Every line starts with a time, or is a continuation indented under the detail.
    std::istringstream in(r.out);
    for (std::string l; std::getline(in, l);) {
        INFO(l);
        CHECK((l.rfind("00:00:", 0) == 0 || l.rfind("                         ", 0) == 0));
    }
}

TEST_CASE("A 20 MB notice makes a transcript line of sane length", "[cli][transcript]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function()\n"
                       "  hooks.notify('t', string.rep('x', 20 * 1024 * 1024))\n"
                       "end)\n");
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --events '1s offline'");
    CHECK(r.status == 0);
    CHECK(r.out.size() < 64 * 1024);
    CHECK(has(r.out, " more bytes cut]"));
}
#endif
