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
    const auto flag = fakehost("run --json --scripts " + sh(dir.path()) + " --json");
    CHECK(flag.status == 2);
    CHECK(has(flag.out, "--json is given twice"));
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

TEST_CASE("An empty --journal or --store is an error, not a run without journal or store",
          "[cli][options]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function() hooks.log.info('handler ran') end)\n");
    for (const std::string option : {"--journal", "--store"}) {
        INFO(option);
        const auto r = fakehost("run --scripts " + sh(dir.path()) + " " + option +
                                " '' --events '1s offline'");
        CHECK(r.status == 2);
        CHECK(has(r.out, option + ": give a "));
        CHECK_FALSE(has(r.out, "handler ran"));
    }
    const auto journal = dir.path() / "j.jsonl";
    const auto r =
        fakehost("run --scripts " + sh(dir.path()) + " --store " + sh(dir.path() / "store") +
                 " --journal " + sh(journal) + " --events '1s offline'");
    CHECK(r.status == 0);
    CHECK(has(r.out, "handler ran"));
    CHECK(std::filesystem::file_size(journal) > 0);
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

TEST_CASE("With --json, escape sequences from scripts stay JSON-escaped", "[cli][transcript]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function()\n"
                       "  hooks.log.info('red \\27[31mtext\\r\\nforged')\n"
                       "end)\n");
    const auto r = fakehost("run --json --scripts " + sh(dir.path()) + " --events '1s offline'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK_FALSE(has(r.out, "\x1b"));
    CHECK_FALSE(has(r.out, "\r"));
    CHECK(has(r.out, "red \\u001b[31mtext\\r\\nforged")); // nlohmann writes lowercase hex
}

TEST_CASE("Escape sequences and newlines in script and test names are escaped by check and test",
          "[cli][transcript]") {
    ScriptDir dir;
    dir.write("a\x1B[31mred\nx.lua", "error('boom \\27[2J here')\n");
    const auto check = fakehost("check " + sh(dir.path()));
    INFO(check.out);
    CHECK(check.status == 1);
    CHECK(has(check.out, "a\\x1B[31mred\\nx.lua"));
    CHECK(has(check.out, "boom \\x1B[2J here"));
    CHECK_FALSE(has(check.out, "\x1B"));

    dir.write("t_test.lua", "it('evil \\27[2J name\\nsecond', function() error('m \\27[31m') end)\n"
                            "it('fine \\27[1m', function() end)\n");
    const auto test = fakehost("test " + sh(dir.path() / "t_test.lua"));
    INFO(test.out);
    CHECK(test.status == 1);
    CHECK(has(test.out, "FAIL  evil \\x1B[2J name\\nsecond"));
    CHECK(has(test.out, "m \\x1B[31m"));
    CHECK(has(test.out, "ok    fine \\x1B[1m"));
    CHECK_FALSE(has(test.out, "\x1B"));
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
