// The step meter Lua's lstrlib.c calls once patched (see pattern_meter.h).
#include "pattern_meter.h"

#include <cstring>

namespace {

// The registry key of the state's tick: the address of this variable.
const char tick_key = 0;

// Units charged by plain searches since the last tick, on this thread. Shared by the states
// the thread runs: it only decides when to call the running state's tick.
thread_local std::size_t pending_units = 0;

oh::PatternTick tick_of(lua_State* L) {
    oh::PatternTick tick = nullptr;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &tick_key) == LUA_TUSERDATA) // box | nil
        std::memcpy(&tick, lua_touserdata(L, -1), sizeof tick);
    lua_pop(L, 1); // (empty)
    return tick;
}

} // namespace

void oh_lstrlib_tick(lua_State* L) {
    if (const oh::PatternTick tick = tick_of(L)) tick(L); // may raise
}

void oh_lstrlib_step(lua_State* L, std::size_t units) {
    pending_units += units;
    if (pending_units < oh::pattern_tick_units) return;
    pending_units = 0;
    oh_lstrlib_tick(L);
}

namespace oh {

void set_pattern_tick(lua_State* L, PatternTick tick) {
    // A function pointer is not a void*: it is kept in a full userdata.
    void* box = lua_newuserdatauv(L, sizeof tick, 0); // box
    std::memcpy(box, &tick, sizeof tick);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &tick_key); // (empty)
}

// luaL_requiref opens only what is not loaded yet: the library's entry goes first.
void reopen_string_metered(lua_State* L) {
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);       // LOADED
    lua_pushnil(L);                                                 // LOADED nil
    lua_setfield(L, -2, LUA_STRLIBNAME);                            // LOADED
    lua_pop(L, 1);                                                  // (empty)
    luaL_requiref(L, LUA_STRLIBNAME, oh_luaopen_string_metered, 1); // string
    lua_pop(L, 1);                                                  // (empty)
}

} // namespace oh
