// Runs programs for real (fakehost --live): no shell, stdout and stderr captured, killable.
// POSIX only; the Windows add-in has its own runner in addin/win.
#pragma once

#include "platform.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace oh {

class LiveRunner {
  public:
    // Per stream; the rest is cut.
    static constexpr std::size_t max_output = std::size_t{1024} * 1024;

    LiveRunner() = default;
    ~LiveRunner(); // kills what still runs and waits for it
    LiveRunner(const LiveRunner&) = delete;
    LiveRunner& operator=(const LiveRunner&) = delete;

    // Starts argv; `done` is called from a thread of the runner when it has ended.
    void run(std::uint64_t id, const std::vector<std::string>& argv, RunDone done);
    void kill(std::uint64_t id);
    // Shows a desktop notification with notify-send when it is installed; false if not.
    static bool desktop_notify(const std::string& title, const std::string& text);

  private:
    std::mutex mutex_;
    std::map<std::uint64_t, long> pids_;
    std::vector<std::thread> threads_;
};

} // namespace oh
