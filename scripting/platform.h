// The engine's one way to the outside world. Implemented for Windows (addin/win), for the
// fake host (recorded, optionally executed with --live) and for tests.
// All calls come from the dispatcher thread; a RunDone may be called from any thread.
#pragma once

#include "event.h"
#include "result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace oh {

enum class LogLevel : std::uint8_t { debug, info, warn, error };
const char* to_string(LogLevel l);

struct LogRecord {
    LogLevel level = LogLevel::info;
    std::string script; // empty for the host's own messages
    std::string message;
    double time = 0.0; // Unix seconds
};

struct RunRequest {
    std::uint64_t id = 0; // 1, 2, ... per engine
    std::string script;
    std::vector<std::string> argv; // argv[0] is the program; no shell is involved
    double timeout = 0.0;          // seconds; the engine enforces it through kill_run
};

struct RunResult {
    std::optional<int> code; // empty when the program could not start or was killed
    std::string out;
    std::string err;
    bool timed_out = false;
};

// Called exactly once per run, from any thread.
using RunDone = std::function<void(RunResult)>;

class Platform {
  public:
    virtual ~Platform() = default;

    virtual void log(const LogRecord& record) = 0;
    virtual void notify(const std::string& script, const std::string& title,
                        const std::string& text) = 0;
    // Starts argv and returns at once; `done` reports the end.
    virtual void run(const RunRequest& request, RunDone done) = 0;
    // Ends a run that is past its timeout; its RunDone still follows.
    virtual void kill_run(std::uint64_t id) = 0;
    // Asks Outlook for a state change. Fails (saying why) when the request was not passed on.
    virtual Status request_state(const std::string& script, State s) = 0;
    // Asks Outlook for a Send/Receive of all accounts (Session.SendAndReceive(false)) and
    // returns at once. Fails (saying why) when the request was not passed on.
    virtual Status send_receive(const std::string& script) = 0;

    // Observers, for transcripts: every notification the engine processed, with its time.
    virtual void on_notification(const Notification&, double /*unix_time*/) {}
    // A run's end as the engine takes it (timed_out already merged in).
    virtual void on_run_finished(std::uint64_t /*id*/, const RunResult&) {}
};

} // namespace oh
