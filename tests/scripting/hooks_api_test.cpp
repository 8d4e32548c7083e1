// The hooks API a script sees: timers, logging, actions, store, script info, require.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("hooks.after and hooks.every fire on the clock and can be cancelled", "[api][timers]") {
    ScriptDir dir;
    dir.write("t.lua", R"(
local n = 0
local every
every = hooks.every("30s", function()
  n = n + 1
  hooks.log.info("tick %d", n)
  if n == 3 then every:cancel() end
end)
hooks.after(45, function() hooks.log.info("after 45") end)
local never = hooks.after("1m", function() hooks.log.info("never") end)
assert(never:cancel() == true and never:cancel() == false)
)");
    auto h = start_host(dir);
    h->advance(600);
    CHECK(messages(*h) == std::vector<std::string>{"tick 1", "after 45", "tick 2", "tick 3"});
}

TEST_CASE("Durations accept seconds and unit strings and refuse anything else clearly",
          "[api][duration]") {
    ScriptDir dir;
    dir.write("d.lua", R"(
for _, d in ipairs({0.5, "250ms", "30s", "5m", "1h"}) do hooks.after(d, function() end) end
local ok, err = pcall(hooks.after, "5 minutes", function() end)
hooks.log.info("%s", err)
ok, err = pcall(hooks.after, {}, function() end)
hooks.log.info("%s", err)
ok, err = pcall(hooks.every, "1ms", function() end)
hooks.log.info("%s", err)
)");
    auto h = start_host(dir);
    const auto m = messages(*h);
    REQUIRE(m.size() == 3);
    CHECK(m[0].find("expected a duration such as 30, \"250ms\", \"30s\", \"5m\" or \"1h\"") !=
          std::string::npos);
    CHECK(m[1].find("got table") != std::string::npos);
    CHECK(m[2].find("at least 10ms") != std::string::npos);
}

TEST_CASE("Log functions format with string.format and print goes to info", "[api][log]") {
    ScriptDir dir;
    dir.write("l.lua", R"(
hooks.log.debug("d %d", 1)
hooks.log.info("i %s %q", "x", "y")
hooks.log.warn("w")
hooks.log.error("e %.1f", 2.5)
print("p", 1, nil, true)
hooks.log.info(42)
hooks.log.info(("x"):rep(100000))
)");
    auto h = start_host(dir);
    const auto& logs = h->record().logs;
    std::vector<std::string> got;
    for (const auto& l : logs)
        if (l.record.script == "l")
            got.push_back(std::string(to_string(l.record.level)) + " " +
                          l.record.message.substr(0, 30));
    CHECK(got == std::vector<std::string>{"debug d 1", "info i x \"y\"", "warn w", "error e 2.5",
                                          "info p\t1\tnil\ttrue", "info 42",
                                          "info " + std::string(30, 'x')});
    // A huge line is cut, and says so.
    const std::string huge = messages(*h).back(); // a copy: messages() returns a temporary
    CHECK(huge.size() < 70000);
    CHECK(huge.find("more bytes cut") != std::string::npos);
}

TEST_CASE("Log calls below the host's level are skipped before their message is formatted",
          "[api][log]") {
    ScriptDir dir;
    // At info level, a debug call returns at once: not even its bad format is looked at.
    dir.write("l.lua", R"(
hooks.log.debug("%d", "not a number")
hooks.log.info("after %s", "debug")
)");
    FakeHostOptions o;
    o.engine.log_level = LogLevel::info;
    auto quiet = start_host(dir, o);
    CHECK(messages(*quiet) == std::vector<std::string>{"after debug"});
    CHECK(quiet->record().errors.empty());

    // At the default level the same call is formatted, and its error reported.
    auto h = start_host(dir);
    CHECK(messages(*h).empty());
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.message.find("number expected, got string") !=
          std::string::npos);
}

TEST_CASE("hooks.notify and hooks.run are recorded, and on_exit gets the result", "[api][run]") {
    ScriptDir dir;
    dir.write("r.lua", R"(
hooks.notify("Title", "Text")
local id = hooks.run({"sync", "--quick", "a b"}, {timeout = "10s", on_exit = function(r)
  hooks.log.info("exit code=%s out=%s err=%s timed_out=%s", tostring(r.code), r.stdout, r.stderr, tostring(r.timed_out))
end})
hooks.log.info("id %d", id)
)");
    auto h = start_host(dir);
    REQUIRE(h->record().notices.size() == 1);
    CHECK(h->record().notices[0].title == "Title");
    REQUIRE(h->record().runs.size() == 1);
    CHECK(h->record().runs[0].request.argv == std::vector<std::string>{"sync", "--quick", "a b"});
    CHECK(messages(*h) == std::vector<std::string>{"id 1"});

    SECTION("a finished program reports its code and output") {
        RunResult r;
        r.code = 3;
        r.out = "o";
        r.err = "e";
        REQUIRE(h->record().finish(1, r));
        h->pump();
        CHECK(messages(*h).back() == "exit code=3 out=o err=e timed_out=false");
    }
    SECTION("a program past its timeout is ended and reported as timed out") {
        h->advance(10);
        CHECK(messages(*h).back() == "exit code=nil out= err= timed_out=true");
        CHECK(h->record().runs[0].done);
    }
}

TEST_CASE("hooks.run refuses bad argv and more than 8 programs at once per script", "[api][run]") {
    ScriptDir dir;
    dir.write("r.lua", R"(
for _, bad in ipairs({ {}, {1}, "x" }) do
  local ok, err = pcall(hooks.run, bad)
  hooks.log.info("%s", err)
end
for i = 1, 8 do hooks.run({"sleep", tostring(i)}) end
local ok, err = pcall(hooks.run, {"one", "too", "many"})
hooks.log.info("%s", err)
)");
    auto h = start_host(dir);
    const auto m = messages(*h);
    REQUIRE(m.size() == 4);
    CHECK(m[0].find("empty table") != std::string::npos);
    CHECK(m[1].find("argv[1] must be a string") != std::string::npos);
    CHECK(m[2].find("table expected") != std::string::npos);
    CHECK(m[3].find("already has 8 programs running") != std::string::npos);
    CHECK(h->record().runs.size() == 8);
}

TEST_CASE("hooks.store keeps strings, numbers and booleans across restarts", "[api][store]") {
    ScriptDir dir, store;
    dir.write("s.lua", R"(
hooks.on("start", function()
  local n = hooks.store.get("n") or 0
  hooks.log.info("n=%s s=%s f=%s b=%s", tostring(n), tostring(hooks.store.get("s")),
    tostring(hooks.store.get("f")), tostring(hooks.store.get("b")))
  hooks.store.set("n", n + 1)
  hooks.store.set("s", "tab\there\nand\0zero")
  hooks.store.set("f", 1.5)
  hooks.store.set("b", false)
  hooks.store.set("gone", "x")
  hooks.store.set("gone", nil)
  local ok, err = pcall(hooks.store.set, "t", {})
  if not ok then hooks.log.warn("%s", err) end
end)
)");
    FakeHostOptions o;
    o.engine.store_dir = store.path();
    {
        auto h = start_host(dir, o);
        CHECK(messages(*h, "info") == std::vector<std::string>{"n=0 s=nil f=nil b=nil"});
        CHECK(any_contains(messages(*h, "warn"),
                           "values may be strings, numbers, booleans or nil, got table"));
    }
    auto h = start_host(dir, o);
    const std::string expected = std::string("n=1 s=tab\there\nand") + '\0' + "zero f=1.5 b=false";
    CHECK(messages(*h, "info") == std::vector<std::string>{expected});
}

TEST_CASE("hooks.script, require \"hooks\" and modules from lib/", "[api][require]") {
    ScriptDir dir;
    dir.write("lib/util/fmt.lua", "return { twice = function(x) return 2 * x end }\n");
    dir.write("m.lua", R"(
local util = require "util.fmt"
assert(require "hooks" == hooks)
assert(require "util.fmt" == util)
hooks.log.info("%s %s %d", hooks.script.name, hooks.script.path:match("[^/\\]+$"), util.twice(21))
local ok, err = pcall(require, "missing")
hooks.log.info("%s", err)
)");
    auto h = start_host(dir);
    const auto m = messages(*h);
    REQUIRE(m.size() == 2);
    CHECK(m[0] == "m m.lua 42");
    CHECK(
        m[1].find("module 'missing' not found: require looks only in the scripts folder's lib/") !=
        std::string::npos);
}

TEST_CASE("Errors of hooks functions called through pcall name them, never '?'", "[api][names]") {
    ScriptDir dir;
    dir.write("names.lua", "for _, f in ipairs{'store.set', 'store.get', 'outlook.set_state'} do\n"
                           "  local lib, name = f:match('(%a+)%.([%a_]+)')\n"
                           "  local _, e = pcall(hooks[lib][name], {})\n"
                           "  hooks.log.info('%s', e)\n"
                           "end\n");
    auto h = start_host(dir);
    const auto m = messages(*h, "info");
    REQUIRE(m.size() == 3);
    CHECK(m[0].find("bad argument #1 to 'hooks.store.set'") != std::string::npos);
    CHECK(m[1].find("bad argument #1 to 'hooks.store.get'") != std::string::npos);
    CHECK(m[2].find("bad argument #1 to 'hooks.outlook.set_state'") != std::string::npos);
    for (const auto& line : m) {
        INFO(line);
        CHECK(line.find("'?'") == std::string::npos);
    }
}
