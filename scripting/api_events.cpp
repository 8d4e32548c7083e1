// hooks.on(name, handler [, opts]) -> subscription with :cancel()
// opts: { after = duration, reason = "network" | {"user", "network"} }
#include "api.h"
#include "json.h"

#include <string>
#include <string_view>

namespace oh {

namespace {

constexpr const char* reason_list = "user, network, script, unknown";

struct OnOptions {
    double after = 0.0;
    ReasonMask reasons = 0; // 0: every reason
};

// The reason named by the string at `idx`; raises naming `what` and the accepted names.
ReasonMask check_reason(lua_State* L, int idx, const char* what) {
    if (lua_type(L, idx) != LUA_TSTRING)
        luaL_error(L, "hooks.on: %s: expected a reason (one of: %s) or a list of them, got %s",
                   what, reason_list, luaL_typename(L, idx));
    std::size_t len = 0;
    const char* name = lua_tolstring(L, idx, &len);
    // The whole string: "user\0..." is not "user".
    const auto reason = parse_reason(std::string_view(name, len));
    if (!reason)
        luaL_error(L, "hooks.on: %s: unknown reason %s (expected one of: %s)", what,
                   json_quote_short(std::string_view(name, len)).c_str(), reason_list);
    return reason_bit(*reason);
}

// opts.reason at `idx`: a reason, or a non-empty list of them.
ReasonMask check_reasons(lua_State* L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return check_reason(L, idx, "opts.reason");
    idx = lua_absindex(L, idx);
    const lua_Unsigned n = lua_rawlen(L, idx);
    if (n == 0)
        luaL_error(L, "hooks.on: opts.reason: the list is empty, so no event would match "
                      "(expected a list such as {\"user\", \"network\"})");
    ReasonMask mask = 0;
    for (lua_Unsigned i = 1; i <= n; ++i) {
        lua_rawgeti(L, idx, static_cast<lua_Integer>(i)); // ... reason
        const std::string what = "opts.reason[" + std::to_string(i) + "]";
        mask |= check_reason(L, -1, what.c_str());
        lua_pop(L, 1); // ...
    }
    return mask;
}

OnOptions read_on_options(lua_State* L, int idx, EventKind kind) {
    static const char* const allowed[] = {"after", "reason", nullptr};
    luaL_checktype(L, idx, LUA_TTABLE);
    check_option_names(L, idx, "hooks.on", allowed);
    OnOptions opts;
    lua_getfield(L, idx, "after"); // ... after
    if (!lua_isnil(L, -1)) {
        if (kind == EventKind::stop)
            luaL_error(L, "hooks.on: opts.after cannot delay \"stop\" (the script is unloading)");
        opts.after = check_duration(L, -1, "hooks.on: opts.after");
    }
    lua_pop(L, 1);                  // ...
    lua_getfield(L, idx, "reason"); // ... reason
    if (!lua_isnil(L, -1)) opts.reasons = check_reasons(L, -1);
    lua_pop(L, 1); // ...
    return opts;
}

int hooks_on(lua_State* L) {
    std::size_t len = 0;
    const char* name = luaL_checklstring(L, 1, &len);
    // The whole string, NUL bytes included: "offline\0x" is no event name.
    const auto kind = parse_event_kind(std::string_view(name, len));
    if (!kind)
        return luaL_error(L, "hooks.on: unknown event name %s (expected one of: %s)",
                          json_quote_short(std::string_view(name, len)).c_str(), event_kind_list);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    const OnOptions opts = lua_isnoneornil(L, 3) ? OnOptions{} : read_on_options(L, 3, *kind);
    Script& s = Script::of(L);
    // Refused before luaL_ref, whose growing registry would otherwise hit the cap first.
    if (!s.memory().fits(bookkeeping::subscription))
        return luaL_error(L, "hooks.on: %s", s.memory_cap_message().c_str());
    lua_settop(L, 2);                               // name handler
    const int ref = luaL_ref(L, LUA_REGISTRYINDEX); // name
    const std::uint64_t id = s.subscribe(*kind, ref, opts.after, opts.reasons);
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
