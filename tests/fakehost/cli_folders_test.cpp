// fakehost check, run and test on scripts folders a user's disk really holds: symbolic link
// loops, dangling links, FIFOs, unreadable files, test files saved with a BOM or as UTF-16.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#include <chrono>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>

using namespace oh;
using namespace oh::test;

namespace {

// A scripts folder with one good script and every kind of entry that cannot be read.
void add_hostile_entries(const ScriptDir& dir) {
    fs::create_directories(dir.path() / "lib");
    fs::create_symlink("loop", dir.path() / "loop");           // ln -s loop loop
    fs::create_symlink(".", dir.path() / "lib" / "self");      // ln -s . lib/self
    fs::create_symlink("loop2", dir.path() / "lib" / "loop2"); // a loop inside lib/
    fs::create_symlink("nowhere.lua", dir.path() / "dangling.lua");
    REQUIRE(::mkfifo((dir.path() / "x.lua").c_str(), 0600) == 0);
}

} // namespace

TEST_CASE("fakehost check skips link loops, dangling links and FIFOs with a warning naming each",
          "[cli][check][files]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('offline', function() end)\n");
    add_hostile_entries(dir);
    const auto r = fakehost("check " + sh(dir.path()));
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK_FALSE(has(r.out, "filesystem error"));
    CHECK(has(r.out, "loop: Too many levels of symbolic links; skipped"));
    CHECK(has(r.out, "dangling.lua: is a broken symbolic link, not a regular file; skipped"));
    CHECK(has(r.out, "x.lua: is a FIFO, not a regular file; skipped"));
    CHECK(has(r.out, "checked 1 script(s): 1 ok, 0 with problems"));
}

TEST_CASE("fakehost run plays on when the scripts folder holds link loops and a FIFO",
          "[cli][run][files]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('offline', function() hooks.log.info('went offline') end)\n");
    add_hostile_entries(dir);
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --events '1s offline'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK_FALSE(has(r.out, "filesystem error"));
    CHECK(has(r.out, "good: went offline"));
}

TEST_CASE("fakehost test skips link loops and a FIFO named like a test file, with a warning",
          "[cli][test][files]") {
    ScriptDir dir;
    dir.write("a_test.lua", "it('works', function() assert.equal(1, 1) end)\n");
    add_hostile_entries(dir);
    REQUIRE(::mkfifo((dir.path() / "fifo_test.lua").c_str(), 0600) == 0);
    fs::create_symlink("..", dir.path() / "lib" / "up"); // a folder loop through a link
    const auto r = fakehost("test " + sh(dir.path()));
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "loop: Too many levels of symbolic links; skipped"));
    CHECK(has(r.out, "fifo_test.lua: is a FIFO, not a regular file; skipped"));
    CHECK(has(r.out, "1 passed, 0 failed"));
}

TEST_CASE("fakehost check names a script it cannot read and goes on with the others",
          "[cli][check][files]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('offline', function() end)\n");
    const auto locked = dir.write("locked.lua", "hooks.on('online', function() end)\n");
    fs::create_directories(dir.path() / "folder.lua"); // a folder named like a script
    ::chmod(locked.c_str(), 0);
    const auto r = fakehost("check " + sh(dir.path()));
    INFO(r.out);
    CHECK(has(r.out, "folder.lua: is a folder, not a regular file; skipped"));
    if (::geteuid() == 0) {
        WARN("running as root, where chmod 000 does not stop reading: the unreadable file "
             "part of this test is skipped");
        CHECK(r.status == 0);
        return;
    }
    CHECK(r.status == 1);
    CHECK(has(r.out, "FAIL  " + (dir.path() / "locked.lua").generic_string()));
    CHECK(has(r.out, "ok    " + (dir.path() / "good.lua").generic_string()));
}

TEST_CASE("A test file with no tests fails, naming the file", "[cli][test]") {
    ScriptDir dir;
    dir.write("empty_test.lua", "-- tests to come\nlocal x = 1\n");
    const auto r = fakehost("test " + sh(dir.path() / "empty_test.lua"));
    CHECK(r.status == 1);
    CHECK(has(r.out, "no tests in " + (dir.path() / "empty_test.lua").generic_string()));
    CHECK(has(r.out, "0 passed, 1 failed"));
}

TEST_CASE("An it nested in a running it is an error naming file:line", "[cli][test]") {
    ScriptDir dir;
    dir.write("nest_test.lua", "it('outer', function()\n"
                               "  it('inner', function() end)\n"
                               "end)\n"
                               "it('other', function() end)\n");
    const auto r = fakehost("test " + sh(dir.path() / "nest_test.lua"));
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r.out, "FAIL  outer"));
    CHECK(has(r.out, "nest_test.lua:2: it(\"inner\") inside the running test \"outer\""));
    CHECK(has(r.out, "ok    other"));
    CHECK(has(r.out, "1 passed, 1 failed"));
}

TEST_CASE("A looping __gc in a test file stops at the time limit instead of hanging fakehost test",
          "[cli][test][finalizer]") {
    ScriptDir dir;
    // One finalizer collected inside a test, one left for the state's closing; both loop.
    dir.write("gc_test.lua", "local loop = {__gc = function() while true do end end}\n"
                             "keep = setmetatable({}, loop)\n"
                             "it('collects', function()\n"
                             "  setmetatable({}, loop)\n"
                             "  collectgarbage()\n"
                             "end)\n"
                             "it('after', function() end)\n");
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = fakehost("test " + sh(dir.path() / "gc_test.lua"));
    INFO(r.out);
    CHECK(seconds_since(t0) < 60.0); // 20 s for the test, 2 s for the closing; it hung before
    CHECK(r.status == 1);
    CHECK(has(r.out, "FAIL  collects"));
    CHECK(has(r.out, "ran longer than"));
    CHECK(has(r.out, "ok    after"));
}

TEST_CASE("A test file saved with a BOM runs, and one saved as UTF-16 is refused naming the fix",
          "[cli][test][encoding]") {
    ScriptDir dir;
    dir.write("bom_test.lua", "\xEF\xBB\xBFit('runs', function() assert.truthy(true) end)\n");
    const auto bom = fakehost("test " + sh(dir.path() / "bom_test.lua"));
    INFO(bom.out);
    CHECK(bom.status == 0);
    CHECK(has(bom.out, "1 passed, 0 failed"));

    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("it('x', function() end)\n")) utf16 += std::string{c, '\0'};
    dir.write("wide_test.lua", utf16);
    const auto wide = fakehost("test " + sh(dir.path() / "wide_test.lua"));
    INFO(wide.out);
    CHECK(wide.status == 1);
    CHECK(has(wide.out, "saved as UTF-16 LE"));
    CHECK(has(wide.out, "save it as UTF-8"));
}

TEST_CASE("fakehost test --junit writes well-formed XML whatever a test's message holds",
          "[cli][test]") {
    ScriptDir dir;
    // A control character and markup in the failure message (and so in its attribute too).
    dir.write("a_test.lua", "it('fails', function() error('bad \\1 <b> & \"q\"', 0) end)\n");
    const auto xml = dir.path() / "r.xml";
    const auto r = fakehost("test " + sh(dir.path() / "a_test.lua") + " --junit " + sh(xml));
    INFO(r.out);
    CHECK(r.status == 1);
    const std::string text = file_text(xml);
    INFO(text);
    CHECK(text.find('\x01') == std::string::npos); // XML 1.0 has no such character
    CHECK(has(text, "<failure message=\"bad   &lt;b&gt; &amp; &quot;q&quot;\">"));
}

TEST_CASE("fakehost test --junit to a path that cannot be written fails, naming the file",
          "[cli][test]") {
    ScriptDir dir;
    dir.write("a_test.lua", "it('works', function() end)\n");
    const auto r = fakehost("test " + sh(dir.path() / "a_test.lua") + " --junit " +
                            sh(dir.path() / "no" / "such" / "x.xml"));
    INFO(r.out);
    CHECK(r.status != 0);
    CHECK(has(r.out, "cannot write " + (dir.path() / "no" / "such" / "x.xml").generic_string()));
}
#endif
