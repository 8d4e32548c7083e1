#include "api.h"

#include "duration.h"

#include <cmath>
#include <iterator>
#include <string>

namespace oh {

double check_duration(lua_State* L, int idx, const char* what) {
    if (lua_type(L, idx) == LUA_TNUMBER) {
        const double d = lua_tonumber(L, idx);
        std::string error;
        if (!check_duration_seconds(d, error)) luaL_error(L, "%s: %s", what, error.c_str());
        return d;
    }
    if (lua_type(L, idx) == LUA_TSTRING) {
        double seconds = 0.0;
        std::string error;
        if (parse_duration(lua_tostring(L, idx), seconds, error)) return seconds;
        luaL_error(L, "%s: %s", what, error.c_str());
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

// The strings every event table is made of, interned once per Lua state and kept in a table
// in the registry. Setting a field from a cached key and value skips the interning (hashing
// and comparing each C string) that lua_setfield and lua_pushstring do on every call: that
// was the largest single cost of a handler call in the throughput benchmark.
constexpr const char* event_keys[] = {"name",  "state",   "previous", "phase", "time",
                                      "since", "profile", "seq",      "cause"};
enum : int {
    key_name = 1,
    key_state,
    key_previous,
    key_phase,
    key_time,
    key_since,
    key_profile,
    key_seq,
    key_cause,
    value_outlook,
    kind_base,                   // + EventKind
    state_base = kind_base + 5,  // + State
    phase_base = state_base + 3, // + Phase
    cached_count = phase_base + 2
};

const char cache_tag = 0; // its address keys the cache in the registry

void cache_string(lua_State* L, int index, const char* s) {
    lua_pushstring(L, s);      // c s
    lua_rawseti(L, -2, index); // c
}

// Pushes the cache, made on the first call. Allocates: callers run protected.
void push_string_cache(lua_State* L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_tag) == LUA_TTABLE) return; // c
    lua_pop(L, 1);                                                           // (empty)
    lua_createtable(L, cached_count, 0);                                     // c
    for (int i = 0; i < static_cast<int>(std::size(event_keys)); ++i)
        cache_string(L, key_name + i, event_keys[i]);
    cache_string(L, value_outlook, "outlook");
    for (auto k : {EventKind::offline, EventKind::online, EventKind::change, EventKind::start,
                   EventKind::stop})
        cache_string(L, kind_base + static_cast<int>(k), to_string(k));
    for (auto st : {State::unknown, State::online, State::offline})
        cache_string(L, state_base + static_cast<int>(st), to_string(st));
    for (auto ph : {Phase::start, Phase::change, Phase::done})
        cache_string(L, phase_base + static_cast<int>(ph), to_string(ph));
    lua_pushvalue(L, -1);                          // c c
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_tag); // c
}

// With the event table and the cache on top (e c): pushes the cached key (e c k).
void push_key(lua_State* L, int key) {
    lua_rawgeti(L, -1, key);
}

// e c k v -> e c, with e[k] = v (a fresh table has no metatable: raw is the same as not).
void set_pushed(lua_State* L) {
    lua_rawset(L, -4);
}

void set_cached(lua_State* L, int key, int value) {
    push_key(L, key);          // e c k
    lua_rawgeti(L, -2, value); // e c k v
    set_pushed(L);             // e c
}

void set_number(lua_State* L, int key, double value) {
    push_key(L, key);         // e c k
    lua_pushnumber(L, value); // e c k v
    set_pushed(L);            // e c
}

} // namespace

// The fields are set in the same order as ever, so that pairs() walks them as before.
void push_event(lua_State* L, const EventData& ev, const std::string& profile) {
    lua_createtable(L, 0, 9); // e
    push_string_cache(L);     // e c
    set_cached(L, key_name, kind_base + static_cast<int>(ev.kind));
    set_cached(L, key_state, state_base + static_cast<int>(ev.state));
    if (ev.previous != State::unknown)
        set_cached(L, key_previous, state_base + static_cast<int>(ev.previous));
    if (ev.phase) set_cached(L, key_phase, phase_base + static_cast<int>(*ev.phase));
    set_number(L, key_time, ev.time);
    if (ev.since) set_number(L, key_since, *ev.since);
    push_key(L, key_profile);           // e c k
    lua_pushstring(L, profile.c_str()); // e c k profile
    set_pushed(L);                      // e c
    if (ev.seq) {
        push_key(L, key_seq);                                 // e c k
        lua_pushinteger(L, static_cast<lua_Integer>(ev.seq)); // e c k seq
        set_pushed(L);                                        // e c
    }
    if (ev.cause == "outlook") {
        set_cached(L, key_cause, value_outlook);
    } else if (!ev.cause.empty()) {
        push_key(L, key_cause);              // e c k
        lua_pushstring(L, ev.cause.c_str()); // e c k cause
        set_pushed(L);                       // e c
    }
    lua_pop(L, 1); // e
}

} // namespace oh
