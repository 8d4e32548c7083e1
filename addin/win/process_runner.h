// hooks.run on Windows: CreateProcessW with an argv quoted for the C runtime (no shell, no
// console window), stdout and stderr captured through pipes, a watcher thread per program that
// reports the end, TerminateProcess for kill_run. shutdown() ends whatever still runs and joins
// every thread, so that nothing of ours is left running when Outlook unloads the DLL.
#pragma once

#include "handles.h"
#include "platform.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace oh::win {

class ProcessRunner {
  public:
    // Per stream; the rest is dropped.
    static constexpr std::size_t kMaxOutput = std::size_t{1024} * 1024;

    // Programs start in `working_dir` when it exists (the scripts folder), else in Outlook's.
    explicit ProcessRunner(std::filesystem::path working_dir);
    ~ProcessRunner();
    ProcessRunner(const ProcessRunner&) = delete;
    ProcessRunner& operator=(const ProcessRunner&) = delete;

    // Starts the program and returns at once; `done` is called exactly once, from the watcher
    // thread (or at once, here, when the program cannot start).
    void run(const RunRequest& request, RunDone done);
    // Ends the program (TerminateProcess); its `done` follows with no exit code.
    void kill(std::uint64_t id);
    // Ends every program still running and joins every watcher thread. Idempotent.
    void shutdown();

  private:
    struct Run {
        std::uint64_t id = 0;
        UniqueHandle process;
        std::atomic<bool> killed{false};
        std::atomic<bool> finished{false};
        std::thread watcher;
    };

    void reap_finished(); // joins the watchers of runs that have ended

    std::filesystem::path working_dir_;
    UniqueHandle stop_event_; // set by shutdown(): watchers end their program and return
    std::mutex mutex_;
    std::list<std::unique_ptr<Run>> runs_;
    bool stopped_ = false;
};

} // namespace oh::win
