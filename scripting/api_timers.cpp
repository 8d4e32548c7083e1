// hooks.after(d, fn), hooks.every(d, fn) -> timer with :cancel()
#include "api.h"
#include "engine.h"

namespace oh {

namespace {

// hooks.every below this would spin the clock without letting anything else happen.
constexpr double min_interval = 0.01;

int add_timer(lua_State* L, const char* what, bool repeat) {
    double d = check_duration(L, 1, what);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (repeat && d < min_interval)
        return luaL_error(L, "%s: the interval must be at least 10ms, got %f s", what, d);
    Script& s = Script::of(L);
    // Refused before luaL_ref, whose growing registry would otherwise hit the cap first.
    if (!s.memory().fits(bookkeeping::timer))
        return luaL_error(L, "%s: %s", what, s.memory_cap_message().c_str());
    lua_settop(L, 2);                               // d fn
    const int ref = luaL_ref(L, LUA_REGISTRYINDEX); // d
    const std::uint64_t id = s.engine().add_timer(s, ref, d, repeat ? d : 0.0);
    if (id == 0) {
        luaL_unref(L, LUA_REGISTRYINDEX, ref);
        return luaL_error(L, "%s: %s", what, s.memory_cap_message().c_str());
    }
    push_handle(L, timer_mt, id); // d timer
    return 1;
}

int hooks_after(lua_State* L) {
    return add_timer(L, "hooks.after", false);
}
int hooks_every(lua_State* L) {
    return add_timer(L, "hooks.every", true);
}

int timer_cancel(lua_State* L) {
    const std::uint64_t id = check_handle(L, 1, timer_mt);
    Script& s = Script::of(L);
    lua_pushboolean(L, s.engine().cancel_timer(s, id)); // timer cancelled?
    return 1;
}

} // namespace

void open_api_timers(lua_State* L) {
    new_handle_metatable(L, timer_mt, timer_cancel);
    lua_pushcfunction(L, hooks_after); // hooks after
    lua_setfield(L, -2, "after");      // hooks
    lua_pushcfunction(L, hooks_every); // hooks every
    lua_setfield(L, -2, "every");      // hooks
}

} // namespace oh
