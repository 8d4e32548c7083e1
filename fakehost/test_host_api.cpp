// fakehost.new{...} in test files: a fresh fake host and its methods (design: fake host CLI).
#include "api.h"
#include "lua_include.h"
#include "test_context.h"
#include "test_host.h"
#include "test_runner.h"
#include "text_file.h"

#include <cstdlib>
#include <optional>
#include <string>

namespace oh {

namespace {

struct HostBox {
    std::shared_ptr<FakeHost> host;
};

// A relative path is taken from the test file's folder when it exists there (the script
// beside its test), else from the current folder.
std::filesystem::path resolve(lua_State* L, const char* p) {
    std::filesystem::path path = path_from_utf8(p); // not const: returned by move
    if (path.is_absolute()) return path;
    std::error_code ec;
    const auto beside = TestContext::of(L).test_dir / path;
    return std::filesystem::exists(beside, ec) ? beside : path;
}

void read_scripts(lua_State* L, int opts, FakeHostOptions& o) {
    lua_getfield(L, opts, "scripts"); // ... scripts
    if (lua_istable(L, -1)) {
        const lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; ++i) {
            lua_geti(L, -1, i); // ... scripts path
            if (!lua_isstring(L, -1)) luaL_error(L, "fakehost.new: scripts[%I] must be a path", i);
            o.files.push_back(resolve(L, lua_tostring(L, -1)));
            lua_pop(L, 1); // ... scripts
        }
    } else if (!lua_isnil(L, -1)) {
        luaL_error(L, "fakehost.new: scripts must be a list of paths");
    }
    lua_getfield(L, opts, "dir"); // ... scripts dir
    if (lua_isstring(L, -1))
        o.dir = resolve(L, lua_tostring(L, -1));
    else if (!lua_isnil(L, -1))
        luaL_error(L, "fakehost.new: dir must be a path");
    lua_pop(L, 2); // ...
    if (o.files.empty() && o.dir.empty()) o.dir = TestContext::of(L).test_dir;
}

// Raises "<the test's file:line>: <who>: <message>", who being "host:go_offline" or
// "fakehost.new" (luaL_error's level 1 is the Lua code that called it).
[[noreturn]] void option_error(lua_State* L, const char* who, const std::string& message) {
    luaL_error(L, "%s: %s", who, message.c_str());
    std::abort(); // luaL_error does not return
}

// opts[key] as a word for transition_mode: nil when absent; a string, or a Lua error.
std::optional<std::string> opt_word(lua_State* L, int opts, const char* key, const char* who) {
    lua_getfield(L, opts, key); // ... v
    std::optional<std::string> word;
    // The whole string: "network\0..." is not "network".
    if (lua_type(L, -1) == LUA_TSTRING) {
        std::size_t len = 0;
        const char* text = lua_tolstring(L, -1, &len);
        word = std::string(text, len);
    } else if (!lua_isnil(L, -1))
        option_error(L, who, std::string(key) + " must be a string, got a " + luaL_typename(L, -1));
    lua_pop(L, 1); // ...
    return word;
}

// Outlook's mode in `to` from opts.reason and opts.mode (the table at `opts`), each optional:
// the rules of a scenario line's reason= and mode=.
ConnectionMode read_mode_options(lua_State* L, int opts, State to, const char* who) {
    const auto reason = opt_word(L, opts, "reason", who);
    const auto mode = opt_word(L, opts, "mode", who);
    // Views of the strings above (not of a temporary copy).
    const std::string_view r = reason ? std::string_view(*reason) : std::string_view();
    const std::string_view m = mode ? std::string_view(*mode) : std::string_view();
    const Result<ConnectionMode> got =
        transition_mode(to, reason ? &r : nullptr, mode ? &m : nullptr);
    if (!got.ok()) option_error(L, who, got.error());
    return got.value();
}

void read_options(lua_State* L, int opts, FakeHostOptions& o) {
    static const char* const allowed[] = {"scripts", "dir",  "profile", "state",
                                          "reason",  "mode", "budget",  nullptr};
    luaL_checktype(L, opts, LUA_TTABLE);
    check_option_names(L, opts, "fakehost.new", allowed);
    read_scripts(L, opts, o);
    lua_getfield(L, opts, "profile"); // ... profile
    if (!lua_isnil(L, -1)) o.profile = luaL_checkstring(L, -1);
    lua_getfield(L, opts, "state"); // ... profile state
    if (!lua_isnil(L, -1)) {
        const char* s = luaL_checkstring(L, -1);
        auto st = parse_state(s);
        if (!st)
            luaL_error(L, "fakehost.new: state must be \"online\" or \"offline\", got \"%s\"", s);
        o.initial = *st;
    }
    // Outlook's mode at start-up, which the add-in reads then (e.mode/e.reason of "start").
    o.initial_mode = read_mode_options(L, opts, o.initial, "fakehost.new");
    lua_getfield(L, opts, "budget"); // ... profile state budget
    if (!lua_isnil(L, -1)) o.engine.budget = check_duration(L, -1, "fakehost.new: budget");
    lua_pop(L, 3); // ...
}

int host_new(lua_State* L) {
    FakeHostOptions o;
    if (!lua_isnoneornil(L, 1)) read_options(L, 1, o);
    auto host = std::make_shared<FakeHost>(o);
    if (Status started = host->start(); !started.ok())
        luaL_error(L, "fakehost.new: the add-in did not start: %s", started.error().c_str());
    TestContext::of(L).hosts.push_back(host);
    auto* box = static_cast<HostBox*>(lua_newuserdatauv(L, sizeof(HostBox), 0)); // host
    new (box) HostBox{std::move(host)};
    luaL_setmetatable(L, host_mt); // host
    return 1;
}

int host_gc(lua_State* L) {
    static_cast<HostBox*>(luaL_checkudata(L, 1, host_mt))->~HostBox();
    return 0;
}

std::vector<Phase> read_phases(lua_State* L, int idx) {
    std::vector<Phase> phases{Phase::start, Phase::change, Phase::done};
    if (lua_isnoneornil(L, idx)) return phases;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "phases"); // ... phases
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return phases;
    }
    luaL_checktype(L, -1, LUA_TTABLE);
    phases.clear();
    const lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; ++i) {
        lua_geti(L, -1, i); // ... phases p
        const char* name = lua_tostring(L, -1);
        const auto p = parse_phase(name ? name : "");
        if (!p) luaL_error(L, "phases[%I]: expected \"start\", \"change\" or \"done\"", i);
        phases.push_back(p.value_or(Phase::change));
        lua_pop(L, 1); // ... phases
    }
    lua_pop(L, 1); // ...
    return phases;
}

// { phases = {...}, reason = "network", mode = "cached-disconnected" }, each optional.
ConnectionMode read_go_mode(lua_State* L, State to, const char* who) {
    if (lua_isnoneornil(L, 2)) return ConnectionMode::unknown;
    luaL_checktype(L, 2, LUA_TTABLE);
    static const char* const allowed[] = {"phases", "reason", "mode", nullptr};
    check_option_names(L, 2, who, allowed);
    return read_mode_options(L, 2, to, who);
}

int host_go(lua_State* L, State to, const char* who) {
    FakeHost& h = check_host(L);
    const ConnectionMode mode = read_go_mode(L, to, who);
    h.go(to, read_phases(L, 2), mode);
    return 0;
}
int host_go_offline(lua_State* L) {
    return host_go(L, State::offline, "host:go_offline");
}
int host_go_online(lua_State* L) {
    return host_go(L, State::online, "host:go_online");
}

// A raw field: a number, or a name ("change", "offline") for convenience.
std::uint32_t raw_field(lua_State* L, int t, const char* key, std::uint32_t fallback) {
    lua_getfield(L, t, key); // ... v
    std::uint32_t v = fallback;
    if (lua_type(L, -1) == LUA_TNUMBER) {
        v = static_cast<std::uint32_t>(lua_tointeger(L, -1));
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        const std::string s = lua_tostring(L, -1);
        if (auto p = parse_phase(s))
            v = static_cast<std::uint32_t>(*p) + 1;
        else if (auto st = parse_state(s))
            v = *st == State::offline ? 1 : 2;
        else
            luaL_error(L, "notify_raw: %s = \"%s\" is not a number or a known name", key,
                       s.c_str());
    } else if (!lua_isnil(L, -1)) {
        luaL_error(L, "notify_raw: %s must be a number", key);
    }
    lua_pop(L, 1); // ...
    return v;
}

int host_notify_raw(lua_State* L) {
    FakeHost& h = check_host(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    const bool offline = h.outlook_state() == State::offline;
    RawNotify r;
    r.type = raw_field(L, 2, "type", r.type);
    r.mask = raw_field(L, 2, "mask", r.mask);
    r.old_state = raw_field(L, 2, "old", offline ? 1 : 2);
    r.new_state = raw_field(L, 2, "new", offline ? 2 : 1);
    r.size = raw_field(L, 2, "size", r.size);
    lua_getfield(L, 2, "token"); // host t token
    r.token_given = !lua_isnil(L, -1);
    lua_pop(L, 1);
    r.token = raw_field(L, 2, "token", 0);
    h.send_raw(r);
    return 0;
}

int host_advance(lua_State* L) {
    FakeHost& h = check_host(L);
    h.advance(check_duration(L, 2, "advance"));
    return 0;
}

int host_state(lua_State* L) {
    lua_pushstring(L, to_string(check_host(L).outlook_state())); // state
    return 1;
}

int host_mode(lua_State* L) {
    lua_pushstring(L, to_string(check_host(L).outlook().mode())); // mode
    return 1;
}

int host_finish_run(lua_State* L) {
    FakeHost& h = check_host(L);
    const lua_Integer id = luaL_checkinteger(L, 2);
    RunResult r;
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        lua_getfield(L, 3, "code");   // host id t code
        lua_getfield(L, 3, "stdout"); // host id t code out
        lua_getfield(L, 3, "stderr"); // host id t code out err
        if (!lua_isnil(L, -3)) r.code = static_cast<int>(luaL_checkinteger(L, -3));
        if (!lua_isnil(L, -2)) r.out = luaL_checkstring(L, -2);
        if (!lua_isnil(L, -1)) r.err = luaL_checkstring(L, -1);
        lua_pop(L, 3); // host id t
    } else {
        r.code = 0;
    }
    if (!h.record().finish(static_cast<std::uint64_t>(id), std::move(r)))
        return luaL_error(L,
                          "finish_run: no pending run #%I (runs are numbered from 1 in the order "
                          "hooks.run was called; %I so far)",
                          id, static_cast<lua_Integer>(h.record().runs.size()));
    h.pump();
    return 0;
}

int host_reload(lua_State* L) {
    check_host(L).reload(true);
    return 0;
}

int host_stop(lua_State* L) {
    check_host(L).stop();
    return 0;
}

} // namespace

FakeHost& check_host(lua_State* L) {
    auto* box = static_cast<HostBox*>(luaL_checkudata(L, 1, host_mt));
    if (!box->host) luaL_error(L, "this host is gone");
    return *box->host;
}

TestContext& TestContext::of(lua_State* L) {
    return **static_cast<TestContext**>(lua_getextraspace(L));
}

void open_test_host_api(lua_State* L) {
    static const luaL_Reg methods[] = {{"go_offline", host_go_offline},
                                       {"go_online", host_go_online},
                                       {"notify_raw", host_notify_raw},
                                       {"advance", host_advance},
                                       {"state", host_state},
                                       {"mode", host_mode},
                                       {"finish_run", host_finish_run},
                                       {"reload", host_reload},
                                       {"stop", host_stop},
                                       {nullptr, nullptr}};
    luaL_newmetatable(L, host_mt);            // mt
    luaL_newlib(L, methods);                  // mt methods
    luaL_setfuncs(L, host_record_methods, 0); // mt methods (+ what the host recorded)
    lua_setfield(L, -2, "__index");           // mt
    lua_pushcfunction(L, host_gc);            // mt gc
    lua_setfield(L, -2, "__gc");              // mt
    lua_pop(L, 1);                            // (empty)
    lua_createtable(L, 0, 1);                 // fakehost
    lua_pushcfunction(L, host_new);           // fakehost new
    lua_setfield(L, -2, "new");               // fakehost
    lua_setglobal(L, "fakehost");             // (empty)
}

} // namespace oh
