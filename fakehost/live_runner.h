// Runs programs for real (fakehost --live): no shell, stdout and stderr captured, killable.
// POSIX only; the Windows add-in has its own runner in addin/win.
//
// Each program runs in a process group of its own, so that whatever it starts can be ended
// with it. A program's timeout is measured in real time here (the host's clock is virtual);
// only a program this runner killed for its timeout is reported as timed out. Once the
// program has exited, its output is read until the pipes are quiet: a background child it
// left holding stdout (`sh -c 'sleep 100 &'`) does not keep the host waiting. When the
// runner ends (the host stops), every process group it started is killed.
#pragma once

#include "platform.h"

#include <atomic>
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
    // Per stream; the rest is read and dropped.
    static constexpr std::size_t max_output = std::size_t{1024} * 1024;
    // After the program exited, how long its pipes may stay silent before reading stops,
    // and how long reading may go on at most (a background child that keeps printing).
    static constexpr double quiet_after_exit = 0.2;
    static constexpr double max_read_after_exit = 2.0;

    LiveRunner() = default;
    ~LiveRunner(); // kills every process group it started and waits for its threads
    LiveRunner(const LiveRunner&) = delete;
    LiveRunner& operator=(const LiveRunner&) = delete;

    // Starts argv; `done` is called from a thread of the runner when it has ended. A timeout
    // of 0 means none.
    void run(std::uint64_t id, const std::vector<std::string>& argv, double timeout, RunDone done);
    // Ends the run's whole process group.
    void kill(std::uint64_t id);
    // Shows a desktop notification with notify-send when it is installed; false if not.
    static bool desktop_notify(const std::string& title, const std::string& text);

  private:
    struct Watch;
    void watch(Watch w);

    std::mutex mutex_;
    std::map<std::uint64_t, long> pids_; // running: run id -> pid (= process group id)
    std::vector<long> groups_;           // every group started, killed at the end
    std::vector<std::thread> threads_;
    std::atomic<bool> stopping_{false};
};

} // namespace oh
