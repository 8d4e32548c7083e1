// hooks.notify(title, text); hooks.run(argv [, {timeout=d, on_exit=fn}]) -> run id
#include "api.h"
#include "engine.h"

#include <string>
#include <vector>

namespace oh {

namespace {

// Enough for any real command line; a runaway table is refused, not copied.
constexpr lua_Integer max_args = 1024;

int hooks_notify(lua_State* L) {
    const char* title = luaL_checkstring(L, 1);
    const char* text = luaL_optstring(L, 2, "");
    Script& s = Script::of(L);
    s.engine().platform().notify(s.name(), title, text);
    return 0;
}

std::vector<std::string> check_argv(lua_State* L, int idx) {
    luaL_checktype(L, idx, LUA_TTABLE);
    const lua_Integer n = luaL_len(L, idx);
    if (n < 1)
        luaL_error(L,
                   "hooks.run: argv must hold the program and its arguments, got an empty table");
    if (n > max_args) luaL_error(L, "hooks.run: at most %I arguments, got %I", max_args, n);
    std::vector<std::string> argv;
    for (lua_Integer i = 1; i <= n; ++i) {
        lua_geti(L, idx, i); // ... argv[i]
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "hooks.run: argv[%I] must be a string, got %s", i, luaL_typename(L, -1));
        std::size_t len = 0;
        const char* a = lua_tolstring(L, -1, &len);
        argv.emplace_back(a, len);
        lua_pop(L, 1); // ...
    }
    return argv;
}

int hooks_run(lua_State* L) {
    static const char* const allowed[] = {"timeout", "on_exit", nullptr};
    std::vector<std::string> argv = check_argv(L, 1);
    Script& s = Script::of(L);
    double timeout = s.engine().options().default_run_timeout;
    int on_exit = LUA_NOREF;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        check_option_names(L, 2, "hooks.run", allowed);
        lua_getfield(L, 2, "timeout"); // argv opts timeout
        if (!lua_isnil(L, -1)) timeout = check_duration(L, -1, "hooks.run: timeout");
        lua_getfield(L, 2, "on_exit"); // argv opts timeout on_exit
        if (!lua_isnil(L, -1)) {
            luaL_argexpected(L, lua_isfunction(L, -1), 2, "a function as on_exit");
            on_exit = luaL_ref(L, LUA_REGISTRYINDEX); // argv opts timeout
        }
    }
    std::string error;
    const std::uint64_t id = s.engine().start_run(s, std::move(argv), timeout, on_exit, error);
    if (id == 0) {
        luaL_unref(L, LUA_REGISTRYINDEX, on_exit);
        return luaL_error(L, "hooks.run: %s", error.c_str());
    }
    lua_pushinteger(L, static_cast<lua_Integer>(id)); // ... id
    return 1;
}

} // namespace

void open_api_actions(lua_State* L) {
    lua_pushcfunction(L, hooks_notify); // hooks notify
    lua_setfield(L, -2, "notify");      // hooks
    lua_pushcfunction(L, hooks_run);    // hooks run
    lua_setfield(L, -2, "run");         // hooks
}

} // namespace oh
