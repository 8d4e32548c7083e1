// hooks.store.get(key), hooks.store.set(key, value): per script, kept across restarts.
#include "api.h"
#include "engine.h"

#include <string>

namespace oh {

namespace {

void push_value(lua_State* L, const StoreValue& v) {
    if (const bool* b = std::get_if<bool>(&v))
        lua_pushboolean(L, *b);
    else if (const auto* i = std::get_if<std::int64_t>(&v))
        lua_pushinteger(L, *i);
    else if (const double* d = std::get_if<double>(&v))
        lua_pushnumber(L, *d);
    else {
        const auto& s = std::get<std::string>(v);
        lua_pushlstring(L, s.data(), s.size());
    }
}

std::optional<StoreValue> check_value(lua_State* L, int idx) {
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TNONE:
        return std::nullopt;
    case LUA_TBOOLEAN:
        return StoreValue{lua_toboolean(L, idx) != 0};
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return StoreValue{std::int64_t{lua_tointeger(L, idx)}};
        return StoreValue{lua_tonumber(L, idx)};
    case LUA_TSTRING: {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, idx, &len);
        return StoreValue{std::string(s, len)};
    }
    default:
        luaL_error(L, "hooks.store.set: values may be strings, numbers, booleans or nil, got %s",
                   luaL_typename(L, idx));
    }
    return std::nullopt;
}

int store_get(lua_State* L) {
    std::size_t len = 0;
    const char* key = luaL_checklstring(L, 1, &len); // a byte string: NULs included
    Script& s = Script::of(L);
    if (const StoreValue* v = s.engine().store(s).get(std::string_view(key, len)))
        push_value(L, *v); // key value
    else
        lua_pushnil(L); // key nil
    return 1;
}

int store_set(lua_State* L) {
    std::size_t len = 0;
    const char* key = luaL_checklstring(L, 1, &len);
    auto value = check_value(L, 2);
    Script& s = Script::of(L);
    Store& store = s.engine().store(s);
    if (Status set = store.set(std::string(key, len), std::move(value)); !set.ok())
        return luaL_error(L, "hooks.store.set: %s", set.error().c_str());
    if (!store.notice().empty()) s.engine().log(&s, LogLevel::warn, "store: " + store.notice());
    return 0;
}

} // namespace

void open_api_store(lua_State* L) {
    static const luaL_Reg fns[] = {{"get", store_get}, {"set", store_set}, {nullptr, nullptr}};
    luaL_newlib(L, fns);          // hooks store
    lua_setfield(L, -2, "store"); // hooks
}

} // namespace oh
