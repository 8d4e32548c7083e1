// hooks.on(name, handler [, opts]) -> subscription with :cancel()
#include "api.h"

namespace oh {

namespace {

double read_on_options(lua_State* L, int idx, EventKind kind) {
    static const char* const allowed[] = {"after", nullptr};
    luaL_checktype(L, idx, LUA_TTABLE);
    check_option_names(L, idx, "hooks.on", allowed);
    lua_getfield(L, idx, "after"); // ... after
    double after = 0.0;
    if (!lua_isnil(L, -1)) {
        if (kind == EventKind::stop)
            luaL_error(L, "hooks.on: opts.after cannot delay \"stop\" (the script is unloading)");
        after = check_duration(L, -1, "hooks.on: opts.after");
    }
    lua_pop(L, 1); // ...
    return after;
}

int hooks_on(lua_State* L) {
    const char* name = luaL_checkstring(L, 1);
    const auto kind = parse_event_kind(name);
    if (!kind)
        return luaL_error(L, "hooks.on: unknown event name \"%s\" (expected one of: %s)", name,
                          event_kind_list);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    const double after = lua_isnoneornil(L, 3) ? 0.0 : read_on_options(L, 3, *kind);
    Script& s = Script::of(L);
    // Refused before luaL_ref, whose growing registry would otherwise hit the cap first.
    if (!s.memory().fits(bookkeeping::subscription))
        return luaL_error(L, "hooks.on: %s", s.memory_cap_message().c_str());
    lua_settop(L, 2);                               // name handler
    const int ref = luaL_ref(L, LUA_REGISTRYINDEX); // name
    const std::uint64_t id = s.subscribe(*kind, ref, after);
    if (id == 0) {
        luaL_unref(L, LUA_REGISTRYINDEX, ref);
        return luaL_error(L, "hooks.on: %s", s.memory_cap_message().c_str());
    }
    push_handle(L, subscription_mt, id); // name sub
    return 1;
}

int subscription_cancel(lua_State* L) {
    const std::uint64_t id = check_handle(L, 1, subscription_mt);
    lua_pushboolean(L, Script::of(L).cancel_subscription(id)); // sub cancelled?
    return 1;
}

} // namespace

void open_api_events(lua_State* L) {
    new_handle_metatable(L, subscription_mt, subscription_cancel);
    lua_pushcfunction(L, hooks_on); // hooks on
    lua_setfield(L, -2, "on");      // hooks
}

} // namespace oh
