// The add-in's ReadDirectoryChangesW watch under Wine: saves, an editor's save-by-rename,
// lib/, the folder deleted and re-created, and no wake-up while nothing changes.
#ifdef _WIN32
#include "catch.hpp"
#include "watched.h"

#include "folder_watch.h"

using namespace oh;
using namespace oh::test;
using oh::win::WinFolderWatch;

namespace {

constexpr double kNoPolling = 1000; // a poll would come far too late: only Windows can tell

} // namespace

TEST_CASE("ReadDirectoryChangesW: a save is reloaded, and an idle add-in sleeps", "[watch][win]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    WinFolderWatch watch;
    Watched w(dir, &watch, kNoPolling);
    REQUIRE(w.wait_for("start v1"));
    check_idle_host_sleeps(w, 1.5);
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    CHECK_FALSE(w.wait_for("cannot watch", 0.1));
}

TEST_CASE("ReadDirectoryChangesW: a watch that saw no change at all is disarmed at once",
          "[watch][win]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    WinFolderWatch watch;
    // Armed on this thread, disarmed on another, as the dispatcher and Outlook's thread do:
    // the read queued by arm() must be cancelled from the watch's own thread.
    REQUIRE(watch.arm(dir.path(), [](bool) {}).ok());
    auto done = std::async(std::launch::async, [&] { watch.disarm(); });
    CHECK(done.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
}

TEST_CASE("ReadDirectoryChangesW: an editor's save-by-rename and a change in lib/ are reloaded",
          "[watch][win]") {
    ScriptDir dir;
    dir.write("lib/m.lua", "return { v = 'lib1' }\n");
    dir.write("a.lua", "local m = require 'm'\n"
                       "hooks.on('start', function() hooks.log.info('start ' .. m.v) end)\n");
    WinFolderWatch watch;
    Watched w(dir, &watch, kNoPolling);
    REQUIRE(w.wait_for("start lib1"));
    dir.write("a.tmp", "local m = require 'm'\n"
                       "hooks.on('start', function() hooks.log.info('again ' .. m.v) end)\n");
    fs::rename(dir.path() / "a.tmp", dir.path() / "a.lua");
    CHECK(w.wait_for("again lib1"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    dir.write("lib/m.lua", "return { v = 'lib2' }\n");
    CHECK(w.wait_for("again lib2"));
}

TEST_CASE("ReadDirectoryChangesW: the folder deleted and re-created is watched again",
          "[watch][win]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    WinFolderWatch watch;
    Watched w(dir, &watch, 0.2);
    REQUIRE(w.wait_for("start v1"));
    std::error_code ec;
    fs::remove_all(dir.path(), ec);
    // Windows ends the watch (the dispatcher polls, then arms again); Wine goes on watching
    // the path. Either way what the user sees is the same: the new folder's scripts run.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    dir.write("a.lua", versioned(3));
    CHECK(w.wait_for("start v3"));
}
#endif

#ifdef _WIN32
TEST_CASE("ReadDirectoryChangesW: a burst of 1000 saves is one reload", "[watch][win]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(0));
    WinFolderWatch watch;
    Watched w(dir, &watch, kNoPolling);
    check_burst_is_one_reload(w, dir, [] {});
}

TEST_CASE("ReadDirectoryChangesW: the folder renamed away and back is watched at its path",
          "[watch][win]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    WinFolderWatch watch;
    Watched w(dir, &watch, 0.2);
    REQUIRE(w.wait_for("start v1"));
    TempDir elsewhere;
    const fs::path moved = elsewhere.path() / "moved";
    std::error_code ec;
    fs::rename(dir.path(), moved, ec);
    REQUIRE_FALSE(ec);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    std::ofstream(moved / "a.lua") << versioned(9); // a change in the folder renamed away
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    fs::rename(moved, dir.path(), ec);
    REQUIRE_FALSE(ec);
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    dir.write("a.lua", versioned(3));
    CHECK(w.wait_for("start v3"));
}
#endif
