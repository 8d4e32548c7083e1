// Hot reload by change notifications: the threaded dispatcher sleeps while nothing is due,
// reloads once per burst of changes, and polls only where the folder cannot be watched.
#include "catch.hpp"
#include "support.h"

#include "watched.h"

#include <mutex>
#include <thread>

using namespace oh;
using namespace oh::test;

namespace {

// A FolderWatch the test fires by hand.
class FakeWatch final : public FolderWatch {
  public:
    Status arm(const fs::path&, Changed changed) override {
        std::lock_guard lock(mutex_);
        ++arms;
        if (refuse) return fail("refused by the test");
        changed_ = std::move(changed);
        return {};
    }
    void disarm() noexcept override {
        std::lock_guard lock(mutex_);
        changed_ = nullptr;
    }
    void fire(bool lost = false) {
        Changed c;
        {
            std::lock_guard lock(mutex_);
            c = changed_;
        }
        if (c) c(lost);
    }
    bool armed() {
        std::lock_guard lock(mutex_);
        return static_cast<bool>(changed_);
    }
    std::atomic<int> arms{0};
    std::atomic<bool> refuse{false};

  private:
    std::mutex mutex_;
    Changed changed_;
};

} // namespace

TEST_CASE("An idle dispatcher with a watched folder does not wake up", "[dispatcher][watch]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    FakeWatch watch;
    Watched w(dir, &watch, 0.2); // were it polling, it would wake 5 times a second
    REQUIRE(w.wait_for("start v1"));
    check_idle_host_sleeps(w, 1.5);
    CHECK(watch.armed());
}

TEST_CASE("A change the watch reports is picked up without polling", "[dispatcher][watch]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    FakeWatch watch;
    Watched w(dir, &watch, 1000); // a poll would come far too late
    REQUIRE(w.wait_for("start v1"));
    dir.write("a.lua", versioned(2));
    const auto t0 = std::chrono::steady_clock::now();
    watch.fire();
    CHECK(w.wait_for("start v2"));
    INFO("picked up after " << seconds_since(t0) << " s");
    CHECK(seconds_since(t0) < 2.0 + 1.0); // the README's promise, with a margin for load
}

TEST_CASE("A burst of 1000 saves is one reload, of the last version", "[dispatcher][watch]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(0));
    FakeWatch watch;
    Watched w(dir, &watch, 1000);
    check_burst_is_one_reload(w, dir, [&] { watch.fire(); });
}

TEST_CASE("A folder that cannot be watched is polled, and the log says so", "[dispatcher][watch]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    FakeWatch watch;
    watch.refuse = true;
    Watched w(dir, &watch, 0.2);
    REQUIRE(w.wait_for("start v1"));
    dir.write("a.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
    bool said = false;
    for (const auto& m : w.logged())
        said = said || (m.find("cannot watch the scripts folder") != std::string::npos &&
                        m.find("refused by the test") != std::string::npos);
    CHECK(said);
    CHECK(watch.arms == 1); // a folder that exists but cannot be watched is not tried again
}

TEST_CASE("A lost watch is polled, then armed again when the folder is back",
          "[dispatcher][watch]") {
    ScriptDir dir;
    dir.write("a.lua", versioned(1));
    FakeWatch watch;
    Watched w(dir, &watch, 0.2);
    REQUIRE(w.wait_for("start v1"));
    REQUIRE(watch.arms == 1);
    fs::remove_all(dir.path());
    watch.fire(true); // what a watch says when its folder is deleted
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    dir.write("a.lua", versioned(2)); // re-created: nothing fires, polling finds it
    CHECK(w.wait_for("start v2"));
    const auto t0 = std::chrono::steady_clock::now();
    while (watch.arms < 2 && seconds_since(t0) < 10)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(watch.arms == 2);
    CHECK(watch.armed());
    bool said = false;
    for (const auto& m : w.logged())
        said = said || m.find("watching the scripts folder for changes again") != std::string::npos;
    CHECK(said);
    // Armed again, it sleeps.
    check_idle_host_sleeps(w, 1.0);
}
