// fakehost doctor as a support desk or a fleet script runs it (the portable part: the scripts
// folder; Windows' checks are tested under Wine, tests/wine/doctor.sh).
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#include "json.h"

#include <cstdlib>

#ifndef _WIN32

using namespace oh;
using namespace oh::test;

TEST_CASE("fakehost doctor passes a folder of good scripts and says the rest needs Windows",
          "[cli][doctor]") {
    ScriptDir dir;
    dir.write("a.lua", "hooks.on('offline', function() end)\n");
    dir.write("a_test.lua", "this is a test file, not a script (\n");
    const auto r = fakehost("doctor --scripts " + sh(dir.path()));
    CHECK(r.status == 0);
    CHECK(has(r.out, "ok    user scripts folder " + dir.path().string() +
                         " (--scripts): 1 script(s), 1 ok\n"));
    CHECK(has(r.out, "skip  Outlook, the add-in's registration, Resiliency, the policies and "
                     "the log: checked on Windows only\n"));
    CHECK(has(r.out, ": healthy\n"));
}

TEST_CASE("fakehost doctor fails on a script with a syntax error, names file:line and the fix",
          "[cli][doctor]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('online', function() end)\n");
    const auto bad = dir.write("bad.lua", "local x =\nhooks.on('online' function() end)\n");
    dir.write("unknown.lua", "hooks.on('onlien', function() end)\n");
    const auto r = fakehost("doctor --scripts " + sh(dir.path()));
    CHECK(r.status == 1);
    CHECK(has(r.out, "ok    user scripts folder " + dir.path().string() +
                         " (--scripts): 3 script(s), 1 ok, 2 with problems (below)\n"));
    CHECK(has(r.out, "FAIL  script " + bad.string() + "\n      " + bad.string() + ":2:"));
    CHECK(has(r.out, "FAIL  script " + (dir.path() / "unknown.lua").string()));
    CHECK(has(r.out, "onlien"));
    CHECK(has(r.out, "      fix: fix the script: fakehost check \"" + dir.path().string() +
                         "\" shows the same\n"));
    CHECK(has(r.out, "2 failed, 1 skipped: NOT healthy\n"));
}

TEST_CASE("fakehost doctor --json gives one object with a verdict per check", "[cli][doctor]") {
    ScriptDir dir;
    dir.write("bad.lua", "hooks.on(\n");
    const auto r = fakehost("doctor --json --scripts " + sh(dir.path()) + " 2>/dev/null");
    CHECK(r.status == 1);
    JsonError error;
    const auto doc = json_parse(r.out, error);
    REQUIRE(doc);
    CHECK((*doc)["healthy"] == false);
    CHECK((*doc)["platform"] == "linux");
    CHECK((*doc)["counts"] == Json::parse(R"({"ok":1,"warn":0,"fail":1,"skip":1})"));
    const Json& checks = (*doc)["checks"];
    REQUIRE(checks.size() == 3);
    CHECK(checks[0]["id"] == "windows");
    CHECK(checks[0]["verdict"] == "skip");
    CHECK(checks[1]["id"] == "scripts.folder");
    CHECK(checks[2]["id"] == "script");
    CHECK(checks[2]["verdict"] == "fail");
    CHECK(checks[2]["details"][0].get<std::string>().find(
              "bad.lua:2: unexpected symbol near <eof>") != std::string::npos);
    CHECK(checks[2]["fix"].get<std::string>().find("fakehost check") != std::string::npos);
}

TEST_CASE("fakehost doctor warns about a missing scripts folder but stays healthy",
          "[cli][doctor]") {
    TempDir dir;
    const auto r = fakehost("doctor --scripts " + sh(dir.path() / "nowhere"));
    CHECK(r.status == 0);
    CHECK(has(r.out, "warn  user scripts folder " + (dir.path() / "nowhere").string() +
                         " (--scripts): does not exist: no script runs\n"));
    CHECK(has(r.out, "      fix: create the folder"));
}

TEST_CASE("fakehost doctor fails on a scripts folder that is a symbolic link loop, saying why",
          "[cli][doctor][hostile]") {
    TempDir dir;
    const auto loop = dir.path() / "scripts";
    std::filesystem::create_symlink("scripts",
                                    loop); // a link to itself: no folder, but not "missing"
    const auto r = fakehost("doctor --scripts " + sh(loop));
    CHECK(r.status == 1);
    CHECK(has(r.out, "FAIL  user scripts folder " + loop.string() +
                         " (--scripts): cannot be read (Too many levels of symbolic links)"));
    CHECK_FALSE(has(r.out, "does not exist"));
}

TEST_CASE("fakehost doctor refuses an empty --scripts, as from an unset variable, with the "
          "usage status",
          "[cli][doctor][hostile]") {
    auto r = fakehost("doctor --scripts ''");
    CHECK(r.status == 2);
    CHECK(has(r.out, "fakehost doctor: --scripts needs a folder, not an empty value"));
    r = fakehost("doctor --json --scripts=");
    CHECK(r.status == 2);
    CHECK_FALSE(has(r.out, "\"healthy\""));
}

TEST_CASE("fakehost doctor checks the folder OFFLINEHOOKS_SCRIPTS names, as the add-in does",
          "[cli][doctor]") {
    ScriptDir dir;
    dir.write("bad.lua", "x = = 1\n");
    ::setenv("OFFLINEHOOKS_SCRIPTS", dir.path().c_str(), 1);
    const auto r = fakehost("doctor");
    ::unsetenv("OFFLINEHOOKS_SCRIPTS");
    CHECK(r.status == 1);
    CHECK(has(r.out, "user scripts folder " + dir.path().string() + " (OFFLINEHOOKS_SCRIPTS)"));
    CHECK(has(r.out, "FAIL  script " + (dir.path() / "bad.lua").string()));
}

TEST_CASE("fakehost doctor refuses unknown options and arguments with the usage status",
          "[cli][doctor]") {
    auto r = fakehost("doctor --nope");
    CHECK(r.status == 2);
    CHECK(has(r.out, "fakehost doctor: unknown option --nope (see fakehost --help)"));
    r = fakehost("doctor somewhere");
    CHECK(r.status == 2);
    CHECK(has(r.out, "unexpected argument \"somewhere\""));
    r = fakehost("doctor --scripts");
    CHECK(r.status == 2);
    CHECK(has(r.out, "--scripts needs a value"));
}

#endif
