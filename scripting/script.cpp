#include "script.h"

#include "api.h"
#include "engine.h"
#include "sandbox.h"
#include "text_file.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace oh {

namespace {

// The count hook runs every this many VM instructions: often enough to stop a loop within
// microseconds of its deadline, rare enough to cost nothing measurable.
constexpr int hook_every = 1000;

double steady_now() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void budget_hook(lua_State* L, lua_Debug* /*ar*/) {
    Script::of(L).check_budget(L);
}

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
    L_.reset();
}

Script& Script::of(lua_State* L) {
    return **static_cast<Script**>(lua_getextraspace(L));
}

std::string Script::chunk_name() const {
    return "@" + path_to_utf8(path_);
}

bool Script::load(const std::string& source, std::string& error) {
    L_.reset(lua_newstate(&MemoryCap::alloc, &mem_));
    if (!L_) {
        error =
            path_to_utf8(path_) + ": cannot create a Lua state (memory cap " + mib(mem_.cap) + ")";
        return false;
    }
    lua_State* L = L_.get();
    // Threads copy this slot from the main thread, so coroutines find their script too.
    *static_cast<Script**>(lua_getextraspace(L)) = this;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, hook_every);

    lua_pushcfunction(L, setup_state); // setup
    if (!protected_call(0, error)) return false;

    const std::string chunk = chunk_name();
    // Text only: binary chunks can crash the VM.
    if (luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t") != LUA_OK) {
        error = lua_tostring(L, -1) ? lua_tostring(L, -1) : "cannot load"; // err
        lua_pop(L, 1);                                                     // (empty)
        return false;
    }
    return protected_call(0, error); // main chunk: runs under the budget like any call
}

bool Script::call(int nargs, std::string_view what) {
    std::string error;
    const bool ok = protected_call(nargs, error);
    if (!ok) engine_.report_script_error(*this, error, what);
    count_result(ok);
    return ok;
}

bool Script::call_quiet(int nargs, std::string& error) {
    return protected_call(nargs, error);
}

bool Script::protected_call(int nargs, std::string& error) {
    lua_State* L = L_.get();
    const int base = lua_gettop(L) - nargs; // fn args...
    lua_pushcfunction(L, message_handler);  // fn args... msgh
    lua_insert(L, base);                    // msgh fn args...
    overrun_ = false;
    mem_.hit = false;
    deadline_ = steady_now() + engine_.call_budget();
    const int status = lua_pcall(L, nargs, 0, base); // msgh [err]
    deadline_ = 0.0;
    // An overrun may have left the hook firing on every instruction.
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, hook_every);
    if (status == LUA_OK) {
        lua_pop(L, 1); // (empty)
        return true;
    }
    const char* msg = lua_tostring(L, -1);
    std::string text = msg ? msg : "unknown error";
    lua_pop(L, 2); // (empty)

    // Out of memory arrives without a traceback (the handler is not called): say who and
    // what cap.
    if (status == LUA_ERRMEM || (mem_.hit && status == LUA_ERRERR)) {
        text = path_to_utf8(path_) + ": script '" + name_ + "' exceeded its memory cap of " +
               mib(mem_.cap) + "; the call was stopped";
    } else if (overrun_ && text.find("time budget") == std::string::npos) {
        text = path_to_utf8(path_) + ": time budget of " +
               std::to_string(std::lround(engine_.options().budget * 1000)) +
               " ms exceeded; the call was interrupted (last error: " + text + ")";
    }
    error = std::move(text);
    return false;
}

void Script::count_result(bool ok) {
    if (ok) {
        failures_ = 0;
        return;
    }
    if (++failures_ >= engine_.options().max_failures && !quarantined_) {
        quarantined_ = true;
        engine_.on_quarantined(*this);
    }
}

void Script::check_budget(lua_State* L) {
    if (deadline_ == 0.0) return;
    if (!overrun_) {
        if (engine_.interrupted()) {
            overrun_ = true;
            lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
            raise_here(L, "interrupted: OfflineHooks is shutting down");
        }
        if (steady_now() < deadline_) {
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

std::uint64_t Script::subscribe(EventKind kind, int fn_ref, double after) {
    subs_.push_back({next_sub_id_, kind, fn_ref, after});
    return next_sub_id_++;
}

bool Script::cancel_subscription(std::uint64_t id) {
    for (auto it = subs_.begin(); it != subs_.end(); ++it) {
        if (it->id != id) continue;
        luaL_unref(L_.get(), LUA_REGISTRYINDEX, it->fn_ref);
        subs_.erase(it);
        return true;
    }
    return false;
}

const Subscription* Script::subscription(std::uint64_t id) const {
    for (const auto& s : subs_)
        if (s.id == id) return &s;
    return nullptr;
}

} // namespace oh
