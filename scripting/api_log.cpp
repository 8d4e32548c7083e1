// hooks.log.debug|info|warn|error(fmt, ...) with string.format rules; print and warn.
#include "api.h"
#include "engine.h"
#include "sandbox.h"

#include <string>

namespace oh {

namespace {

// Formats the arguments: one non-string argument is shown with tostring, anything else
// goes through the original string.format (upvalue 1). Leaves the message on the stack.
const char* format_message(lua_State* L, std::size_t* len) {
    const int n = lua_gettop(L);
    if (n == 0) {
        lua_pushliteral(L, ""); // ""
    } else if (n == 1 && lua_type(L, 1) != LUA_TSTRING) {
        luaL_tolstring(L, 1, nullptr); // v msg
    } else {
        lua_pushvalue(L, lua_upvalueindex(1)); // args... format
        lua_insert(L, 1);                      // format args...
        lua_call(L, n, 1);                     // msg
    }
    return lua_tolstring(L, -1, len);
}

template <LogLevel level>
int log_at(lua_State* L) {
    Script& s = Script::of(L);
    if (level < s.engine().options().log_level) return 0; // nobody shows it: skip the format
    std::size_t len = 0;
    const char* msg = format_message(L, &len); // ... msg
    s.engine().log(&s, level, std::string(msg, len));
    return 0;
}

// print(...): tab-separated tostring of each argument, at info level.
int lua_print(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b); // args... buffer
    for (int i = 1; i <= n; ++i) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, nullptr); // args... buffer str
        luaL_addvalue(&b);             // args... buffer
    }
    luaL_pushresult(&b); // args... line
    std::size_t len = 0;
    const char* line = lua_tolstring(L, -1, &len);
    Script& s = Script::of(L);
    s.engine().log(&s, LogLevel::info, std::string(line, len));
    charge_c_work(L, len); // the line was copied twice: a loop of huge prints stops in time
    return 0;
}

// warn(msg1, ...): Lua's warning function, as a warn-level log line ("@on"/"@off" ignored).
int lua_warn(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_checkstring(L, 1);
    for (int i = 2; i <= n; ++i) luaL_checkstring(L, i);
    lua_concat(L, n); // msg
    std::size_t len = 0;
    const char* msg = lua_tolstring(L, -1, &len);
    if (n == 1 && msg[0] == '@') return 0; // control message
    Script& s = Script::of(L);
    s.engine().log(&s, LogLevel::warn, std::string(msg, len));
    return 0;
}

} // namespace

void open_api_log(lua_State* L) {
    static const luaL_Reg levels[] = {{"debug", log_at<LogLevel::debug>},
                                      {"info", log_at<LogLevel::info>},
                                      {"warn", log_at<LogLevel::warn>},
                                      {"error", log_at<LogLevel::error>},
                                      {nullptr, nullptr}};
    lua_createtable(L, 0, 4);         // hooks log
    lua_getglobal(L, LUA_STRLIBNAME); // hooks log string
    lua_getfield(L, -1, "format");    // hooks log string format
    lua_remove(L, -2);                // hooks log format
    luaL_setfuncs(L, levels, 1);      // hooks log
    lua_setfield(L, -2, "log");       // hooks
    lua_pushcfunction(L, lua_print);  // hooks print
    lua_setglobal(L, "print");        // hooks
    lua_pushcfunction(L, lua_warn);   // hooks warn
    lua_setglobal(L, "warn");         // hooks
}

} // namespace oh
