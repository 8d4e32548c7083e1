// `fakehost run --live` learns of changes through inotify: saves, an editor's save-by-rename,
// lib/ (also created later), bursts, and the folder itself deleted, renamed or replaced.
#ifdef __linux__
#include "catch.hpp"
#include "watched.h"

#include "inotify_watch.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

using namespace oh;
using namespace oh::test;

namespace {

constexpr double kNoPolling = 1000; // a poll would come far too late: only inotify can tell

bool said(Watched& w, const std::string& part) {
    for (const auto& m : w.logged())
        if (m.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("inotify: a save is reloaded, and an idle host sleeps", "[watch][inotify]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    InotifyWatch watch;
    Watched w(dir, &watch, kNoPolling);
    REQUIRE(w.wait_for("start v1"));
    check_idle_host_sleeps(w, 1.5);
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    CHECK_FALSE(said(w, "cannot watch"));
}

TEST_CASE("inotify: an editor's save-by-rename is reloaded", "[watch][inotify]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    InotifyWatch watch;
    Watched w(dir, &watch, kNoPolling);
    REQUIRE(w.wait_for("start v1"));
    dir.write(".a.lua.swp", versioned(2));
    fs::rename(dir.path() / ".a.lua.swp", dir.path() / "a.lua");
    CHECK(w.wait_for("start v2"));
}

TEST_CASE("inotify: a change in lib/, also one created after the start, is reloaded",
          "[watch][inotify]") {
    ScriptDir dir;
    dir.write("a.lua", "local m = require 'm'\n"
                       "hooks.on('start', function() hooks.log.info('start ' .. m.v) end)\n");
    InotifyWatch watch;
    Watched w(dir, &watch, kNoPolling);
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // no lib/ yet: not loaded
    dir.write("lib/m.lua", "return { v = 'lib1' }\n");           // lib/ is new: it gets watched
    dir.write("a.lua", "local m = require 'm'\n"
                       "hooks.on('start', function() hooks.log.info('start ' .. m.v) end)\n"
                       "-- saved again\n");
    REQUIRE(w.wait_for("start lib1"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    dir.write("lib/m.lua", "return { v = 'lib2' }\n"); // only the module changes
    CHECK(w.wait_for("start lib2"));
}

TEST_CASE("inotify: a burst of 1000 saves is one reload", "[watch][inotify]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(0));
    InotifyWatch watch;
    Watched w(dir, &watch, kNoPolling);
    check_burst_is_one_reload(w, dir, [] {});
}

TEST_CASE("inotify: the folder deleted and re-created is watched again", "[watch][inotify]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    InotifyWatch watch;
    Watched w(dir, &watch, 0.2);
    REQUIRE(w.wait_for("start v1"));
    fs::remove_all(dir.path());
    CHECK(w.wait_for("was deleted, renamed or replaced"));
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    CHECK(w.wait_for("watching the scripts folder for changes again"));
    // Watched again: a save is seen, and the host sleeps.
    check_idle_host_sleeps(w, 1.0);
    dir.write("a.lua", versioned(3));
    CHECK(w.wait_for("start v3"));
}

TEST_CASE("inotify: the folder renamed away, then replaced by a file, then back",
          "[watch][inotify]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    InotifyWatch watch;
    Watched w(dir, &watch, 0.2);
    REQUIRE(w.wait_for("start v1"));
    TempDir elsewhere;
    const fs::path moved = elsewhere.path() / "moved";
    fs::rename(dir.path(), moved);
    CHECK(w.wait_for("was deleted, renamed or replaced"));
    std::ofstream(dir.path()) << "not a folder"; // a file where the folder was
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    fs::remove(dir.path());
    fs::rename(moved, dir.path());
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    CHECK(w.wait_for("watching the scripts folder for changes again"));
    // The watch is on the folder at the path, not on the one renamed away.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    dir.write("a.lua", versioned(3));
    CHECK(w.wait_for("start v3"));
}

TEST_CASE("The live fake host reloads a script saved while it waits for a program",
          "[watch][inotify][live]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1) + "hooks.run({'sleep', '3'}, {timeout = 0})\n");
    InotifyWatch watch;
    FakeHostOptions o;
    o.live = true;
    o.engine.hot_reload = true;
    o.engine.reload_interval = kNoPolling;
    o.folder_watch = &watch;
    auto h = start_host(dir, o);
    std::thread editor([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        dir.write("a.lua", versioned(2));
    });
    h->settle(20);
    editor.join();
    const auto m = messages(*h, "info");
    CHECK(std::find(m.begin(), m.end(), "start v2") != m.end());
}
TEST_CASE("fakehost run --live reloads a script saved while a program runs", "[watch][live][cli]") {
    ScriptDir dir;
    dir.write("a.lua", "hooks.on('start', function() hooks.log.info('live v1')\n"
                       "  hooks.run({'sleep', '3'}, {timeout = 0}) end)\n");
    std::thread editor([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        dir.write("a.lua", "hooks.on('start', function() hooks.log.info('live v2') end)\n");
    });
    const std::string cmd = std::string(OH_FAKEHOST_EXE) + " run --live --events '1s offline' " +
                            "--scripts '" + dir.path().string() + "' 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    ::pclose(p);
    editor.join();
    INFO(out);
    CHECK(out.find("live v1") != std::string::npos);
    CHECK(out.find("live v2") != std::string::npos);
    CHECK(out.find("cannot watch") == std::string::npos);
}
#endif
