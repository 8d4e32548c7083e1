// The engine: the scripts, their events, timers, runs and state requests. Single-threaded:
// everything but post() runs on the dispatcher thread (or the fake host's own thread).
#pragma once

#include "clock.h"
#include "engine_options.h"
#include "engine_status.h"
#include "event.h"
#include "platform.h"
#include "result.h"
#include "script.h"
#include "store.h"
#include "text_file.h"
#include "timer_queue.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace oh {

class JournalWriter;
struct ScriptError {
    std::string script;
    std::string message;   // first line: file:line: what
    std::string traceback; // may be empty (out of memory has none)
};

// Observers of the engine for hosts and tests (the fake host records these).
// The name a machine script and a user script clash on (the machine's wins): the file's stem,
// and on Windows, whose file names ignore case, in lower case (ASCII letters only: a
// portable layer has no Windows case table; script names are ASCII in practice).
std::string script_clash_key(const std::filesystem::path& file);

class EngineObserver {
  public:
    virtual ~EngineObserver() = default;
    virtual void on_script_error(const ScriptError&) {}
};

struct LoadProblem {
    std::filesystem::path file;
    std::string message; // includes file:line
};

class Engine {
  public:
    Engine(Platform& platform, Clock& clock, EngineOptions options);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Every *.lua directly in `dir` but *_test.lua, in file-name order. A missing folder is
    // reported, not fatal: the host runs with no scripts. With `machine_dir` (an
    // administrator's folder for every user), its scripts load too and, where a script name
    // is in both, the machine's wins and the log names both files. Either may be empty (no
    // user scripts: UserScriptsAllowed 0).
    std::vector<LoadProblem> load_folder(const std::filesystem::path& dir,
                                         const std::filesystem::path& machine_dir = {});
    // The given files, in the order given (the fake host's `scripts = {...}`).
    std::vector<LoadProblem> load_files(const std::vector<std::filesystem::path>& files);
    // "start" to every script; e.state is `current`.
    void start(State current);
    // "stop" to every script, then unload them all; timers and runs are forgotten.
    void stop();
    // stop(), with every "stop" handler cut short so that all are done within `seconds`.
    void stop_within(double seconds);
    // Any thread: the handler under way is interrupted at its next budget check.
    void interrupt() { interrupt_.store(true, std::memory_order_relaxed); }
    bool interrupted() const { return interrupt_.load(std::memory_order_relaxed); }
    // The time budget of the next call: options().budget, capped by a stop deadline.
    double call_budget() const;
    // Picks up changed, new and removed scripts (hot reload); true if anything changed.
    // With `force`, every script is reloaded ("stop" in the old, "start" in the new) even
    // if its file did not change, as after a restart.
    bool reload(bool force = false);

    void deliver(const Notification& n);
    // Runs every timer due at the clock's current time (including ones they set for now).
    void run_due_timers();
    std::optional<double> next_timer_due();
    // Entries in the timer queue (timers, delayed handlers, run timeouts), all scripts.
    std::size_t timer_entries() const { return timers_.size(); }

    // Work from other threads (run results, ...): queued, run by run_posted().
    void post(std::function<void()> task);
    bool run_posted();
    void set_wake(std::function<void()> wake);

    State state() const { return state_; }
    void set_state_hint(State s) { state_ = s; } // before start, from GetCurrentState
    // Outlook's ExchangeConnectionMode last read (hooks.outlook.mode()): the one read for the
    // last notification, or before start by the host (set_mode), else unknown.
    ConnectionMode mode() const { return mode_; }
    void set_mode(ConnectionMode m) { mode_ = m; }
    // Why Outlook is in its current state (e.reason of start, stop and a "change" that is no
    // transition): see deliver().
    Reason reason() const { return current_reason_; }
    Platform& platform() { return platform_; }
    Clock& clock() { return clock_; }
    const EngineOptions& options() const { return options_; }
    // Why the event journal could not be opened or written (said once in the log); empty
    // while it works.
    const std::string& journal_error() const { return journal_error_; }
    void set_observer(EngineObserver* o) { observer_ = o; }
    const std::vector<std::unique_ptr<Script>>& scripts() const { return scripts_; }
    const std::filesystem::path& folder() const { return folder_; }
    const std::filesystem::path& machine_folder() const { return machine_folder_; }
    // The scripts' status for people (the ribbon); status_version() changes whenever it did.
    EngineStatus status() const;
    std::uint64_t status_version() const { return status_version_; }

    // --- used by the Lua API ---
    void log(const Script* script, LogLevel level, std::string message);
    std::uint64_t add_timer(Script& s, int fn_ref, double delay, double interval);
    bool cancel_timer(Script& s, std::uint64_t timer_id);
    // The run's id (1, 2, ...), or why it was refused.
    Result<std::uint64_t> start_run(Script& s, std::vector<std::string> argv, double timeout,
                                    int on_exit_ref);
    Status request_state(Script& s, State wanted);
    // hooks.outlook.send_receive: rate-limited like request_state, with a count of its own.
    Status send_receive(Script& s);
    Store& store(Script& s);

    // --- used by Script ---
    void report_script_error(Script& s, const std::string& error, std::string_view what);
    // `why` empty: after options().max_failures failures in a row.
    void on_quarantined(Script& s, std::string_view why);

  private:
    struct RunRecord {
        std::uint64_t script_uid = 0;
        int on_exit_ref = LUA_NOREF;
        TimerQueue::Id timeout_timer = 0;
        bool timed_out = false;
        ChainMark chain;
    };
    struct PendingRequest {
        State state = State::unknown;
        std::string script;
        std::uint64_t sub = 0; // the handler that asked, if any
        double time = 0.0;
        std::uint64_t after_seq = 0; // asked while this notification was handled (or after it)
    };
    struct Deferred {
        std::uint64_t script_uid = 0;
        std::uint64_t sub_id = 0;
        EventData ev;
        TimerQueue::Id timer = 0;
    };
    // Posted work; shared with RunDone callbacks, which may outlive the engine.
    struct Inbox {
        std::mutex mutex;
        std::vector<std::function<void()>> tasks;
        std::function<void()> wake;
        bool open = true;
    };

    Result<std::unique_ptr<Script>> load_script(const std::filesystem::path& file);
    Result<std::unique_ptr<Script>> load_source(const std::filesystem::path& file,
                                                const TextFile& text);
    Result<TextFile> read_script(const std::filesystem::path& file);
    bool reload_file(const std::filesystem::path& file, bool force, bool lib_changed);
    void report_load_error(const std::filesystem::path& file, const std::string& error);
    void note_error(const std::string& path_key, const std::string& message);
    void forget_load_failures_not_in(const std::vector<std::filesystem::path>& files);
    void status_changed() { ++status_version_; }
    std::vector<std::filesystem::path> scan_folders(std::vector<LoadProblem>* problems);
    std::vector<std::filesystem::path> scan_folder(const std::filesystem::path& dir,
                                                   std::vector<LoadProblem>* problems);
    std::vector<std::filesystem::path> scan_machine_folder();
    bool machine_refused(const std::filesystem::path& p);
    std::vector<std::filesystem::path> merge_folders(std::vector<std::filesystem::path> user,
                                                     std::vector<std::filesystem::path> machine);
    std::uint64_t lib_hash(const std::filesystem::path& folder);
    void skip_entry(const std::filesystem::path& p, const std::string& why);
    void add_script(std::unique_ptr<Script> s);
    void remove_script(Script& s);
    void close_scripts();
    void sort_scripts();
    void dispatch(const EventData& ev);
    void dispatch_to(Script& s, const EventData& ev);
    void call_handler(Script& s, const Subscription& sub, const EventData& ev);
    void dispatch_overrun(Script& s, const EventData& ev, std::size_t handlers, std::size_t left);
    void defer(Script& s, const Subscription& sub, const EventData& ev);
    void fire_deferred(std::uint64_t key);
    void fire_timer(std::uint64_t script_uid, std::uint64_t timer_id);
    void finish_run(std::uint64_t run_id, RunResult result);
    void run_timed_out(std::uint64_t run_id);
    void cancel_deferred_not_in(State s);
    void cancel_script_work(Script& s);
    Script* find_script(std::uint64_t uid);
    EventData make_event(EventKind kind, State state, State previous, std::optional<Phase> phase,
                         std::uint64_t seq, std::string cause);
    Reason transition_reason(State to, bool by_script) const;
    Status refuse_if_quarantined(const Script& s, const char* what);
    std::uint64_t lib_hash();

    Platform& platform_;
    Clock& clock_;
    EngineOptions options_;
    EngineObserver* observer_ = nullptr;
    std::filesystem::path folder_;                      // the user's scripts folder (may be empty)
    std::filesystem::path machine_folder_;              // the machine's (may be empty)
    bool from_folders_ = false;                         // load_folder(), not load_files()
    std::vector<std::filesystem::path> explicit_files_; // load_files() without a folder
    std::vector<std::unique_ptr<Script>> scripts_;      // in script-name order
    std::unordered_map<std::string, std::unique_ptr<Store>> stores_; // by script name
    std::unordered_map<std::string, std::uint64_t> file_hashes_;     // reload: by path
    // Folder entries that could not be looked at (a symlink loop, ...): warned about once.
    std::unordered_map<std::string, std::string> skipped_entries_;
    // Machine entries refused by options().machine_check, and script names in both folders:
    // each told once, again after it changed.
    std::unordered_map<std::string, std::string> refused_machine_;
    std::unordered_map<std::string, std::string> clashes_;
    std::uint64_t lib_hash_ = 0;
    TimerQueue timers_;
    std::uint64_t next_uid_ = 1;
    std::uint64_t next_timer_id_ = 1;
    std::uint64_t next_run_id_ = 1;
    std::uint64_t next_deferred_ = 1;
    std::unordered_map<std::uint64_t, RunRecord> runs_;
    std::unordered_map<std::uint64_t, Deferred> deferred_;
    std::optional<PendingRequest> pending_request_;
    std::unique_ptr<JournalWriter> journal_;
    std::string journal_error_;

    State state_ = State::unknown;
    ConnectionMode mode_ = ConnectionMode::unknown;
    Reason current_reason_ = Reason::unknown;
    std::optional<Reason> offline_reason_;  // of the last transition to offline
    std::optional<double> last_transition_; // clock().now() of the last transition
    bool started_ = false;
    std::uint64_t current_seq_ = 0; // the notification being handled, or the last one
    std::atomic<bool> interrupt_{false};
    std::optional<double> hard_deadline_; // steady seconds; set while stopping
    // The request that caused the event being dispatched: its handler is skipped.
    std::string skip_script_;
    std::uint64_t skip_sub_ = 0;
    std::vector<std::uint64_t> scratch_ids_;

    std::shared_ptr<Inbox> inbox_ = std::make_shared<Inbox>();

    // The status (engine_status.cpp), by the script file's path (UTF-8).
    std::unordered_map<std::string, std::string> last_errors_; // first lines
    std::set<std::string> load_failed_; // the last load failed and no version of it runs
    std::uint64_t errors_ = 0;          // script errors and load problems since start
    std::uint64_t status_version_ = 0;
};

} // namespace oh
