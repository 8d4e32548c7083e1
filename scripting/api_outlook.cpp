// hooks.outlook.state() -> "online"|"offline"|"unknown"
// hooks.outlook.set_state("online"|"offline") -> true, or nil and a message
// hooks.outlook.mode() -> "cached-disconnected", "online", ... or "unknown"
// hooks.outlook.send_receive() -> true, or nil and a message
#include "api.h"
#include "engine.h"
#include "json.h"

namespace oh {

namespace {

int outlook_state(lua_State* L) {
    lua_pushstring(L, to_string(Script::of(L).engine().state())); // state
    return 1;
}

// true, or nil and the message of a failed `sent`.
int push_status(lua_State* L, const Status& sent) {
    if (sent.ok()) {
        lua_pushboolean(L, 1); // true
        return 1;
    }
    lua_pushnil(L);                          // nil
    lua_pushstring(L, sent.error().c_str()); // nil msg
    return 2;
}

int outlook_mode(lua_State* L) {
    lua_pushstring(L, to_string(Script::of(L).engine().mode())); // mode
    return 1;
}

int outlook_send_receive(lua_State* L) {
    Script& s = Script::of(L);
    return push_status(L, s.engine().send_receive(s));
}

int outlook_set_state(lua_State* L) {
    if (!Script::of(L).engine().options().set_state_allowed)
        return luaL_error(L, "hooks.outlook.set_state is turned off by policy");
    std::size_t len = 0;
    const char* name = luaL_checklstring(L, 1, &len);
    // The whole string, NUL bytes included: "offline\0x" is not "offline".
    const auto wanted = parse_state(std::string_view(name, len));
    if (!wanted)
        return luaL_error(L, "hooks.outlook.set_state: expected \"online\" or \"offline\", got %s",
                          json_quote_short(std::string_view(name, len)).c_str());
    Script& s = Script::of(L);
    return push_status(L, s.engine().request_state(s, *wanted));
}

} // namespace

void open_api_outlook(lua_State* L) {
    static const luaL_Reg fns[] = {{"state", outlook_state},
                                   {"set_state", outlook_set_state},
                                   {"mode", outlook_mode},
                                   {"send_receive", outlook_send_receive},
                                   {nullptr, nullptr}};
    luaL_newlib(L, fns);            // hooks outlook
    lua_setfield(L, -2, "outlook"); // hooks
}

} // namespace oh
