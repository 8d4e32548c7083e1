// hooks.run on Windows: CreateProcessW with an argv quoted for the C runtime (no shell, no
// console window), stdout and stderr captured through pipes, a watcher thread per program that
// reports the end. Each program runs in a Job Object of its own (process_runner_job.h), so that
// a kill, a timeout and shutdown() end the whole process tree, and the end of the program ends
// what it left running. shutdown() ends whatever still runs and joins every thread, so that
// nothing of ours is left running when Outlook unloads the DLL.
#pragma once

#include "handles.h"
#include "platform.h"
#include "process_runner_job.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
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

    // Where the runner says once that programs cannot be put in a Job Object (the log).
    void set_warning_sink(std::function<void(const std::string&)> warn) { warn_ = std::move(warn); }

    // Starts the program and returns at once; `done` is called exactly once, from the watcher
    // thread (or at once, here, when the program cannot start).
    void run(const RunRequest& request, RunDone done);
    // Ends the program and all it started; its `done` follows with no exit code.
    void kill(std::uint64_t id);
    // Ends every program still running and joins every watcher thread. Idempotent.
    void shutdown();

  private:
    struct Run {
        std::uint64_t id = 0;
        UniqueHandle process;
        ProcessJob job; // closed last (after the watcher): ends any straggler
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
    std::function<void(const std::string&)> warn_;
    std::atomic<bool> warned_no_job_{false};
};

} // namespace oh::win
