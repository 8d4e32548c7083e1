// The engine: its life cycle (start, stop), notifications and their dispatch to the
// scripts' handlers (delayed ones too), the log and work posted from other threads. Loading
// and hot reload: engine_loading.cpp; the hooks API's side: engine_actions.cpp; error
// reports, quarantine and the status for people: engine_status.cpp.
#include "engine.h"

#include "api.h"
#include "journal.h"
#include "long_path.h"
#include "text_file.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace oh {

namespace fs = std::filesystem;

namespace {

// A log line longer than this is cut (a script printing a huge string must not flood the
// log or the transcript).
constexpr std::size_t max_log_line = std::size_t{64} * 1024;
// A set_state request names the notifications it causes for this long at most.
constexpr double request_lifetime = 60.0;
// Dispatch looks at the clock every this many handlers of one script.
constexpr std::size_t dispatch_check_every = 16;

// --- trampolines: everything that allocates in a script's state runs protected ---

// fn ev* -> fn(e)
int event_trampoline(lua_State* L) {
    const auto* ev = static_cast<const EventData*>(lua_touserdata(L, 2));
    lua_settop(L, 1);                                             // fn
    push_event(L, *ev, Script::of(L).engine().options().profile); // fn e
    lua_call(L, 1, 0);                                            // (empty)
    return 0;
}

// What an error in a handler is reported as: literals, so that no handler call builds a
// string on the heap.
const char* handler_what(EventKind k) {
    switch (k) {
    case EventKind::offline:
        return "\"offline\" handler";
    case EventKind::online:
        return "\"online\" handler";
    case EventKind::change:
        return "\"change\" handler";
    case EventKind::start:
        return "\"start\" handler";
    case EventKind::stop:
        return "\"stop\" handler";
    }
    return "handler";
}

} // namespace

const char* to_string(LogLevel l) {
    switch (l) {
    case LogLevel::debug:
        return "debug";
    case LogLevel::info:
        return "info";
    case LogLevel::warn:
        return "warn";
    case LogLevel::error:
        return "error";
    }
    return "info";
}

Engine::Engine(Platform& platform, Clock& clock, EngineOptions options)
    : platform_(platform), clock_(clock), options_(std::move(options)) {
    if (!options_.journal_path.empty()) {
        auto journal = std::make_unique<JournalWriter>();
        if (const Status opened = journal->open(options_.journal_path); opened.ok())
            journal_ = std::move(journal);
        else
            log(nullptr, LogLevel::error,
                "event journal disabled: " + (journal_error_ = opened.error()));
    }
}

Engine::~Engine() {
    // The scripts go first, while the rest of the engine is whole: closing a state runs its
    // finalizers, which may still call the hooks API (timers, the store).
    close_scripts();
    std::lock_guard lock(inbox_->mutex);
    inbox_->open = false;
    inbox_->tasks.clear();
    inbox_->wake = nullptr;
}

// ---------------------------------------------------------------- events

EventData Engine::make_event(EventKind kind, State state, State previous,
                             std::optional<Phase> phase, std::uint64_t seq, std::string cause) {
    EventData ev;
    ev.kind = kind;
    ev.state = state;
    ev.previous = previous;
    ev.phase = phase;
    ev.time = clock_.unix_time();
    if (last_transition_) ev.since = clock_.now() - *last_transition_;
    ev.seq = seq;
    ev.cause = std::move(cause);
    ev.mode = mode_;
    ev.reason = current_reason_;
    return ev;
}

// Why Outlook goes to `to`: a script's own request says "script"; going offline, the mode
// read for the notification says it; going online, the reason of the offline period it ends.
Reason Engine::transition_reason(State to, bool by_script) const {
    if (by_script) return Reason::script;
    if (to == State::offline) return reason_of(mode_);
    return offline_reason_.value_or(Reason::unknown);
}

// ---------------------------------------------------------------- notifications

void Engine::deliver(const Notification& n) {
    const double now = clock_.now();
    if (journal_) {
        const Status written = journal_->append(n, clock_.unix_time());
        if (!written.ok() && journal_error_.empty())
            log(nullptr, LogLevel::error, "event journal: " + (journal_error_ = written.error()));
    }
    platform_.on_notification(n, clock_.unix_time());
    if (n.coalesced)
        log(nullptr, LogLevel::warn,
            std::to_string(n.coalesced) +
                " notification(s) were coalesced into this one: the queue was full");

    current_seq_ = n.seq;
    mode_ = n.mode;
    if (pending_request_ && now - pending_request_->time > request_lifetime)
        pending_request_.reset();
    // A request counts only for notifications after the one it was made in.
    const bool answers = pending_request_ && n.seq > pending_request_->after_seq;
    std::string cause = "outlook";
    const bool by_script = answers && pending_request_->state == n.new_state;
    if (by_script) {
        cause = "script:" + pending_request_->script;
        skip_script_ = pending_request_->script;
        skip_sub_ = pending_request_->sub;
    }
    // Online/offline: once per transition into the state, judged from CHANGE or DONE. Its
    // "change" carries the transition's reason; any other, the current state's.
    const bool transition = n.phase != Phase::start && n.new_state != state_;
    EventData change =
        make_event(EventKind::change, n.new_state, n.old_state, n.phase, n.seq, cause);
    if (transition) change.reason = transition_reason(n.new_state, by_script);
    dispatch(change);
    if (transition) {
        const State previous = state_ != State::unknown ? state_ : n.old_state;
        EventData ev =
            make_event(n.new_state == State::offline ? EventKind::offline : EventKind::online,
                       n.new_state, previous, n.phase, n.seq, cause);
        ev.reason = change.reason;
        current_reason_ = ev.reason;
        if (n.new_state == State::offline) offline_reason_ = ev.reason;
        state_ = n.new_state;
        last_transition_ = now;
        cancel_deferred_not_in(state_);
        dispatch(ev);
    }
    skip_script_.clear();
    skip_sub_ = 0;
    // A request ends with the DONE of the state it asked for (or when it expires). The rest of
    // the transition it was made in (a DONE still queued behind the CHANGE) does not end it.
    if (answers && pending_request_ && n.phase == Phase::done &&
        n.new_state == pending_request_->state)
        pending_request_.reset();
}

void Engine::dispatch(const EventData& ev) {
    for (std::size_t i = 0; i < scripts_.size(); ++i) dispatch_to(*scripts_[i], ev);
}

void Engine::dispatch_to(Script& s, const EventData& ev) {
    if (s.quarantined()) return;
    // Handlers may subscribe or cancel while we go: walk a copy of the ids.
    const std::size_t mark = scratch_ids_.size();
    for (const auto& [id, sub] : s.subscriptions())
        if (sub.wants(ev)) scratch_ids_.push_back(id);
    // Each handler has its own budget, and the walk over them all has one too: a script
    // with a huge number of handlers cannot hold the host for handlers x budget.
    const double deadline = steady_seconds() + call_budget();
    for (std::size_t i = mark; i < scratch_ids_.size() && !s.quarantined(); ++i) {
        if ((i - mark) % dispatch_check_every == 0 && i > mark && steady_seconds() > deadline) {
            dispatch_overrun(s, ev, scratch_ids_.size() - mark, scratch_ids_.size() - i);
            break;
        }
        const Subscription* sub = s.subscription(scratch_ids_[i]);
        if (!sub) continue;
        // Loop guard: the event a handler's own set_state caused is not handed back to it.
        if (sub->id == skip_sub_ && s.name() == skip_script_) continue;
        if (sub->after > 0 && ev.kind != EventKind::stop)
            defer(s, *sub, ev);
        else
            call_handler(s, *sub, ev);
    }
    scratch_ids_.resize(mark);
}

void Engine::call_handler(Script& s, const Subscription& sub, const EventData& ev) {
    lua_State* L = s.L();
    const std::uint64_t id = sub.id;
    lua_pushcfunction(L, event_trampoline);                // tramp
    lua_rawgeti(L, LUA_REGISTRYINDEX, sub.fn_ref);         // tramp fn
    lua_pushlightuserdata(L, const_cast<EventData*>(&ev)); // tramp fn ev
    s.set_running_subscription(id);
    s.call(2, handler_what(ev.kind));
    s.set_running_subscription(0);
}

void Engine::dispatch_overrun(Script& s, const EventData& ev, std::size_t handlers,
                              std::size_t left) {
    s.report_failure(path_to_utf8(s.path()) + ": script '" + s.name() + "': delivering \"" +
                         to_string(ev.kind) + "\" to its " + std::to_string(handlers) +
                         " handlers ran past the time budget of " +
                         std::to_string(std::lround(options_.budget * 1000)) + " ms; " +
                         std::to_string(left) + " of them were not called",
                     "dispatch");
}

void Engine::defer(Script& s, const Subscription& sub, const EventData& ev) {
    if (!s.memory().charge(bookkeeping::deferred)) {
        s.report_failure(path_to_utf8(s.path()) + ": " + s.memory_cap_message() + "; a delayed \"" +
                             to_string(ev.kind) + "\" handler was dropped",
                         "dispatch");
        return;
    }
    const std::uint64_t key = next_deferred_++;
    Deferred d{s.uid(), sub.id, ev, 0};
    d.timer = timers_.add(clock_.now() + sub.after, [this, key] { fire_deferred(key); });
    deferred_.emplace(key, std::move(d));
}

void Engine::fire_deferred(std::uint64_t key) {
    auto it = deferred_.find(key);
    if (it == deferred_.end()) return;
    const Deferred d = std::move(it->second);
    deferred_.erase(it);
    Script* s = find_script(d.script_uid);
    if (s) s->memory().release(bookkeeping::deferred);
    if (!s || s->quarantined() || state_ != d.ev.state) return;
    if (const Subscription* sub = s->subscription(d.sub_id)) call_handler(*s, *sub, d.ev);
}

void Engine::cancel_deferred_not_in(State st) {
    for (auto it = deferred_.begin(); it != deferred_.end();) {
        if (it->second.ev.state == st) {
            ++it;
            continue;
        }
        timers_.cancel(it->second.timer);
        if (Script* s = find_script(it->second.script_uid))
            s->memory().release(bookkeeping::deferred);
        it = deferred_.erase(it);
    }
}

void Engine::cancel_script_work(Script& s) {
    for (const auto& [id, t] : s.take_timers()) {
        timers_.cancel(t.queue_id);
        luaL_unref(s.L(), LUA_REGISTRYINDEX, t.fn_ref);
        s.memory().release(bookkeeping::timer);
    }
    for (auto it = deferred_.begin(); it != deferred_.end();) {
        if (it->second.script_uid != s.uid()) {
            ++it;
            continue;
        }
        timers_.cancel(it->second.timer);
        s.memory().release(bookkeeping::deferred);
        it = deferred_.erase(it);
    }
}

// ---------------------------------------------------------------- life cycle

void Engine::start(State current) {
    if (current != State::unknown) state_ = current;
    // Offline at start: the mode read says why; online: no offline period is known.
    if (state_ == State::offline) offline_reason_ = reason_of(mode_);
    current_reason_ = state_ == State::offline ? *offline_reason_ : Reason::unknown;
    started_ = true;
    dispatch(make_event(EventKind::start, state_, State::unknown, std::nullopt, 0, {}));
}

void Engine::stop() {
    if (started_)
        dispatch(make_event(EventKind::stop, state_, State::unknown, std::nullopt, 0, {}));
    started_ = false;
    for (auto& s : scripts_) cancel_script_work(*s);
    runs_.clear();
    close_scripts();
    timers_ = TimerQueue();
    deferred_.clear();
}

void Engine::stop_within(double seconds) {
    interrupt_.store(false);
    hard_deadline_ = steady_seconds() + seconds;
    stop();
    hard_deadline_.reset();
}

double Engine::call_budget() const {
    if (!hard_deadline_) return options_.budget;
    return std::max(0.0, std::min(options_.budget, *hard_deadline_ - steady_seconds()));
}
// ---------------------------------------------------------------- log

void Engine::log(const Script* script, LogLevel level, std::string message) {
    if (message.size() > max_log_line) {
        const std::size_t cut = message.size() - max_log_line;
        message.resize(max_log_line);
        message += " ... [" + std::to_string(cut) + " more bytes cut]";
    }
    // Valid UTF-8 whatever a script prints, a file saved as ANSI holds, or where Lua cut a
    // long chunk name (LUA_IDSIZE) or the line above cut the message: in a character.
    if (first_invalid_utf8_line(message) != 0) message = valid_utf8(message);
    platform_.log(
        {level, script ? script->name() : std::string(), std::move(message), clock_.unix_time()});
}

// ---------------------------------------------------------------- posted work

void Engine::post(std::function<void()> task) {
    std::lock_guard lock(inbox_->mutex);
    if (!inbox_->open) return;
    inbox_->tasks.push_back(std::move(task));
    if (inbox_->wake) inbox_->wake();
}

bool Engine::run_posted() {
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(inbox_->mutex);
        tasks.swap(inbox_->tasks);
    }
    for (auto& t : tasks) t();
    return !tasks.empty();
}

void Engine::set_wake(std::function<void()> wake) {
    std::lock_guard lock(inbox_->mutex);
    inbox_->wake = std::move(wake);
}

} // namespace oh
