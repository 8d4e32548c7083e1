// The `hooks` table: assembled from the API files, plus hooks.script.
#include "api.h"
#include "text_file.h"

#include <string>

namespace oh {

namespace {

void open_script_info(lua_State* L) {
    Script& s = Script::of(L);
    lua_createtable(L, 0, 2);                          // hooks script
    lua_pushstring(L, s.name().c_str());               // hooks script name
    lua_setfield(L, -2, "name");                       // hooks script
    lua_pushstring(L, path_to_utf8(s.path()).c_str()); // hooks script path
    lua_setfield(L, -2, "path");                       // hooks script
    lua_setfield(L, -2, "script");                     // hooks
}

} // namespace

void open_hooks_api(lua_State* L) {
    lua_createtable(L, 0, 12); // hooks
    open_api_events(L);
    open_api_timers(L);
    open_api_log(L);
    open_api_actions(L);
    open_api_outlook(L);
    open_api_store(L);
    open_script_info(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); // hooks LOADED
    lua_pushvalue(L, -2);                                     // hooks LOADED hooks
    lua_setfield(L, -2, "hooks");                             // hooks LOADED
    // Lua names a function called from C (pcall(hooks.store.set, true)) in "bad argument"
    // errors by finding it one level down in LOADED: without these, 'hooks.store.set' is '?'.
    for (const char* sub : {"log", "outlook", "store"}) {
        lua_getfield(L, -2, sub);                                   // hooks LOADED t
        lua_setfield(L, -2, (std::string("hooks.") + sub).c_str()); // hooks LOADED
    }
    lua_pop(L, 1);             // hooks
    lua_setglobal(L, "hooks"); // (empty)
}

} // namespace oh
