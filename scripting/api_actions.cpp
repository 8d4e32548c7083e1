// hooks.notify(title, text); hooks.run(argv [, {timeout=d, on_exit=fn}]) -> run id
#include "api.h"
#include "engine.h"

#include <cstring>
#include <string>
#include <vector>

namespace oh {

namespace {

// Enough for any real command line; a runaway table is refused, not copied.
constexpr lua_Integer max_args = 1024;

// A notice is read at a glance: longer text is cut here, before any Platform (a desktop
// toast, Outlook, the transcript) has to carry megabytes of it.
constexpr std::size_t max_notify_title = 256;
constexpr std::size_t max_notify_text = std::size_t{4} * 1024;

// The first `max` bytes of s (not splitting a UTF-8 character), and how many more were cut,
// said as the engine's long log lines say it.
std::string cut_text(const char* s, std::size_t len, std::size_t max) {
    if (len <= max) return {s, len};
    std::size_t keep = max;
    while (keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) --keep;
    return std::string(s, keep) + " ... [" + std::to_string(len - keep) + " more bytes cut]";
}

int hooks_notify(lua_State* L) {
    std::size_t title_len = 0, text_len = 0;
    const char* title = luaL_checklstring(L, 1, &title_len);
    const char* text = luaL_optlstring(L, 2, "", &text_len);
    Script& s = Script::of(L);
    s.engine().platform().notify(s.name(), cut_text(title, title_len, max_notify_title),
                                 cut_text(text, text_len, max_notify_text));
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
        // A C command line ends at the first NUL: the program would get a shorter argument.
        if (std::memchr(a, '\0', len))
            luaL_error(L,
                       "hooks.run: argument #%I contains a NUL byte, which no program can "
                       "receive",
                       i);
        argv.emplace_back(a, len);
        lua_pop(L, 1); // ...
    }
    return argv;
}

int hooks_run(lua_State* L) {
    static const char* const allowed[] = {"timeout", "on_exit", nullptr};
    Script& s = Script::of(L);
    if (!s.engine().options().run_allowed)
        return luaL_error(L, "hooks.run is turned off by policy");
    std::vector<std::string> argv = check_argv(L, 1);
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
    const Result<std::uint64_t> id = s.engine().start_run(s, std::move(argv), timeout, on_exit);
    if (!id.ok()) {
        luaL_unref(L, LUA_REGISTRYINDEX, on_exit);
        return luaL_error(L, "hooks.run: %s", id.error().c_str());
    }
    lua_pushinteger(L, static_cast<lua_Integer>(id.value())); // ... id
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
