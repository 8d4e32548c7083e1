// hooks.outlook.state() -> "online"|"offline"|"unknown"
// hooks.outlook.set_state("online"|"offline") -> true, or nil and a message
#include "api.h"
#include "engine.h"

namespace oh {

namespace {

int outlook_state(lua_State* L) {
    lua_pushstring(L, to_string(Script::of(L).engine().state())); // state
    return 1;
}

int outlook_set_state(lua_State* L) {
    if (!Script::of(L).engine().options().set_state_allowed)
        return luaL_error(L, "hooks.outlook.set_state is turned off by policy");
    const char* name = luaL_checkstring(L, 1);
    const auto wanted = parse_state(name);
    if (!wanted)
        return luaL_error(
            L, "hooks.outlook.set_state: expected \"online\" or \"offline\", got \"%s\"", name);
    Script& s = Script::of(L);
    const Status sent = s.engine().request_state(s, *wanted);
    if (sent.ok()) {
        lua_pushboolean(L, 1); // true
        return 1;
    }
    lua_pushnil(L);                          // nil
    lua_pushstring(L, sent.error().c_str()); // nil msg
    return 2;
}

} // namespace

void open_api_outlook(lua_State* L) {
    static const luaL_Reg fns[] = {
        {"state", outlook_state}, {"set_state", outlook_set_state}, {nullptr, nullptr}};
    luaL_newlib(L, fns);            // hooks outlook
    lua_setfield(L, -2, "outlook"); // hooks
}

} // namespace oh
