#include "script.h"

#include "api.h"
#include "engine.h"
#include "finalizers.h"
#include "sandbox.h"
#include "text_file.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace oh {

namespace {

// A chain of callbacks this long with less clock time than chain_window passing runs away:
// at a virtual instant it never ends, and no real host runs 10,000 callbacks in 1 ms.
constexpr std::uint32_t max_chain = 10000;
constexpr double chain_window = 0.001;
// Raises `msg` prefixed with the file:line of the innermost Lua function running: level 0
// inside a hook (luaL_error's level 1 would name its caller), or the caller of a C function
// such as string.find when the budget ran out inside it.
[[noreturn]] void raise_here(lua_State* L, const char* msg) {
    int level = 0;
    lua_Debug ar;
    while (lua_getstack(L, level, &ar) && lua_getinfo(L, "l", &ar) && ar.currentline <= 0) ++level;
    luaL_where(L, level);   // where
    lua_pushstring(L, msg); // where msg
    lua_concat(L, 2);       // "file:line: msg"
    lua_error(L);
    std::abort(); // not reached: lua_error does not return
}

// The one error handler: adds the traceback. It calls no Lua code (a __tostring could
// loop, or be interrupted by the budget), so it cannot fail on its own.
int message_handler(lua_State* L) {
    const char* msg = lua_tostring(L, 1);
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1); // msg ... traceback
    return 1;
}

// Opens the sandboxed libraries and the hooks API; runs protected because both allocate.
int setup_state(lua_State* L) {
    open_sandbox(L);
    open_finalizers(L, Script::of(L));
    open_hooks_api(L);
    return 0;
}

std::string mib(std::size_t bytes) {
    const double m = static_cast<double>(bytes) / (1024.0 * 1024.0);
    char buf[32];
    std::snprintf(buf, sizeof buf, m == std::floor(m) ? "%.0f MiB" : "%.1f MiB", m);
    return buf;
}

} // namespace

void Script::budget_hook(lua_State* L, lua_Debug* /*ar*/) {
    Script::of(L).check_budget(L);
}

const char* to_string(EventKind k) {
    switch (k) {
    case EventKind::offline:
        return "offline";
    case EventKind::online:
        return "online";
    case EventKind::change:
        return "change";
    case EventKind::start:
        return "start";
    case EventKind::stop:
        return "stop";
    }
    return "change";
}

std::optional<EventKind> parse_event_kind(std::string_view s) {
    for (auto k : {EventKind::offline, EventKind::online, EventKind::change, EventKind::start,
                   EventKind::stop})
        if (s == to_string(k)) return k;
    return std::nullopt;
}

Script::Script(Engine& engine, std::string name, std::filesystem::path path, std::uint64_t uid)
    : engine_(engine), name_(std::move(name)), path_(std::move(path)), uid_(uid) {
    mem_.cap = engine_.options().memory_cap;
}

// The state goes first: closing it may still free memory accounted in mem_.
Script::~Script() {
    close();
}

Script& Script::of(lua_State* L) {
    return **static_cast<Script**>(lua_getextraspace(L));
}

std::string Script::chunk_name() const {
    return "@" + path_to_utf8(path_);
}

Status Script::check_syntax(const std::string& source, const std::filesystem::path& path,
                            std::size_t memory_cap) {
    MemoryCap mem;
    mem.cap = memory_cap;
    const LuaStatePtr L(lua_newstate(&MemoryCap::alloc, &mem));
    if (!L)
        return fail(path_to_utf8(path) + ": cannot create a Lua state (memory cap " + mib(mem.cap) +
                    ")");
    const std::string chunk = "@" + path_to_utf8(path);
    if (luaL_loadbufferx(L.get(), source.data(), source.size(), chunk.c_str(), "t") == LUA_OK)
        return {};
    const char* msg = lua_tostring(L.get(), -1); // err
    return fail(msg ? msg : "cannot load");
}

Status Script::load(const std::string& source) {
    source_ = source;
    L_.reset(lua_newstate(&MemoryCap::alloc, &mem_));
    if (!L_)
        return fail(path_to_utf8(path_) + ": cannot create a Lua state (memory cap " +
                    mib(mem_.cap) + ")");
    lua_State* L = L_.get();
    // Threads copy this slot from the main thread, so coroutines find their script too.
    *static_cast<Script**>(lua_getextraspace(L)) = this;
    // Lua's own warnings ("error in __gc") are dropped unless someone listens.
    lua_setwarnf(L, &Script::warning, this);
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, hook_every);

    lua_pushcfunction(L, setup_state); // setup
    if (Status set_up = protected_call(0); !set_up.ok()) return set_up;

    const std::string chunk = chunk_name();
    // Text only: binary chunks can crash the VM.
    if (luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t") != LUA_OK) {
        Failure f{lua_tostring(L, -1) ? lua_tostring(L, -1) : "cannot load"}; // err
        lua_pop(L, 1);                                                        // (empty)
        return f;
    }
    return protected_call(0); // main chunk: runs under the budget like any call
}

bool Script::call(int nargs, std::string_view what) {
    const Status called = protected_call(nargs);
    const bool ok = called.ok();
    if (!ok && shutdown_cut_) {
        // Cut short by Outlook closing: not the script's failure, nothing to count.
        engine_.log(this, LogLevel::info,
                    std::string(what) + " interrupted: OfflineHooks is shutting down");
        return false;
    }
    if (!ok) engine_.report_script_error(*this, called.error(), what);
    // An error in a finalizer the call ran fails the call too.
    count_result(ok && gc_errors_ == 0);
    return ok;
}

Status Script::call_quiet(int nargs) {
    return protected_call(nargs);
}

Status Script::protected_call(int nargs) {
    lua_State* L = L_.get();
    const int base = lua_gettop(L) - nargs; // fn args...
    lua_pushcfunction(L, message_handler);  // fn args... msgh
    lua_insert(L, base);                    // msgh fn args...
    overrun_ = false;
    shutdown_cut_ = false;
    gc_errors_ = 0;
    mem_.hit = false;
    const double budget = engine_.call_budget();
    deadline_capped_ = budget < engine_.options().budget;
    deadline_ = steady_seconds() + budget;
    finalizers_skipped_ = 0;
    const int status = lua_pcall(L, nargs, 0, base); // msgh [err]
    deadline_ = 0.0;
    if (overrun_ && deadline_capped_) shutdown_cut_ = true;
    if (finalizers_skipped_ > 0)
        engine_.log(this, shutdown_cut_ ? LogLevel::info : LogLevel::warn,
                    std::to_string(finalizers_skipped_) +
                        " __gc finalizer(s) not run: the call's time budget was spent");
    if (gc_errors_ > gc_errors_shown)
        engine_.log(this, LogLevel::error,
                    std::to_string(gc_errors_ - gc_errors_shown) +
                        " more error(s) in __gc finalizers in this call");
    // An overrun may have left the hook firing on every instruction.
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, hook_every);
    if (status == LUA_OK) {
        lua_pop(L, 1); // (empty)
        if (!overrun_) return {};
        // The budget ran out in a coroutine or a finalizer whose error the call caught, and
        // the call ended before the hook's next check: it still overran.
        return fail(path_to_utf8(path_) + ": time budget of " +
                    std::to_string(std::lround(engine_.options().budget * 1000)) +
                    " ms exceeded; the call was interrupted");
    }
    const char* msg = lua_tostring(L, -1);
    std::string text = msg ? msg : "unknown error";
    lua_pop(L, 2); // (empty)

    // Out of memory arrives without a traceback (the handler is not called): say who and
    // what cap.
    // A wrapped library function raises it again as a plain error with the same text.
    const bool out_of_memory =
        status == LUA_ERRMEM ||
        (mem_.hit && (status == LUA_ERRERR || text.rfind("not enough memory", 0) == 0));
    if (out_of_memory) {
        text = memory_text();
    } else if (overrun_ && text.find("time budget") == std::string::npos) {
        text = overrun_text(text);
    }
    return fail(std::move(text));
}

std::string Script::memory_text() const {
    return path_to_utf8(path_) + ": script '" + name_ + "' exceeded its memory cap of " +
           mib(mem_.cap) + "; the call was stopped";
}

std::string Script::overrun_text(const std::string& last_error) const {
    return path_to_utf8(path_) + ": time budget of " +
           std::to_string(std::lround(engine_.options().budget * 1000)) +
           " ms exceeded; the call was interrupted (last error: " + last_error + ")";
}

ChainMark Script::next_chain(double now) const {
    if (running_chain_.depth == 0) return {1, now};
    return {running_chain_.depth + 1, running_chain_.start};
}

bool Script::chain_runs_away(const ChainMark& m, double now) const {
    return m.depth >= max_chain && now - m.start < chain_window;
}

void Script::stop_chain(std::string_view what) {
    engine_.report_script_error(
        *this,
        path_to_utf8(path_) + ": an endless chain of callbacks: " + std::to_string(max_chain) +
            " hooks.after / hooks.run on_exit callbacks, each set up by the one before, with no "
            "time passing (the clock could not move on); the chain was stopped",
        what);
    if (quarantined_) return;
    quarantined_ = true;
    engine_.on_quarantined(*this, "an endless chain of callbacks");
}

void Script::count_result(bool ok) {
    if (ok) {
        failures_ = 0;
        return;
    }
    if (++failures_ >= engine_.options().max_failures && !quarantined_) {
        quarantined_ = true;
        engine_.on_quarantined(*this, {});
    }
}

void Script::check_budget(lua_State* L) {
    if (deadline_ == 0.0) return;
    if (!overrun_) {
        if (engine_.interrupted()) {
            overrun_ = true;
            shutdown_cut_ = true;
            lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
            raise_here(L, "interrupted: OfflineHooks is shutting down");
        }
        if (steady_seconds() < deadline_) {
            if (lua_gethookcount(L) != hook_every)
                lua_sethook(L, budget_hook, LUA_MASKCOUNT, hook_every);
            return;
        }
        overrun_ = true;
    }
    // Raise on every further instruction until the call has unwound: a pcall in the script
    // catches one error, but cannot run on.
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    const std::string msg = "time budget of " +
                            std::to_string(std::lround(engine_.options().budget * 1000)) +
                            " ms exceeded; the call was interrupted";
    raise_here(L, msg.c_str());
}

std::uint64_t Script::subscribe(EventKind kind, int fn_ref, double after, ReasonMask reasons) {
    if (!mem_.charge(bookkeeping::subscription)) return 0;
    const std::uint64_t id = next_sub_id_++;
    subs_.emplace_hint(subs_.end(), id, Subscription{id, kind, fn_ref, after, reasons});
    return id;
}

bool Script::cancel_subscription(std::uint64_t id) {
    auto it = subs_.find(id);
    if (it == subs_.end()) return false;
    luaL_unref(L_.get(), LUA_REGISTRYINDEX, it->second.fn_ref);
    subs_.erase(it);
    mem_.release(bookkeeping::subscription);
    return true;
}

const Subscription* Script::subscription(std::uint64_t id) const {
    auto it = subs_.find(id);
    return it == subs_.end() ? nullptr : &it->second;
}

LuaTimer* Script::timer(std::uint64_t id) {
    auto it = timers_.find(id);
    return it == timers_.end() ? nullptr : &it->second;
}

double LuaTimer::next_due(double now) {
    ticks += 1;
    if (first + static_cast<double>(ticks) * interval < now - interval)
        ticks = static_cast<std::uint64_t>(std::floor((now - first) / interval)) + 1;
    return first + static_cast<double>(ticks) * interval;
}

bool RateLimit::admit(double now, double window, int limit) {
    auto& times = times_;
    while (!times.empty() && times.front() <= now - window) times.pop_front();
    if (static_cast<int>(times.size()) >= limit) return false;
    times.push_back(now);
    return true;
}

std::string Script::memory_cap_message() const {
    return "memory cap of " + mib(mem_.cap) + " reached: script '" + name_ + "' holds " +
           std::to_string(subs_.size()) + " subscription(s) and " + std::to_string(timers_.size()) +
           " timer(s)";
}

void Script::report_failure(const std::string& error, std::string_view what) {
    engine_.report_script_error(*this, error, what);
    count_result(false);
}

} // namespace oh
