// The fake host's Platform: records every action with its virtual time, tells a listener
// (the transcript) as it happens, and with --live also runs programs and shows notices.
#pragma once

#include "engine.h"
#include "live_runner.h"
#include "platform.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oh {

struct RecordedLog {
    double t; // virtual seconds since the start of the run
    LogRecord record;
};
struct RecordedNotice {
    double t;
    std::string script, title, text;
};
struct RecordedRun {
    double t;            // when it started
    double done_t = 0.0; // when it ended, once done
    RunRequest request;
    bool done = false;
    RunResult result;
    RunDone finish; // until done
};
struct RecordedStateRequest {
    double t;
    State state;
    std::string script;
};
struct RecordedSendReceive {
    double t;
    std::string script;
};
struct RecordedError {
    double t;
    ScriptError error;
};

class RecordingListener {
  public:
    virtual ~RecordingListener() = default;
    virtual void on_log(const RecordedLog&) {}
    virtual void on_notice(const RecordedNotice&) {}
    virtual void on_run(const RecordedRun&) {}
    virtual void on_run_done(const RecordedRun&) {}
    virtual void on_state_request(const RecordedStateRequest&) {}
    virtual void on_send_receive(const RecordedSendReceive&) {}
    virtual void on_error(const RecordedError&) {}
};

class RecordingPlatform final : public Platform, public EngineObserver {
  public:
    explicit RecordingPlatform(Clock& clock) : clock_(clock) {}

    // --live: run programs for real and show notices with notify-send.
    bool live = false;
    // Without --live: report each run finished at once (code 0, no output) so that on_exit
    // handlers run; off in tests, where finish() decides.
    bool finish_runs_at_once = false;
    // How a state request reaches Outlook (the fake host's AddinCore::set_state).
    std::function<Status(State)> apply_state;
    RecordingListener* listener = nullptr;

    // Keep every record in the vectors below (tests read them). `fakehost run` streams each
    // record to its transcript instead and turns this off, so that a long scenario runs in
    // constant memory: only the counts and the runs still pending are kept.
    bool keep_history = true;

    // How many of each were recorded, kept or not. `logs` counts the scripts' own lines at
    // info level and above (the summary a person reads; debug lines are for --verbose).
    struct Counts {
        std::size_t logs = 0, notices = 0, runs = 0, state_requests = 0, errors = 0;
        std::size_t send_receives = 0;
    };
    const Counts& counts() const { return counts_; }

    void log(const LogRecord& record) override;
    void notify(const std::string& script, const std::string& title,
                const std::string& text) override;
    void run(const RunRequest& request, RunDone done) override;
    void kill_run(std::uint64_t id) override;
    Status request_state(const std::string& script, State s) override;
    // Recorded (host:send_receives(), the transcript); there is no Outlook to send mail, with
    // --live neither, so it always succeeds.
    Status send_receive(const std::string& script) override;
    void on_script_error(const ScriptError& e) override;
    void on_run_finished(std::uint64_t id, const RunResult& result) override;

    // Ends a pending run as if the program had exited (tests). False if no such pending run.
    bool finish(std::uint64_t id, RunResult result);

    std::vector<RecordedLog> logs;
    std::vector<RecordedNotice> notices;
    std::vector<RecordedRun> runs;
    std::vector<RecordedStateRequest> state_requests;
    std::vector<RecordedSendReceive> send_receives;
    std::vector<RecordedError> errors;

  private:
    double t() const { return clock_.now(); }
    RecordedRun* find_run(std::uint64_t id);

    Clock& clock_;
    Counts counts_;
    std::unique_ptr<LiveRunner> live_runner_;
};

} // namespace oh
