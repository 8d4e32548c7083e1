// One user script: its own lua_State, memory cap, time budget, subscriptions and timers.
// The Engine owns the scripts and calls into them on the dispatcher thread only.
#pragma once

#include "event.h"
#include "finalizers.h"
#include "lua_include.h"
#include "memory_cap.h"
#include "result.h"

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oh {

class Engine;

enum class EventKind : std::uint8_t { offline, online, change, start, stop };
const char* to_string(EventKind k);
std::optional<EventKind> parse_event_kind(std::string_view s);
constexpr const char* event_kind_list = "offline, online, change, start, stop";

// What a handler is told; turned into the Lua event table by push_event().
struct EventData {
    EventKind kind = EventKind::change;
    State state = State::unknown;
    State previous = State::unknown;
    std::optional<Phase> phase;
    double time = 0.0; // Unix seconds
    std::optional<double> since;
    std::uint64_t seq = 0;                         // 0: not a notification
    std::string cause;                             // "outlook" or "script:<name>"
    ConnectionMode mode = ConnectionMode::unknown; // e.mode
    Reason reason = Reason::unknown;               // e.reason
};

// hooks.on's opts.reason: a set of reasons, one bit each; empty (0) lets every event through.
using ReasonMask = std::uint8_t;
constexpr ReasonMask reason_bit(Reason r) {
    return static_cast<ReasonMask>(1u << static_cast<unsigned>(r));
}

struct Subscription {
    std::uint64_t id = 0;
    EventKind kind = EventKind::change;
    int fn_ref = LUA_NOREF;
    double after = 0.0;     // flap suppression: 0 = call at once
    ReasonMask reasons = 0; // opts.reason; 0: every reason
    bool wants(const EventData& ev) const {
        return kind == ev.kind && (reasons == 0 || (reasons & reason_bit(ev.reason)) != 0);
    }
};

// At most `limit` requests in any `window` seconds (set_state, send_receive: each its own).
class RateLimit {
  public:
    // True, and the request counted, when fewer than `limit` were made in the `window`
    // seconds up to `now`.
    bool admit(double now, double window, int limit);

  private:
    std::deque<double> times_; // of the recent requests
};

// Where a callback (a timer's, a run's on_exit) stands in a chain of callbacks, each set up
// by the one before: an endless chain at one instant would freeze a virtual clock.
struct ChainMark {
    std::uint32_t depth = 0; // 1: set up outside any callback
    double start = 0.0;      // clock().now() when the chain began
};

struct LuaTimer {
    int fn_ref = LUA_NOREF;
    double interval = 0.0;   // 0: one-shot (hooks.after)
    double first = 0.0;      // clock().now() of the first call
    std::uint64_t ticks = 0; // calls so far: the next is due at first + ticks * interval
    std::uint64_t queue_id = 0;
    ChainMark chain;

    // A repeating timer's next due time after a tick at `now`, counted: first + n * interval,
    // not a running sum (adding 0.1 a hundred times is not 10). A timer that fell behind (the
    // machine slept) skips the ticks it missed rather than firing them all at once.
    double next_due(double now);
};

struct LuaStateCloser {
    void operator()(lua_State* L) const { lua_close(L); }
};
using LuaStatePtr = std::unique_ptr<lua_State, LuaStateCloser>;

class Script final : public FinalizerRunner {
  public:
    Script(Engine& engine, std::string name, std::filesystem::path path, std::uint64_t uid);
    ~Script() override;
    Script(const Script&) = delete;
    Script& operator=(const Script&) = delete;

    // Creates the state, opens the sandbox and the hooks API, runs the file's main chunk
    // under the time budget. On failure says why, with file:line.
    Status load(const std::string& source);
    // Compiles `source` as the file at `path` would be, in a throw-away state, without
    // running it: fails with the syntax error, with file:line.
    static Status check_syntax(const std::string& source, const std::filesystem::path& path,
                               std::size_t memory_cap);
    // The text the state was loaded from (hot reload may load it again).
    const std::string& source() const { return source_; }

    static Script& of(lua_State* L);
    lua_State* L() const { return L_.get(); }
    Engine& engine() const { return engine_; }
    const std::string& name() const { return name_; }
    const std::filesystem::path& path() const { return path_; }
    std::string chunk_name() const;
    std::uint64_t uid() const { return uid_; }

    // Calls the function below its `nargs` arguments on the stack, protected, under the
    // time budget; pops them. An error is reported (and counted towards quarantine).
    bool call(int nargs, std::string_view what);
    // The same, but the error is handed back instead of reported (loading).
    Status call_quiet(int nargs);

    // The instruction-count hook's check: raises once the budget is spent, on every step.
    void check_budget(lua_State* L);

    // Finalizers (see finalizers.h). Whether a __gc may still run: not once the state's
    // closing is past its deadline (the rest are skipped, and counted).
    bool finalizer_may_run() override;
    // Resumes `co` (a __gc and its table) under the budget of the call under way, or under
    // the closing deadline, or a budget of its own; reports an error it raises.
    void run_finalizer(lua_State* co, lua_State* from) override;
    // Closes the state: its pending finalizers run within one time budget in all; those
    // left when it is spent are skipped and the state is freed without them.
    void close();

    // Subscriptions, by id (ids grow, so this is also the order they were made in). Lookup
    // and cancel are O(log n): dispatch stays linear in the number of subscriptions.
    // subscribe() returns 0 when the memory cap refuses the entry.
    std::uint64_t subscribe(EventKind kind, int fn_ref, double after, ReasonMask reasons = 0);
    bool cancel_subscription(std::uint64_t id);
    const Subscription* subscription(std::uint64_t id) const;
    const std::map<std::uint64_t, Subscription>& subscriptions() const { return subs_; }
    std::uint64_t running_subscription() const { return running_sub_; }
    void set_running_subscription(std::uint64_t id) { running_sub_ = id; }

    // Timers, by id (the queue entries live in the Engine's TimerQueue). take_timers()
    // hands them all over and leaves none.
    const std::map<std::uint64_t, LuaTimer>& timers() const { return timers_; }
    void add_timer(std::uint64_t id, const LuaTimer& t) { timers_.emplace(id, t); }
    LuaTimer* timer(std::uint64_t id);
    void remove_timer(std::uint64_t id) { timers_.erase(id); }
    std::map<std::uint64_t, LuaTimer> take_timers() { return std::exchange(timers_, {}); }

    // Chains of callbacks. The mark of a callback set up now (by the callback under way, if
    // any); whether one with mark `m` runs away (too many links with no time passing), then
    // stops it: reported, and the script quarantined at once.
    ChainMark next_chain(double now) const;
    bool chain_runs_away(const ChainMark& m, double now) const;
    void stop_chain(std::string_view what);
    void set_running_chain(ChainMark m) { running_chain_ = m; }

    // Failures in a row; quarantine
    bool quarantined() const { return quarantined_; }
    void quarantine() { quarantined_ = true; }
    int failures() const { return failures_; }

    // hooks.run bookkeeping: programs started and not finished yet.
    int runs_running() const { return runs_running_; }
    void run_started() { ++runs_running_; }
    void run_finished() { --runs_running_; }
    // hooks.outlook.set_state's rate limit: true, and the request counted, when fewer than
    // `limit` were made in the `window` seconds up to `now`.
    bool admit_state_request(double now, double window, int limit) {
        return state_requests_.admit(now, window, limit);
    }
    // hooks.outlook.send_receive's, counted apart from set_state's.
    bool admit_send_receive(double now, double window, int limit) {
        return send_receives_.admit(now, window, limit);
    }

    const MemoryCap& memory() const { return mem_; }
    MemoryCap& memory() { return mem_; }
    // "memory cap of 64 MiB reached: script 'x' ...": why a new entry was refused.
    std::string memory_cap_message() const;
    // Reports an error that happened outside a call (a dispatch that ran past the budget)
    // and counts it towards quarantine like a failed call.
    void report_failure(const std::string& error, std::string_view what);

  private:
    // The count hook runs every this many VM instructions: often enough to stop a loop within
    // microseconds of its deadline, rare enough to cost nothing measurable.
    static constexpr int hook_every = 1000;
    // Errors in finalizers logged per call (or per closing of a state); the rest are counted.
    static constexpr int gc_errors_shown = 3;
    static void budget_hook(lua_State* L, lua_Debug* ar);

    Status protected_call(int nargs);
    void count_result(bool ok);
    std::string memory_text() const;
    std::string overrun_text(const std::string& last_error) const;
    void report_finalizer_error(std::string error, bool own_budget);
    static void warning(void* ud, const char* msg, int tocont);

    Engine& engine_;
    std::string name_;
    std::filesystem::path path_;
    std::uint64_t uid_;
    std::string source_;
    MemoryCap mem_;
    LuaStatePtr L_;
    std::map<std::uint64_t, Subscription> subs_;
    std::map<std::uint64_t, LuaTimer> timers_;
    std::uint64_t next_sub_id_ = 1;
    std::uint64_t running_sub_ = 0;
    ChainMark running_chain_;
    int failures_ = 0;
    bool quarantined_ = false;
    int runs_running_ = 0;
    RateLimit state_requests_;
    RateLimit send_receives_;
    // Time budget of the call under way (steady clock seconds); 0 when none.
    double deadline_ = 0.0;
    bool overrun_ = false;
    // The budget of the call under way was cut by a shutdown (Engine::interrupt, or a stop
    // deadline shorter than the budget): not the script's failure.
    bool shutdown_cut_ = false;
    bool deadline_capped_ = false;
    // Finalizers: errors in this call (reported up to a few, then counted), the state's
    // closing deadline, finalizers skipped past it, a warning being assembled.
    int gc_errors_ = 0;
    bool closing_ = false;
    double close_deadline_ = 0.0;
    int finalizers_skipped_ = 0;
    std::string warning_;
};

} // namespace oh
