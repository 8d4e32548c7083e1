// Opens the sandboxed libraries; removes what scripts may not use, and wraps what must be
// bounded. Loading files is in sandbox_files.cpp, time and memory bounds in
// sandbox_limits.cpp.
#include "sandbox.h"

#include "engine.h"
#include "long_path.h"
#include "pattern_meter.h"
#include "sandbox_internal.h"
#include "script.h"
#include "text_file.h"

#include <cmath>
#include <cstring>
#include <string>

namespace oh {

namespace sandbox {

void budget_tick(lua_State* L) {
    Script::of(L).check_budget(L);
}

// Lua names a C function in "bad argument" errors from the call site or, called from C as
// the originals are from their wrappers, by looking it up in the registry's LOADED table
// ("table.move"). So the original is kept there under its public name: nothing a script can
// reach (package.loaded is a table of its own) hands it out.
void name_original(lua_State* L, const char* lib, const char* name) {
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);     // orig LOADED
    lua_pushvalue(L, -2);                                         // orig LOADED orig
    lua_setfield(L, -2, (std::string(lib) + "." + name).c_str()); // orig LOADED
    lua_pop(L, 1);                                                // orig
}

void wrap_field(lua_State* L, int table, const char* lib, const char* name, lua_CFunction fn) {
    lua_getfield(L, table, name); // orig
    name_original(L, lib, name);
    lua_pushcclosure(L, fn, 1);   // wrapper
    lua_setfield(L, table, name); // (empty)
}

namespace {

// Whether `msg` already starts with a position, "<chunk>:<line>:", as errors raised in Lua
// code do. Errors a library function raises in C have none.
bool has_position(const char* msg) {
    for (const char* p = std::strchr(msg, ':'); p; p = std::strchr(p + 1, ':')) {
        const char* q = p + 1;
        while (*q >= '0' && *q <= '9') ++q;
        if (q > p + 1 && *q == ':') return true;
        if (p - msg > 1024) break; // past any chunk name Lua makes
    }
    return false;
}

} // namespace

// The original runs protected, so that its errors can be given the position of the script's
// call: Lua takes the position of an error raised in C from the function one level up, which
// is the wrapper here, where plain Lua has the script's line ("a.lua:3: bad argument #2 to
// 'insert'"). Out of memory is raised again as such a string; Script names the cap for it.
int call_original(lua_State* L) {
    lua_pushvalue(L, lua_upvalueindex(1));                              // args... orig
    lua_insert(L, 1);                                                   // orig args...
    const int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0); // results... | err
    if (status == LUA_OK) return lua_gettop(L);
    const char* msg = lua_tostring(L, -1);
    if (status == LUA_ERRRUN && lua_type(L, -1) == LUA_TSTRING && !has_position(msg)) {
        luaL_where(L, 1);  // err where
        lua_insert(L, -2); // where err
        lua_concat(L, 2);  // "file:line: err"
    }
    return lua_error(L);
}

} // namespace sandbox

namespace {

using sandbox::wrap_field;

void remove_field(lua_State* L, int table, const char* name) {
    lua_pushnil(L);               // nil
    lua_setfield(L, table, name); // (empty)
}

// The string and table libraries are Lua's own, compiled with a step meter (pattern_meter.h,
// oh_ltablib_step), so that a pattern that backtracks for ages, or a table.move over 10^9
// elements, stops at the script's budget.
void open_libraries(lua_State* L) {
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_STRLIBNAME, oh_luaopen_string_metered},
                                    {LUA_TABLIBNAME, oh_luaopen_table_metered},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {LUA_COLIBNAME, luaopen_coroutine},
                                    {LUA_OSLIBNAME, luaopen_os}};
    for (const auto& lib : libs) {
        luaL_requiref(L, lib.name, lib.func, 1); // lib
        lua_pop(L, 1);                           // (empty)
    }
}

// os.time([t]): with no table, the host's clock (virtual in the fake host).
int sandbox_os_time(lua_State* L) {
    if (!lua_isnoneornil(L, 1)) return sandbox::call_original(L);
    lua_pushinteger(
        L, static_cast<lua_Integer>(std::floor(Script::of(L).engine().clock().unix_time())));
    return 1;
}

void restrict_os(lua_State* L) {
    lua_getglobal(L, LUA_OSLIBNAME); // os
    const int t = lua_gettop(L);
    for (const char* name : {"execute", "exit", "remove", "rename", "tmpname", "setlocale"})
        remove_field(L, t, name);
    wrap_field(L, t, LUA_OSLIBNAME, "time", sandbox_os_time);
    lua_pop(L, 1); // (empty)
}

void restrict_string(lua_State* L) {
    lua_getglobal(L, LUA_STRLIBNAME); // string
    const int t = lua_gettop(L);
    remove_field(L, t, "dump");
    set_pattern_tick(L, sandbox::budget_tick);
    lua_pop(L, 1); // (empty)
}

} // namespace

void open_sandbox(lua_State* L) {
    open_libraries(L);
    sandbox::restrict_loading(L);
    restrict_string(L);
    restrict_os(L);
    sandbox::bound_slow_functions(L);
}

} // namespace oh
