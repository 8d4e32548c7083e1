// A Platform that keeps the scripts' log lines, for tests that run the add-in's dispatcher on
// its own thread (the mode-wait tests): the dispatcher thread writes, the test reads and waits.
#pragma once

#include "platform.h"
#include "support.h"

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace oh::test {

class LinesPlatform final : public Platform {
  public:
    void log(const LogRecord& r) override {
        if (r.script.empty()) return; // the host's own lines
        std::lock_guard lock(mutex_);
        lines_.push_back(r.message);
    }
    void notify(const std::string&, const std::string&, const std::string&) override {}
    void run(const RunRequest&, RunDone done) override { done(RunResult{}); }
    void kill_run(std::uint64_t) override {}
    Status request_state(const std::string&, State) override { return {}; }
    Status send_receive(const std::string&) override { return {}; }

    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // Waits (at most 20 s: a loaded CI machine) for `n` lines.
    std::vector<std::string> wait_for(std::size_t n) {
        const auto t0 = std::chrono::steady_clock::now();
        while (lines().size() < n && seconds_since(t0) < 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return lines();
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

} // namespace oh::test
