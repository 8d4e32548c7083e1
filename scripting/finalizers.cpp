#include "finalizers.h"

#include "script.h"

namespace oh {

namespace {

// Registry fields: the weak-keyed table (table -> its sentinel) and the sentinels' metatable.
constexpr const char* tracked_key = "oh.finalized";
constexpr const char* sentinel_mt = "oh.finalizer";

// The sentinel's __gc: the table it stands for is garbage (and resurrected for the call).
int sentinel_gc(lua_State* L) {
    lua_settop(L, 1);                                       // sentinel
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) return 0; // sentinel t
    lua_getfield(L, LUA_REGISTRYINDEX, tracked_key);        // sentinel t tracked
    lua_pushvalue(L, 2);                                    // sentinel t tracked t
    lua_pushnil(L);                                         // sentinel t tracked t nil
    // Forgotten, so that a finalizer that sets a __gc metatable again is tracked again.
    lua_rawset(L, 3);                                          // sentinel t tracked
    lua_pop(L, 1);                                             // sentinel t
    if (luaL_getmetafield(L, 2, "__gc") == LUA_TNIL) return 0; // sentinel t fn
    Script& s = Script::of(L);
    if (!s.finalizer_may_run()) return 0;
    lua_State* co = lua_newthread(L); // sentinel t fn co
    lua_pushvalue(L, 3);              // sentinel t fn co fn
    lua_pushvalue(L, 2);              // sentinel t fn co fn t
    lua_xmove(L, co, 2);              // sentinel t fn co        co: fn t
    s.run_finalizer(co, L);
    return 0;
}

// setmetatable(t, mt): Lua's, but a __gc in mt is run by our sentinel, not by Lua.
int sandbox_setmetatable(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    const int mt_type = lua_type(L, 2);
    luaL_argexpected(L, mt_type == LUA_TNIL || mt_type == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2); // t mt
    if (mt_type == LUA_TNIL) {
        lua_setmetatable(L, 1); // t
        return 1;
    }
    lua_pushliteral(L, "__gc");         // t mt "__gc"
    if (lua_rawget(L, 2) == LUA_TNIL) { // t mt gc
        lua_pop(L, 1);                  // t mt
        lua_setmetatable(L, 1);         // t
        return 1;
    }
    // Hidden while Lua looks for it, so that Lua does not mark t for finalization. Neither
    // step allocates (the key stays in mt's node), so neither can fail half-way.
    lua_pushliteral(L, "__gc"); // t mt gc "__gc"
    lua_pushnil(L);             // t mt gc "__gc" nil
    lua_rawset(L, 2);           // t mt gc
    lua_pushvalue(L, 2);        // t mt gc mt
    lua_setmetatable(L, 1);     // t mt gc
    lua_pushliteral(L, "__gc"); // t mt gc "__gc"
    lua_insert(L, -2);          // t mt "__gc" gc
    lua_rawset(L, 2);           // t mt

    lua_getfield(L, LUA_REGISTRYINDEX, tracked_key); // t mt tracked
    lua_pushvalue(L, 1);                             // t mt tracked t
    if (lua_rawget(L, 3) != LUA_TNIL) {              // t mt tracked sentinel
        lua_settop(L, 1);                            // t
        return 1;
    }
    lua_pop(L, 1);                     // t mt tracked
    lua_pushvalue(L, 1);               // t mt tracked t
    lua_newuserdatauv(L, 0, 1);        // t mt tracked t sentinel
    lua_pushvalue(L, 1);               // t mt tracked t sentinel t
    lua_setiuservalue(L, -2, 1);       // t mt tracked t sentinel
    luaL_setmetatable(L, sentinel_mt); // t mt tracked t sentinel (marked for finalization)
    // An ephemeron: the sentinel lives as long as t does, and its reference to t does not
    // keep t alive.
    lua_rawset(L, 3); // t mt tracked
    lua_settop(L, 1); // t
    return 1;
}

} // namespace

void open_finalizers(lua_State* L) {
    lua_createtable(L, 0, 0);                        // tracked
    lua_createtable(L, 0, 1);                        // tracked weak
    lua_pushliteral(L, "k");                         // tracked weak "k"
    lua_setfield(L, -2, "__mode");                   // tracked weak
    lua_setmetatable(L, -2);                         // tracked
    lua_setfield(L, LUA_REGISTRYINDEX, tracked_key); // (empty)
    luaL_newmetatable(L, sentinel_mt);               // mt
    lua_pushcfunction(L, sentinel_gc);               // mt gc
    lua_setfield(L, -2, "__gc");                     // mt
    lua_pop(L, 1);                                   // (empty)
    lua_pushcfunction(L, sandbox_setmetatable);      // setmetatable
    lua_setglobal(L, "setmetatable");                // (empty)
}

} // namespace oh
