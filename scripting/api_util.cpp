#include "api.h"

#include "duration.h"

#include <cmath>
#include <string>

namespace oh {

double check_duration(lua_State* L, int idx, const char* what) {
    if (lua_type(L, idx) == LUA_TNUMBER) {
        const double d = lua_tonumber(L, idx);
        const Status checked = check_duration_seconds(d);
        if (!checked.ok()) luaL_error(L, "%s: %s", what, checked.error().c_str());
        return d;
    }
    if (lua_type(L, idx) == LUA_TSTRING) {
        const Result<double> seconds = parse_duration(lua_tostring(L, idx));
        if (seconds.ok()) return seconds.value();
        luaL_error(L, "%s: %s", what, seconds.error().c_str());
    }
    luaL_error(L,
               "%s: expected a duration such as 30, \"250ms\", \"30s\", \"5m\" or \"1h\", got %s",
               what, luaL_typename(L, idx));
    return 0.0;
}

void push_handle(lua_State* L, const char* metatable, std::uint64_t id) {
    auto* p = static_cast<std::uint64_t*>(lua_newuserdatauv(L, sizeof(std::uint64_t), 0)); // ud
    *p = id;
    luaL_setmetatable(L, metatable); // ud
}

std::uint64_t check_handle(lua_State* L, int idx, const char* metatable) {
    return *static_cast<std::uint64_t*>(luaL_checkudata(L, idx, metatable));
}

void new_handle_metatable(lua_State* L, const char* metatable, lua_CFunction cancel) {
    luaL_newmetatable(L, metatable);  // mt
    lua_createtable(L, 0, 1);         // mt methods
    lua_pushcfunction(L, cancel);     // mt methods cancel
    lua_setfield(L, -2, "cancel");    // mt methods
    lua_pushvalue(L, -1);             // mt methods methods
    lua_setfield(L, -3, "__index");   // mt methods
    lua_pushstring(L, metatable + 3); // mt methods "subscription" | "timer"
    lua_setfield(L, -3, "__name");    // mt methods
    // getmetatable shows a copy: a __gc a script put into the real one would be run by Lua
    // itself for the next handle, with no time budget.
    lua_createtable(L, 0, 2);           // mt methods shown
    lua_insert(L, -2);                  // mt shown methods
    lua_setfield(L, -2, "__index");     // mt shown
    lua_pushstring(L, metatable + 3);   // mt shown name
    lua_setfield(L, -2, "__name");      // mt shown
    lua_setfield(L, -2, "__metatable"); // mt
    lua_pop(L, 1);                      // (empty)
}

void check_option_names(lua_State* L, int idx, const char* what, const char* const* allowed) {
    idx = lua_absindex(L, idx);
    lua_pushnil(L);            // nil
    while (lua_next(L, idx)) { // key value
        bool known = false;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (const char* const* a = allowed; *a && !known; ++a)
                known = std::string(lua_tostring(L, -2)) == *a;
        if (!known) {
            std::string list;
            for (const char* const* a = allowed; *a; ++a)
                list += (list.empty() ? "" : ", ") + std::string(*a);
            lua_pop(L, 1); // key
            luaL_error(L, "%s: unknown option '%s' (expected: %s)", what,
                       luaL_tolstring(L, -1, nullptr), list.c_str());
        }
        lua_pop(L, 1); // key
    }
}

namespace {

// e -> e, with e[key] = value (a fresh table has no metatable: lua_setfield sets it raw).
void set_string(lua_State* L, const char* key, const char* value) {
    lua_pushstring(L, value); // e value
    lua_setfield(L, -2, key); // e
}

void set_number(lua_State* L, const char* key, double value) {
    lua_pushnumber(L, value); // e value
    lua_setfield(L, -2, key); // e
}

} // namespace

// The fields are set in the same order as ever, so that pairs() walks them as before.
void push_event(lua_State* L, const EventData& ev, const std::string& profile) {
    lua_createtable(L, 0, 11); // e
    set_string(L, "name", to_string(ev.kind));
    set_string(L, "state", to_string(ev.state));
    if (ev.previous != State::unknown) set_string(L, "previous", to_string(ev.previous));
    if (ev.phase) set_string(L, "phase", to_string(*ev.phase));
    set_number(L, "time", ev.time);
    if (ev.since) set_number(L, "since", *ev.since);
    set_string(L, "profile", profile.c_str());
    if (ev.seq) {
        lua_pushinteger(L, static_cast<lua_Integer>(ev.seq)); // e seq
        lua_setfield(L, -2, "seq");                           // e
    }
    if (!ev.cause.empty()) set_string(L, "cause", ev.cause.c_str());
    set_string(L, "mode", to_string(ev.mode));
    set_string(L, "reason", to_string(ev.reason));
}

} // namespace oh
